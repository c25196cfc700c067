// Talkover as the mock serves it: GET /api/v1/calls with a `success`
// envelope and a `pagination` (or, with --talkover-meta, `meta`) paginator,
// its validation and error bodies, and GET /api/v1/health without a token.

#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"

#include <callbridge/json_text.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock::talkover {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 5> agent_names{"Sales Assistant", "Support Line", "Receptionist",
                                                      "Renewals Bot", "Survey Caller"};

constexpr std::array<std::pair<std::string_view, unsigned>, 11> statuses{{
    {"completed", 45}, {"answered", 8}, {"in-progress", 4}, {"no-answer", 10}, {"busy", 7}, {"failed", 6},
    {"initiated", 4}, {"ringing", 4}, {"queued", 5}, {"scheduled", 5}, {"voicemail", 2},
}};

constexpr std::array<std::string_view, 7> status_filter_words{"initiated", "ringing", "answered", "completed",
                                                              "failed",    "busy",    "no-answer"};

std::string_view weighted(unsigned roll) {
    for (const auto& [word, weight] : statuses) {
        if (roll < weight) return word;
        roll -= weight;
    }
    return statuses.front().first;
}

ServerReply validation(const std::vector<std::pair<std::string, std::string>>& errors) {
    boost::json::object fields;
    for (const auto& [field, message] : errors) fields[field] = boost::json::array{boost::json::value(message)};
    return ServerReply::json(422, json_text(boost::json::object{
                                      {"success", false}, {"message", "The given data was invalid."}, {"errors", fields}}));
}

std::vector<std::pair<std::string, std::string>> validate(const ServerRequest& r) {
    std::vector<std::pair<std::string, std::string>> errors;
    if (auto v = r.param("status");
        v && std::find(status_filter_words.begin(), status_filter_words.end(), *v) == status_filter_words.end())
        errors.emplace_back("status", "The selected status is invalid.");
    if (auto v = r.param("direction"); v && *v != "inbound" && *v != "outbound")
        errors.emplace_back("direction", "The selected direction is invalid.");
    if (auto v = r.param("date_from"); v && !parse_date(*v))
        errors.emplace_back("date_from", "The date from must be a valid date.");
    if (auto v = r.param("date_to"); v && !parse_date(*v))
        errors.emplace_back("date_to", "The date to must be a valid date.");
    if (auto v = r.param("per_page"); v && (!integer(*v) || *integer(*v) < 1 || *integer(*v) > 100))
        errors.emplace_back("per_page", "The per page may not be greater than 100.");
    if (auto v = r.param("page"); v && (!integer(*v) || *integer(*v) < 1))
        errors.emplace_back("page", "The page must be at least 1.");
    return errors;
}

struct Filter {
    std::optional<std::string> status, direction, agent_id, search, date_from, date_to;

    explicit Filter(const ServerRequest& r)
        : status(r.param("status")),
          direction(r.param("direction")),
          agent_id(r.param("agent_id")),
          search(r.param("search")),
          date_from(r.param("date_from")),
          date_to(r.param("date_to")) {}

    [[nodiscard]] bool matches(const MockCall& call) const {
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
        if (!date_from && !date_to) return true;
        const std::string day = format_rfc3339(call.created_at).substr(0, 10);
        return (!date_from || day >= *date_from) && (!date_to || day <= *date_to);
    }
};

std::string number_or_null(bool present, std::uint64_t value) { return present ? std::to_string(value) : "null"; }

std::string talkover_page(std::span<const MockCall* const> calls, std::uint32_t page, std::uint32_t per_page, bool meta) {
    const auto total = calls.size();
    const std::uint64_t last_page = std::max<std::uint64_t>(1, (total + per_page - 1) / per_page);
    const std::size_t begin = std::min<std::size_t>(total, static_cast<std::size_t>(page - 1) * per_page);
    const std::size_t end = std::min<std::size_t>(total, begin + per_page);
    const bool empty = begin == end;
    std::string out = "{\"success\":true,\"data\":[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i != begin) out += ',';
        append_json_text(out, calls[i]->wire);
    }
    out += ']';
    if (meta) {
        out += ",\"meta\":{\"current_page\":" + std::to_string(page) + ",\"per_page\":" + std::to_string(per_page) +
               ",\"total\":" + std::to_string(total) + ",\"last_page\":" + std::to_string(last_page) + "}}";
        return out;
    }
    out += ",\"pagination\":{\"current_page\":" + std::to_string(page) + ",\"last_page\":" + std::to_string(last_page) +
           ",\"per_page\":" + std::to_string(per_page) + ",\"total\":" + std::to_string(total) +
           ",\"from\":" + number_or_null(!empty, begin + 1) + ",\"to\":" + number_or_null(!empty, end) + "}}";
    return out;
}

class TalkoverModule final : public VendorModule {
public:
    std::string_view name() const noexcept override { return "talkover"; }
    bool serves(const ServerRequest& request) const override { return request.path.starts_with("/api/v1/"); }
    bool is_list_request(const ServerRequest& request) const override { return request.path == "/api/v1/calls"; }
    bool needs_credential(const ServerRequest& request) const override { return request.path != "/api/v1/health"; }
    std::string credential(const ServerRequest& request) const override { return bearer_token(request); }

    std::optional<ServerReply> other(const ServerRequest& request, std::span<const MockCall>) const override {
        if (request.path == "/api/v1/health") return ServerReply::json(200, R"({"status":"ok"})");
        return std::nullopt;
    }

    MockCall make_call(std::size_t serial, sys_seconds created_at, Random& random) const override {
        MockCall call;
        call.created_at = created_at;
        auto& o = call.wire;
        auto phone = [&](bool romanian) {
            std::string number = romanian ? "+4072" : "+1202555";
            for (int i = 0; i < (romanian ? 7 : 4); ++i) number += static_cast<char>('0' + random.below(10));
            return number;
        };
        const std::int64_t duration = static_cast<std::int64_t>(5 + random.below(600));
        const sys_seconds updated = created_at + seconds(duration + static_cast<std::int64_t>(random.below(30)));
        char id[40];
        std::snprintf(id, sizeof id, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                      static_cast<unsigned long long>(random.next() & 0xffffffff),
                      static_cast<unsigned long long>(serial & 0xffff),
                      static_cast<unsigned long long>(random.below(0x1000)),
                      static_cast<unsigned long long>(random.below(0x1000)), static_cast<unsigned long long>(serial));
        const bool inbound = random.chance(35);
        const std::string agent_line = "+1415555" + std::to_string(1000 + random.below(9000));
        const std::string customer = phone(random.chance(50));
        const std::string_view status = weighted(static_cast<unsigned>(random.below(100)));
        char sid[40];
        std::snprintf(sid, sizeof sid, "CA%016llx%016llx", static_cast<unsigned long long>(random.next()),
                      static_cast<unsigned long long>(random.next()));
        o["id"] = id;
        o["sid"] = random.chance(3) ? boost::json::value(nullptr) : boost::json::value(sid);
        o["to"] = inbound ? agent_line : customer;
        o["to_formatted"] = inbound ? agent_line : customer;
        o["from"] = inbound ? customer : agent_line;
        o["from_formatted"] = inbound ? customer : agent_line;
        o["is_testing"] = random.chance(5);
        o["direction"] = inbound ? "inbound" : "outbound";
        o["status"] = status;
        o["duration"] = status == "completed" ? boost::json::value(duration)
                        : random.chance(50)   ? boost::json::value(nullptr)
                                              : boost::json::value(0);
        const auto agent = random.below(4);
        if (random.chance(4))
            o["agent"] = nullptr;
        else
            o["agent"] = {{"id", "agent-uuid-" + std::to_string(agent + 1)},
                          {"name", std::string(agent_names[agent])},
                          {"label", random.chance(20) ? boost::json::value(nullptr)
                                                      : boost::json::value(std::string(agent_names[agent]) + " Label")}};
        o["created_at"] = iso_time(created_at, random.chance(30) ? static_cast<unsigned>(random.below(1000000)) : 0);
        o["updated_at"] = iso_time(updated, 0);
        return call;
    }

    std::vector<MockCall> calls_from_page(std::string_view body) const override {
        return calls_of_list_body(body, "data", [](const boost::json::object& call) {
            return parse_vendor_timestamp(string_of(call, "created_at"), TimeZone());
        });
    }

    ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                     const MockOptions& options) const override {
        if (request.method != "GET")
            return ServerReply::json(405, R"({"success":false,"message":"Method not allowed."})");
        if (const auto errors = validate(request); !errors.empty()) return validation(errors);
        const Filter filter(request);
        std::vector<const MockCall*> matching;
        matching.reserve(calls.size());
        for (const MockCall* call : calls)
            if (filter.matches(*call)) matching.push_back(call);
        const auto page = static_cast<std::uint32_t>(integer(request.param("page").value_or("1")).value_or(1));
        const auto per_page = static_cast<std::uint32_t>(integer(request.param("per_page").value_or("20")).value_or(20));
        return ServerReply::json(200, talkover_page(matching, page, per_page, options.talkover_meta));
    }

    std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                          const MockOptions& options) const override {
        return talkover_page(matching, which.page, which.per_page, options.talkover_meta);
    }

    ServerReply unauthorized(const ServerRequest&) const override {
        return ServerReply::json(401, R"({"success":false,"message":"Unauthorized"})");
    }
    ServerReply rate_limited(seconds reset_in) const override {
        return ServerReply::json(429, R"({"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded","details":{"retry_after":)" +
                                          std::to_string(reset_in.count()) + "}}}");
    }
    ServerReply server_error() const override {
        return ServerReply::json(500, R"({"success":false,"message":"Internal server error."})");
    }
};

}  // namespace

void add_modules(std::vector<std::unique_ptr<VendorModule>>& modules) {
    modules.push_back(std::make_unique<TalkoverModule>());
}

}  // namespace callbridge::mock::talkover
