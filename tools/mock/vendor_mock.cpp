#include "mock/vendor_mock.hpp"

#include <algorithm>

namespace callbridge::mock {

using namespace std::chrono;

VendorMock::VendorMock(MockOptions options) : options_(std::move(options)) {
    unsigned stagger = 0;
    for (const auto& module : vendor_modules())
        data_.emplace(std::string(module->name()), Dataset(*module, options_.calls, options_.seed, stagger++));
    for (auto& [vendor, body] : options_.calls_from) {
        const VendorModule* module = find_module(vendor);
        if (module == nullptr) throw std::runtime_error("the mock serves no vendor '" + vendor + "'");
        data_.insert_or_assign(vendor, Dataset(*module, module->calls_from_page(body)));
    }
}

std::vector<MockCall> VendorMock::calls(std::string_view vendor) const {
    std::lock_guard lock(mutex_);
    const auto found = data_.find(vendor);
    if (found == data_.end()) throw std::out_of_range("the mock serves no vendor '" + std::string(vendor) + "'");
    return found->second.calls();
}

std::uint64_t VendorMock::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

ServerReply VendorMock::handle(const ServerRequest& request) {
    std::lock_guard lock(mutex_);
    ++requests_;
    const auto found = std::find_if(vendor_modules().begin(), vendor_modules().end(),
                                    [&](const auto& module) { return module->serves(request); });
    ServerReply reply;
    if (found == vendor_modules().end()) {
        reply = ServerReply::json(404, R"({"message":"Not Found"})");
    } else {
        const VendorModule& module = **found;
        const std::string credential = module.credential(request);
        const bool accepted = !credential.empty() && (options_.tokens.empty() ||
                                                      std::find(options_.tokens.begin(), options_.tokens.end(),
                                                                credential) != options_.tokens.end());
        const Dataset& data = data_.find(module.name())->second;
        if (module.needs_credential(request) && !accepted)
            reply = module.unauthorized(request);
        else if (module.is_list_request(request))
            reply = list_calls(module, request);
        else if (auto other = module.other(request, data.calls()))
            reply = std::move(*other);
        else
            reply = ServerReply::json(404, R"({"message":"Not Found"})");
    }
    reply.delay = options_.latency;
    return reply;
}

std::optional<ServerReply> VendorMock::check_rate_limit(const VendorModule& module) {
    if (!options_.rate_limit) return std::nullopt;
    auto& window = windows_[std::string(module.name())];
    const auto now = steady_clock::now();
    if (window.used == 0 || now - window.start >= options_.rate_window) {
        window.start = now;
        window.used = 0;
    }
    const auto reset_in = duration_cast<seconds>(options_.rate_window - (now - window.start)) + seconds(1);
    const auto reset_at = duration_cast<seconds>(system_clock::now().time_since_epoch()) + reset_in;
    if (window.used < *options_.rate_limit) {
        ++window.used;
        return std::nullopt;
    }
    ServerReply reply = module.rate_limited(reset_in);
    if (options_.retry_after_header) reply.headers.push_back({"Retry-After", std::to_string(reset_in.count())});
    reply.headers.push_back({"X-RateLimit-Limit", std::to_string(*options_.rate_limit)});
    reply.headers.push_back({"X-RateLimit-Remaining", "0"});
    reply.headers.push_back({"X-RateLimit-Reset", std::to_string(reset_at.count())});
    return reply;
}

ServerReply VendorMock::list_calls(const VendorModule& module, const ServerRequest& request) {
    if (auto limited = check_rate_limit(module)) return *limited;
    ++list_requests_;
    if (options_.fail_every != 0 && list_requests_ % options_.fail_every == 0) return module.server_error();

    Dataset& data = data_.find(module.name())->second;
    std::vector<const MockCall*> in_order;
    in_order.reserve(data.calls().size());
    for (const MockCall& call : data.calls()) in_order.push_back(&call);
    if (options_.oldest_first) std::reverse(in_order.begin(), in_order.end());
    ServerReply reply = module.list(request, in_order, options_);
    if (reply.status != 200) return reply;  // a refused request creates no calls

    if (options_.rate_limit) {
        const auto& window = windows_[std::string(module.name())];
        reply.headers.push_back({"X-RateLimit-Limit", std::to_string(*options_.rate_limit)});
        reply.headers.push_back({"X-RateLimit-Remaining", std::to_string(*options_.rate_limit - window.used)});
    }
    if (options_.cut_every != 0 && list_requests_ % options_.cut_every == 0) reply.fault = ServerReply::Fault::cut_mid_body;
    // Calls placed while someone pages through the list.
    for (std::uint32_t i = 0; i < options_.insert_per_page; ++i) data.add_newer_call();
    return reply;
}

}  // namespace callbridge::mock
