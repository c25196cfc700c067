// Vapi as the mock serves it: GET /call, a bare JSON array of at most
// `limit` calls (default 100, at most 1000), filtered by id, assistantId,
// phoneNumberId and the createdAt/updatedAt operators (Gt, Ge, Lt, Le) to the
// millisecond; no paging on the wire. GET /call/{id} returns one call. Errors
// in NestJS's shape ({message, error, statusCode}).

#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"

#include <callbridge/json_text.hpp>
#include <callbridge/kit/values.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock::vapi {
namespace {

using namespace std::chrono;

constexpr std::array<std::pair<std::string_view, unsigned>, 4> types{{
    {"outboundPhoneCall", 50}, {"inboundPhoneCall", 30}, {"webCall", 15}, {"vapi.websocketCall", 5}}};

constexpr std::array<std::pair<std::string_view, unsigned>, 8> statuses{{
    {"ended", 80}, {"in-progress", 5}, {"queued", 3}, {"scheduled", 2}, {"ringing", 3}, {"forwarding", 2},
    {"not-found", 3}, {"deletion-failed", 2}}};

constexpr std::array<std::pair<std::string_view, unsigned>, 10> reasons{{
    {"customer-ended-call", 30}, {"assistant-ended-call", 15}, {"assistant-said-end-call-phrase", 5},
    {"silence-timed-out", 10}, {"customer-busy", 8}, {"customer-did-not-answer", 10}, {"manually-canceled", 4},
    {"pipeline-error-openai-llm-failed", 5}, {"call.start.error-get-org", 3}, {"voicemail", 10}}};

constexpr std::array<std::string_view, 4> assistants{
    "3b8f1e6a-2d4c-4e7b-9a1f-0c5d6e7f8a9b", "7c2d9e10-4b5a-4c3d-8e2f-1a0b9c8d7e6f",
    "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"};

template <std::size_t N>
std::string_view weighted(const std::array<std::pair<std::string_view, unsigned>, N>& table, unsigned roll) {
    unsigned total = 0;
    for (const auto& entry : table) total += entry.second;
    roll %= total;
    for (const auto& [word, weight] : table) {
        if (roll < weight) return word;
        roll -= weight;
    }
    return table.front().first;
}

std::string iso_millis(std::int64_t millis) {
    const std::string text = format_rfc3339(Timestamp(seconds(millis / 1000)));
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis % 1000));
    return text.substr(0, text.size() - 1) + fraction;
}

ServerReply nest_error(int status, boost::json::value message, std::string_view error) {
    return ServerReply::json(status, json_text(boost::json::object{
                                         {"message", std::move(message)}, {"error", error}, {"statusCode", status}}));
}

std::int64_t millis_of(const MockCall& call, std::string_view member) {
    return kit::read_epoch_milliseconds(string_of(call.wire, member)).value_or(0);
}

// The createdAt/updatedAt operators of a request, checked.
struct TimeFilter {
    std::string member;  // createdAt, updatedAt
    std::optional<std::int64_t> gt, ge, lt, le;
    [[nodiscard]] bool matches(std::int64_t at) const {
        return (!gt || at > *gt) && (!ge || at >= *ge) && (!lt || at < *lt) && (!le || at <= *le);
    }
};

struct Query {
    std::optional<std::string> id, assistant_id, phone_number_id;
    TimeFilter created{"createdAt", {}, {}, {}, {}}, updated{"updatedAt", {}, {}, {}, {}};
    std::int64_t limit = 100;
    boost::json::array errors;

    explicit Query(const ServerRequest& r)
        : id(r.param("id")), assistant_id(r.param("assistantId")), phone_number_id(r.param("phoneNumberId")) {
        for (TimeFilter* f : {&created, &updated})
            for (const auto& [op, bound] : {std::pair{"Gt", &f->gt}, std::pair{"Ge", &f->ge}, std::pair{"Lt", &f->lt},
                                            std::pair{"Le", &f->le}}) {
                const std::string name = f->member + op;
                const auto value = r.param(name);
                if (!value) continue;
                *bound = kit::read_epoch_milliseconds(*value);
                if (!*bound) errors.emplace_back(name + " must be a valid ISO 8601 date string");
            }
        if (const auto v = r.param("limit")) {
            const auto n = integer(*v);
            if (!n) errors.emplace_back("limit must be a number conforming to the specified constraints");
            else if (*n < 0) errors.emplace_back("limit must not be less than 0");
            else if (*n > 1000) errors.emplace_back("limit must not be greater than 1000");
            else limit = *n;
        }
    }

    [[nodiscard]] bool matches(const MockCall& call) const {
        const auto& o = call.wire;
        if (id && string_of(o, "id") != *id) return false;
        if (assistant_id && string_of(o, "assistantId") != *assistant_id) return false;
        if (phone_number_id && string_of(o, "phoneNumberId") != *phone_number_id) return false;
        return created.matches(millis_of(call, "createdAt")) && updated.matches(millis_of(call, "updatedAt"));
    }
};

// Newest first by createdAt to the millisecond (Vapi documents no order);
// calls of one millisecond as the mock holds them.
std::vector<const MockCall*> in_vapi_order(std::span<const MockCall* const> calls, bool oldest_first) {
    std::vector<const MockCall*> out(calls.begin(), calls.end());
    std::stable_sort(out.begin(), out.end(), [&](const MockCall* a, const MockCall* b) {
        return oldest_first ? millis_of(*a, "createdAt") < millis_of(*b, "createdAt")
                            : millis_of(*a, "createdAt") > millis_of(*b, "createdAt");
    });
    return out;
}

std::string array_of(std::span<const MockCall* const> calls, std::size_t begin, std::size_t end) {
    std::string out = "[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i != begin) out += ',';
        append_json_text(out, calls[i]->wire);
    }
    return out + "]";
}

class VapiModule final : public VendorModule {
public:
    std::string_view name() const noexcept override { return "vapi"; }
    bool serves(const ServerRequest& request) const override {
        return request.path == "/call" || request.path.starts_with("/call/");
    }
    bool is_list_request(const ServerRequest& request) const override { return request.path == "/call"; }
    std::string credential(const ServerRequest& request) const override { return bearer_token(request); }

    std::optional<ServerReply> other(const ServerRequest& request, std::span<const MockCall> calls) const override {
        if (request.method != "GET") return std::nullopt;
        const std::string_view id = std::string_view(request.path).substr(6);
        for (const MockCall& call : calls)
            if (string_of(call.wire, "id") == id) return ServerReply::json(200, json_text(call.wire));
        return nest_error(404, "Not Found", "Not Found");
    }

    MockCall make_call(std::size_t serial, sys_seconds created_at, Random& random) const override {
        MockCall call;
        call.created_at = created_at;
        auto& o = call.wire;
        const std::int64_t created = std::int64_t{created_at.time_since_epoch().count()} * 1000 +
                                     static_cast<std::int64_t>(random.below(1000));
        char id[40];
        std::snprintf(id, sizeof id, "%08llx-%04llx-7%03llx-9%03llx-%012llx",
                      static_cast<unsigned long long>(random.next() & 0xffffffff),
                      static_cast<unsigned long long>(serial & 0xffff),
                      static_cast<unsigned long long>(random.below(0x1000)),
                      static_cast<unsigned long long>(random.below(0x1000)), static_cast<unsigned long long>(serial));
        const std::string_view type = weighted(types, static_cast<unsigned>(random.below(100)));
        const std::string_view status = weighted(statuses, static_cast<unsigned>(random.below(100)));
        o["id"] = id;
        o["orgId"] = "6f1d2c3b-8a9e-4f10-b2c3-d4e5f6a7b8c9";
        o["createdAt"] = iso_millis(created);
        o["type"] = type;
        o["status"] = status;
        o["assistantId"] = assistants[random.below(assistants.size())];
        const bool phone = type.ends_with("PhoneCall");
        if (phone) {
            o["phoneNumberId"] = "c6ea6cb0-0dfb-4a65-918f-6a33abb54b6" + std::to_string(random.below(3));
            std::string number = "+1415555";
            for (int i = 0; i < 4; ++i) number += static_cast<char>('0' + random.below(10));
            o["customer"] = {{"number", number}};
            char sid[40];
            std::snprintf(sid, sizeof sid, "CA%016llx%016llx", static_cast<unsigned long long>(random.next()),
                          static_cast<unsigned long long>(random.next()));
            if (random.chance(70)) o["transport"] = {{"provider", "twilio"}, {"callSid", sid}};
            else o["phoneCallProviderId"] = sid;  // deprecated, still sent by older calls
            o["phoneCallTransport"] = "pstn";
        }
        std::int64_t updated = created + 500;
        if (status != "scheduled" && status != "queued") {
            const std::int64_t started = created + 300 + static_cast<std::int64_t>(random.below(4000));
            o["startedAt"] = iso_millis(started);
            updated = started + 200;
            if (status == "ended") {
                const std::int64_t ended = started + static_cast<std::int64_t>(random.below(600'000));
                o["endedAt"] = iso_millis(ended);
                o["endedReason"] = weighted(reasons, static_cast<unsigned>(random.below(100)));
                updated = ended + 1000 + static_cast<std::int64_t>(random.below(30'000));
                const auto tenths = static_cast<std::int64_t>(random.below(5000));
                o["cost"] = static_cast<double>(tenths) / 10000.0;
                o["costBreakdown"] = {{"transport", static_cast<double>(tenths / 7) / 10000.0},
                                      {"total", static_cast<double>(tenths) / 10000.0}};
                o["analysis"] = {{"summary", "Call " + std::to_string(serial) + " summarised."},
                                 {"successEvaluation", random.chance(60) ? "true" : "false"}};
                o["artifact"] = {{"transcript", "AI: Hello.\nUser: Hi."},
                                 {"recording", {{"mono", {{"combinedUrl", std::string("https://storage.vapi.ai/") + id + "-mono.wav"}}}}}};
            }
        }
        o["updatedAt"] = iso_millis(updated);
        return call;
    }

    std::vector<MockCall> calls_from_page(std::string_view body) const override {
        return calls_of_list_body(body, "", [](const boost::json::object& call) -> std::optional<sys_seconds> {
            const auto millis = kit::read_epoch_milliseconds(string_of(call, "createdAt"));
            if (!millis) return std::nullopt;
            return sys_seconds(seconds(*millis / 1000 - (*millis % 1000 < 0 ? 1 : 0)));
        });
    }

    ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                     const MockOptions& options) const override {
        if (request.method != "GET") return nest_error(404, boost::json::value(boost::json::string("Cannot " + request.method + " /call")), "Not Found");
        Query query(request);
        if (!query.errors.empty()) return nest_error(400, std::move(query.errors), "Bad Request");
        std::vector<const MockCall*> matching;
        for (const MockCall* call : calls)
            if (query.matches(*call)) matching.push_back(call);
        const auto ordered = in_vapi_order(matching, options.oldest_first);
        return ServerReply::json(200, array_of(ordered, 0, std::min<std::size_t>(ordered.size(), static_cast<std::size_t>(query.limit))));
    }

    std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                          const MockOptions& options) const override {
        const auto ordered = in_vapi_order(matching, options.oldest_first);
        const std::size_t begin = std::min<std::size_t>(ordered.size(), std::size_t{which.page - 1} * which.per_page);
        return array_of(ordered, begin, std::min<std::size_t>(ordered.size(), begin + which.per_page));
    }

    ServerReply unauthorized(const ServerRequest&) const override {
        return nest_error(401,
                          "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.",
                          "Unauthorized");
    }
    ServerReply rate_limited(seconds) const override {
        return ServerReply::json(429, R"({"statusCode":429,"message":"ThrottlerException: Too Many Requests"})");
    }
    ServerReply server_error() const override {
        return ServerReply::json(500, R"({"statusCode":500,"message":"Internal server error"})");
    }
};

}  // namespace

void add_modules(std::vector<std::unique_ptr<VendorModule>>& modules) {
    modules.push_back(std::make_unique<VapiModule>());
}

}  // namespace callbridge::mock::vapi
