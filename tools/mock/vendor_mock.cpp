#include "mock/vendor_mock.hpp"

#include "mock/pages.hpp"

#include <callbridge/timestamp.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

namespace callbridge::mock {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 10> autocalls_status_words{
    "initiated", "ringing", "busy", "in-progress", "ended", "completed",
    "ended_by_customer", "ended_by_assistant", "no-answer", "failed"};
constexpr std::array<std::string_view, 7> talkover_status_words{"initiated", "ringing", "answered", "completed",
                                                                "failed", "busy", "no-answer"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

std::optional<std::int64_t> integer(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

bool is_date(std::string_view text) { return parse_date(text).has_value(); }

std::string bearer_token(const ServerRequest& request) {
    const auto header = find_header(request.headers, "Authorization");
    if (!header || !header->starts_with("Bearer ")) return {};
    return std::string(header->substr(7));
}

std::string_view string_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::string utc_date(sys_seconds t) { return format_rfc3339(t).substr(0, 10); }

// Laravel's validation message: the first error, and how many more.
ServerReply laravel_validation(const std::vector<std::pair<std::string, std::string>>& errors) {
    boost::json::object fields;
    for (const auto& [field, message] : errors) fields[field] = boost::json::array{boost::json::value(message)};
    std::string message = errors.front().second;
    if (errors.size() > 1)
        message += " (and " + std::to_string(errors.size() - 1) + (errors.size() == 2 ? " more error)" : " more errors)");
    return ServerReply::json(422, boost::json::serialize(boost::json::object{{"message", message}, {"errors", fields}}));
}

ServerReply talkover_validation(const std::vector<std::pair<std::string, std::string>>& errors) {
    boost::json::object fields;
    for (const auto& [field, message] : errors) fields[field] = boost::json::array{boost::json::value(message)};
    return ServerReply::json(422, boost::json::serialize(boost::json::object{
                                      {"success", false}, {"message", "The given data was invalid."}, {"errors", fields}}));
}

std::vector<std::pair<std::string, std::string>> validate_autocalls(const ServerRequest& r) {
    std::vector<std::pair<std::string, std::string>> errors;
    if (auto v = r.param("status"); v && !one_of(autocalls_status_words, *v))
        errors.emplace_back("status", "The selected status is invalid.");
    if (auto v = r.param("type"); v && *v != "inbound" && *v != "outbound" && *v != "web")
        errors.emplace_back("type", "The selected type is invalid.");
    for (const char* field : {"assistant_id", "campaign_id"})
        if (auto v = r.param(field); v && !integer(*v))
            errors.emplace_back(field, "The " + std::string(field == std::string("assistant_id") ? "assistant id" : "campaign id") +
                                           " field must be an integer.");
    if (auto v = r.param("date_from"); v && !is_date(*v))
        errors.emplace_back("date_from", "The date from field must match the format Y-m-d.");
    if (auto v = r.param("date_to"); v && !is_date(*v))
        errors.emplace_back("date_to", "The date to field must match the format Y-m-d.");
    if (auto v = r.param("per_page")) {
        const auto n = integer(*v);
        if (!n) errors.emplace_back("per_page", "The per page field must be an integer.");
        else if (*n < 1) errors.emplace_back("per_page", "The per page field must be at least 1.");
        else if (*n > 100) errors.emplace_back("per_page", "The per page field must not be greater than 100.");
    }
    if (auto v = r.param("page"); v && (!integer(*v) || *integer(*v) < 1))
        errors.emplace_back("page", "The page field must be at least 1.");
    return errors;
}

std::vector<std::pair<std::string, std::string>> validate_talkover(const ServerRequest& r) {
    std::vector<std::pair<std::string, std::string>> errors;
    if (auto v = r.param("status"); v && !one_of(talkover_status_words, *v))
        errors.emplace_back("status", "The selected status is invalid.");
    if (auto v = r.param("direction"); v && *v != "inbound" && *v != "outbound")
        errors.emplace_back("direction", "The selected direction is invalid.");
    if (auto v = r.param("date_from"); v && !is_date(*v))
        errors.emplace_back("date_from", "The date from must be a valid date.");
    if (auto v = r.param("date_to"); v && !is_date(*v))
        errors.emplace_back("date_to", "The date to must be a valid date.");
    if (auto v = r.param("per_page"); v && (!integer(*v) || *integer(*v) < 1 || *integer(*v) > 100))
        errors.emplace_back("per_page", "The per page may not be greater than 100.");
    if (auto v = r.param("page"); v && (!integer(*v) || *integer(*v) < 1))
        errors.emplace_back("page", "The page must be at least 1.");
    return errors;
}

// A vendor's own filters, as it applies them, read once per request.
struct VendorFilter {
    std::optional<std::string> status, type, phone_number, direction, agent_id, search, date_from, date_to;
    std::optional<std::int64_t> assistant_id, campaign_id;

    explicit VendorFilter(const ServerRequest& r)
        : status(r.param("status")),
          type(r.param("type")),
          phone_number(r.param("phone_number")),
          direction(r.param("direction")),
          agent_id(r.param("agent_id")),
          search(r.param("search")),
          date_from(r.param("date_from")),
          date_to(r.param("date_to")) {
        if (auto v = r.param("assistant_id")) assistant_id = integer(*v);
        if (auto v = r.param("campaign_id")) campaign_id = integer(*v);
    }

    [[nodiscard]] bool empty() const {
        return !status && !type && !phone_number && !direction && !agent_id && !search && !date_from && !date_to &&
               !assistant_id && !campaign_id;
    }

    [[nodiscard]] bool dates_allow(std::string_view day) const {
        return (!date_from || day >= *date_from) && (!date_to || day <= *date_to);
    }

    [[nodiscard]] bool autocalls_match(const MockCall& call) const {
        const auto& o = call.wire;
        if (status && string_of(o, "status") != *status) return false;
        if (type && string_of(o, "type") != *type) return false;
        if (phone_number && string_of(o, "client_phone_number") != *phone_number) return false;
        if (assistant_id && call.assistant_id != *assistant_id) return false;
        if (campaign_id && call.campaign_id != *campaign_id) return false;
        return dates_allow(string_of(o, "created_at").substr(0, 10));  // the account's local date
    }

    [[nodiscard]] bool talkover_match(const MockCall& call) const {
        const auto& o = call.wire;
        if (status && string_of(o, "status") != *status) return false;
        if (direction && string_of(o, "direction") != *direction) return false;
        if (agent_id) {
            const auto* agent = o.if_contains("agent");
            if (agent == nullptr || !agent->is_object() || string_of(agent->get_object(), "id") != *agent_id) return false;
        }
        if (search && string_of(o, "to").find(*search) == std::string_view::npos &&
            string_of(o, "from").find(*search) == std::string_view::npos &&
            string_of(o, "sid").find(*search) == std::string_view::npos)
            return false;
        return !date_from && !date_to ? true : dates_allow(utc_date(call.created_at));
    }
};

ServerReply unauthorized(Vendor vendor, const ServerRequest& request) {
    if (vendor == Vendor::talkover) return ServerReply::json(401, R"({"success":false,"message":"Unauthorized"})");
    // Laravel answers a guest that did not ask for JSON with a login page.
    const auto accept = find_header(request.headers, "Accept");
    if (!accept || accept->find("application/json") == std::string_view::npos) {
        ServerReply reply;
        reply.status = 302;
        reply.headers = {{"Location", "/login"}, {"Content-Type", "text/html; charset=UTF-8"}};
        reply.body = "<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0;url='/login'\" />"
                     "<title>Redirecting to /login</title></head><body>Redirecting to /login.</body></html>";
        return reply;
    }
    return ServerReply::json(401, R"({"message":"Unauthenticated."})");
}

}  // namespace

std::optional<Vendor> parse_vendor(std::string_view name) {
    if (name == "autocalls") return Vendor::autocalls;
    if (name == "clickspeak") return Vendor::clickspeak;
    if (name == "talkover") return Vendor::talkover;
    return std::nullopt;
}

VendorMock::VendorMock(MockOptions options) : options_(std::move(options)) {
    for (Vendor vendor : {Vendor::autocalls, Vendor::clickspeak, Vendor::talkover})
        data_.emplace(vendor, Dataset(vendor, options_.calls, options_.seed));
    for (auto& [vendor, body] : options_.calls_from) data_.insert_or_assign(vendor, Dataset(vendor, calls_from_page(body)));
    if (!options_.request_log.empty()) {
        request_log_ = std::make_unique<std::ofstream>(options_.request_log, std::ios::app);
        if (!*request_log_) throw std::runtime_error("cannot write the request log '" + options_.request_log + "'");
    }
}

void VendorMock::add_calls(Vendor vendor, std::size_t count) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < count; ++i) data_.at(vendor).add_newer_call();
}

void VendorMock::log_request(const ServerRequest& request, const ServerReply& reply) {
    const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    boost::json::object line{{"time_ms", now},
                             {"path", request.path},
                             {"page", integer(request.param("page").value_or("1")).value_or(0)},
                             {"token", bearer_token(request).substr(0, 8)},
                             {"status", reply.status}};
    *request_log_ << boost::json::serialize(line) << '\n' << std::flush;
}

std::vector<MockCall> VendorMock::calls(Vendor vendor) const {
    std::lock_guard lock(mutex_);
    return data_.at(vendor).calls();
}

std::uint64_t VendorMock::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

ServerReply VendorMock::handle(const ServerRequest& request) {
    std::lock_guard lock(mutex_);
    ++requests_;
    ServerReply reply;
    if (request.path == "/api/v1/health") {
        reply = ServerReply::json(200, R"({"status":"ok"})");
    } else if (request.path != "/api/user/calls" && request.path != "/api/v1/calls") {
        reply = ServerReply::json(404, R"({"message":"Not Found"})");
    } else if (request.method != "GET") {
        reply = ServerReply::json(405, R"({"message":"The )" + request.method + R"( method is not supported for route )" +
                                           request.path.substr(1) + R"(. Supported methods: GET, HEAD."})");
    } else {
        const std::string token = bearer_token(request);
        const bool talkover = request.path == "/api/v1/calls";
        const Vendor vendor = talkover ? Vendor::talkover : token.starts_with("cs-") ? Vendor::clickspeak : Vendor::autocalls;
        const bool accepted = !token.empty() && (options_.tokens.empty() ||
                                                 std::find(options_.tokens.begin(), options_.tokens.end(), token) !=
                                                     options_.tokens.end());
        reply = accepted ? list_calls(vendor, request) : unauthorized(vendor, request);
    }
    reply.delay = options_.latency;
    if (request_log_) log_request(request, reply);
    return reply;
}

std::optional<ServerReply> VendorMock::check_rate_limit(Vendor vendor) {
    if (!options_.rate_limit) return std::nullopt;
    auto& window = windows_[vendor];
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
    ServerReply reply = vendor == Vendor::talkover
                            ? ServerReply::json(429, R"({"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded","details":{"retry_after":)" +
                                                         std::to_string(reset_in.count()) + "}}}")
                            : ServerReply::json(429, R"({"message":"Too Many Attempts."})");
    if (options_.retry_after_header) reply.headers.push_back({"Retry-After", std::to_string(reset_in.count())});
    reply.headers.push_back({"X-RateLimit-Limit", std::to_string(*options_.rate_limit)});
    reply.headers.push_back({"X-RateLimit-Remaining", "0"});
    reply.headers.push_back({"X-RateLimit-Reset", std::to_string(reset_at.count())});
    return reply;
}

ServerReply VendorMock::list_calls(Vendor vendor, const ServerRequest& request) {
    const bool talkover = vendor == Vendor::talkover;
    if (auto limited = check_rate_limit(vendor)) return *limited;
    ++list_requests_;
    if (options_.fail_every != 0 && list_requests_ % options_.fail_every == 0)
        return talkover ? ServerReply::json(500, R"({"success":false,"message":"Internal server error."})")
                        : ServerReply::json(500, R"({"message":"Server Error"})");

    const auto errors = talkover ? validate_talkover(request) : validate_autocalls(request);
    if (!errors.empty()) return talkover ? talkover_validation(errors) : laravel_validation(errors);

    Dataset& data = data_.at(vendor);
    const VendorFilter filter(request);
    std::vector<const MockCall*> matching;
    matching.reserve(data.calls().size());
    for (const auto& call : data.calls())
        if (filter.empty() || (talkover ? filter.talkover_match(call) : filter.autocalls_match(call)))
            matching.push_back(&call);
    if (options_.oldest_first) std::reverse(matching.begin(), matching.end());
    const auto page = static_cast<std::uint32_t>(integer(request.param("page").value_or("1")).value_or(1));
    const auto per_page =
        static_cast<std::uint32_t>(integer(request.param("per_page").value_or(talkover ? "20" : "15")).value_or(15));
    PageShape shape;
    shape.talkover_meta = options_.talkover_meta;
    const auto host = find_header(request.headers, "Host").value_or("127.0.0.1");
    shape.list_url = "https://" + std::string(host) + request.path;
    ServerReply reply = ServerReply::json(200, render_page(vendor, matching, page, per_page, shape));

    if (options_.rate_limit) {
        const auto& window = windows_[vendor];
        reply.headers.push_back({"X-RateLimit-Limit", std::to_string(*options_.rate_limit)});
        reply.headers.push_back({"X-RateLimit-Remaining", std::to_string(*options_.rate_limit - window.used)});
    }
    if (options_.cut_every != 0 && list_requests_ % options_.cut_every == 0) reply.fault = ServerReply::Fault::cut_mid_body;
    // Calls placed while someone pages through the list.
    for (std::uint32_t i = 0; i < options_.insert_per_page; ++i) data.add_newer_call();
    return reply;
}

}  // namespace callbridge::mock
