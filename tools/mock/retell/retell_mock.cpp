// Retell AI as the mock serves it: POST /v3/list-calls with a JSON body
// (filter_criteria of typed filters, sort_order, limit, an opaque
// pagination_key from the previous answer, or skip), an `items` envelope
// with has_more, {"status":"error","message"} error bodies, and
// GET /v2/get-call/{id} with the transcripts the list leaves out.

#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"

#include <callbridge/json_text.hpp>
#include <callbridge/kit/request.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock::retell {
namespace {

using namespace std::chrono;

constexpr std::string_view list_path = "/v3/list-calls";
constexpr std::string_view detail_prefix = "/v2/get-call/";

constexpr std::array<std::pair<std::string_view, std::string_view>, 3> agents{{
    {"agent_5c1e9a0b7d3f4e2a8c6b1d0e", "Inbound reception"},
    {"agent_0a7d2e4c9b1f46d8a3e5c7b9", "Outbound renewals"},
    {"agent_9f3b6d1e0c2a48e7b5d4a6c8", ""},  // no agent_name sent
}};

constexpr std::array<std::pair<std::string_view, unsigned>, 5> statuses{{
    {"ended", 72}, {"not_connected", 12}, {"ongoing", 6}, {"registered", 4}, {"error", 6},
}};

constexpr std::array<std::pair<std::string_view, unsigned>, 8> ended_reasons{{
    {"user_hangup", 40}, {"agent_hangup", 28}, {"voicemail_reached", 9}, {"call_transfer", 6},
    {"inactivity", 6},   {"max_duration_reached", 3}, {"dial_no_answer", 4},
    {"caller_went_to_the_moon", 4},  // a reason no list names: kept as sent
}};

constexpr std::array<std::string_view, 5> not_connected_reasons{"dial_no_answer", "dial_busy", "dial_failed",
                                                                "invalid_destination", "telephony_provider_unavailable"};
constexpr std::array<std::string_view, 3> error_reasons{"error_llm_websocket_open", "error_retell", "error_asr"};
constexpr std::array<std::string_view, 4> status_filter_words{"not_connected", "ongoing", "ended", "error"};

template <std::size_t N>
std::string_view weighted(const std::array<std::pair<std::string_view, unsigned>, N>& table, unsigned roll) {
    for (const auto& [word, weight] : table) {
        if (roll < weight) return word;
        roll -= weight;
    }
    return table.front().first;
}

std::int64_t millis_of(sys_seconds t) { return std::int64_t{t.time_since_epoch().count()} * 1000; }

ServerReply error_reply(int status, std::string_view message) {
    return ServerReply::json(status, json_text(boost::json::object{{"status", "error"}, {"message", message}}));
}

std::optional<std::int64_t> start_of(const MockCall& call) {
    const auto* v = call.wire.if_contains("start_timestamp");
    if (v == nullptr || !v->is_int64()) return std::nullopt;
    return v->get_int64();
}

// The opaque cursor after a call: base64 of {"last_id": ...}, as Retell's look.
std::string key_after(const MockCall& call) {
    return kit::base64(json_text(boost::json::object{{"last_id", string_of(call.wire, "call_id")}}));
}

// Retell's order: start_timestamp descending; calls not yet started last.
std::vector<const MockCall*> in_retell_order(std::span<const MockCall* const> calls, bool ascending) {
    std::vector<const MockCall*> out(calls.begin(), calls.end());
    std::stable_sort(out.begin(), out.end(), [&](const MockCall* a, const MockCall* b) {
        const auto x = start_of(*a), y = start_of(*b);
        if (!x || !y) return x.has_value() && !y.has_value();
        return ascending ? *x < *y : *x > *y;
    });
    return out;
}

std::string page_of(std::span<const MockCall* const> matching, std::size_t begin, std::size_t limit, bool total,
                    std::size_t matches) {
    const std::size_t end = std::min(matching.size(), begin + limit);
    std::string out = "{\"items\":[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i != begin) out += ',';
        append_json_text(out, matching[i]->wire);
    }
    out += "],\"has_more\":";
    out += end < matching.size() ? "true" : "false";
    // Quirk of the mock, allowed by the sheet: the last page keeps a (stale)
    // key too; only has_more ends the list.
    if (end > begin) out += ",\"pagination_key\":\"" + key_after(*matching[end - 1]) + "\"";
    if (total) out += ",\"total\":" + std::to_string(matches);
    out += '}';
    return out;
}

// One filter of filter_criteria, checked as Retell's typed filters are.
class Criteria {
public:
    // Empty when the criteria are valid; else the 400 message.
    std::string read(const boost::json::object& criteria) {
        for (const auto& member : criteria) {
            const std::string name(member.key());
            const boost::json::value& filter = member.value();
            if (name == "agent") {
                if (!filter.is_array()) return "filter_criteria.agent must be an array";
                for (const auto& a : filter.get_array()) {
                    if (!a.is_object() || !a.get_object().contains("agent_id") || !a.get_object().at("agent_id").is_string())
                        return "filter_criteria.agent[] must be {agent_id}";
                    agents_.emplace_back(a.get_object().at("agent_id").get_string());
                }
                continue;
            }
            if (!filter.is_object()) return "filter_criteria." + name + " must be a filter object";
            const auto& f = filter.get_object();
            const std::string type(string_of(f, "type")), op(string_of(f, "op"));
            const auto* value = f.if_contains("value");
            if (name == "call_status" || name == "call_type" || name == "direction" || name == "disconnection_reason") {
                if (type != "enum" || op != "in" || value == nullptr || !value->is_array())
                    return "filter_criteria." + name + " must be {type: enum, op: in, value: [...]}";
                std::vector<std::string> words;
                for (const auto& w : value->get_array()) {
                    if (!w.is_string()) return "filter_criteria." + name + ".value must hold strings";
                    words.emplace_back(w.get_string());
                }
                if (name == "call_status")
                    for (const auto& w : words)
                        if (std::find(status_filter_words.begin(), status_filter_words.end(), w) == status_filter_words.end())
                            return "filter_criteria.call_status: invalid value '" + w + "'";
                enums_.emplace_back(name, std::move(words));
            } else if (name == "start_timestamp") {
                if (type == "number" && value != nullptr && value->is_int64() &&
                    (op == "eq" || op == "ne" || op == "gt" || op == "ge" || op == "lt" || op == "le")) {
                    start_op_ = op;
                    start_lo_ = value->get_int64();
                } else if (type == "range" && op == "bt" && value != nullptr && value->is_array() &&
                           value->get_array().size() == 2 && value->get_array()[0].is_int64() &&
                           value->get_array()[1].is_int64()) {
                    start_op_ = "bt";
                    start_lo_ = value->get_array()[0].get_int64();
                    start_hi_ = value->get_array()[1].get_int64();
                } else {
                    return "filter_criteria.start_timestamp must be a number filter or a range filter of epoch milliseconds";
                }
            } else {
                return "filter_criteria." + name + " is not supported by this mock";
            }
        }
        return {};
    }

    [[nodiscard]] bool matches(const MockCall& call) const {
        const auto& o = call.wire;
        for (const auto& [name, words] : enums_)
            if (std::find(words.begin(), words.end(), string_of(o, name)) == words.end()) return false;
        if (!agents_.empty() && std::find(agents_.begin(), agents_.end(), string_of(o, "agent_id")) == agents_.end())
            return false;
        if (!start_op_.empty()) {
            const auto start = start_of(call);
            if (!start) return false;
            const std::int64_t s = *start;
            if (start_op_ == "eq" && s != start_lo_) return false;
            if (start_op_ == "ne" && s == start_lo_) return false;
            if (start_op_ == "gt" && s <= start_lo_) return false;
            if (start_op_ == "ge" && s < start_lo_) return false;
            if (start_op_ == "lt" && s >= start_lo_) return false;
            if (start_op_ == "le" && s > start_lo_) return false;
            if (start_op_ == "bt" && (s < start_lo_ || s > start_hi_)) return false;
        }
        return true;
    }

private:
    std::vector<std::pair<std::string, std::vector<std::string>>> enums_;
    std::vector<std::string> agents_;
    std::string start_op_;
    std::int64_t start_lo_ = 0, start_hi_ = 0;
};

class RetellModule final : public VendorModule {
public:
    std::string_view name() const noexcept override { return "retell"; }
    bool serves(const ServerRequest& request) const override {
        return request.path == list_path || request.path.starts_with(detail_prefix);
    }
    bool is_list_request(const ServerRequest& request) const override { return request.path == list_path; }
    std::string credential(const ServerRequest& request) const override { return bearer_token(request); }

    std::optional<ServerReply> other(const ServerRequest& request, std::span<const MockCall> calls) const override {
        if (!request.path.starts_with(detail_prefix)) return std::nullopt;
        if (request.method != "GET") return error_reply(405, "Method not allowed.");
        const std::string_view id = std::string_view(request.path).substr(detail_prefix.size());
        for (const MockCall& call : calls) {
            if (string_of(call.wire, "call_id") != id) continue;
            boost::json::object full = call.wire;
            for (const auto& [key, value] : call.hidden) full[key] = value;
            return ServerReply::json(200, json_text(full));
        }
        return error_reply(404, "Call not found.");
    }

    MockCall make_call(std::size_t serial, sys_seconds created_at, Random& random) const override {
        MockCall call;
        call.created_at = created_at;
        auto& o = call.wire;
        const bool web = random.chance(15);
        const std::string_view status = weighted(statuses, static_cast<unsigned>(random.below(100)));
        std::string_view reason;
        if (status == "ended") reason = weighted(ended_reasons, static_cast<unsigned>(random.below(100)));
        else if (status == "not_connected") reason = not_connected_reasons[random.below(not_connected_reasons.size())];
        else if (status == "error") reason = error_reasons[random.below(error_reasons.size())];
        if (web && (reason == "dial_no_answer" || status == "not_connected")) reason = "error_user_not_joined";

        char id[40];
        std::snprintf(id, sizeof id, "call_%012llx%012llx", static_cast<unsigned long long>(random.next() & 0xffffffffffff),
                      static_cast<unsigned long long>(serial));
        const auto& [agent_id, agent_name] = agents[random.below(agents.size())];
        o["call_type"] = web ? "web_call" : "phone_call";
        o["call_id"] = id;
        o["agent_id"] = agent_id;
        o["agent_version"] = static_cast<std::int64_t>(1 + random.below(5));
        if (!agent_name.empty()) o["agent_name"] = agent_name;
        if (random.chance(50)) o["agent_tag"] = nullptr;
        o["call_status"] = status;
        if (web) {
            o["access_token"] = "eyJhbGciOiJIUzI1NiJ9.mock." + std::to_string(serial);
        } else {
            const bool inbound = random.chance(40);
            const bool romanian = random.chance(50);
            std::string customer = romanian ? "+4072" : "+1202555";
            for (int i = 0; i < (romanian ? 7 : 4); ++i) customer += static_cast<char>('0' + random.below(10));
            const std::string line = "+1213555" + std::to_string(1000 + random.below(9000));
            o["direction"] = inbound ? "inbound" : "outbound";
            o["from_number"] = inbound ? customer : line;
            o["to_number"] = inbound ? line : customer;
            if (random.chance(80)) {
                char sid[40];
                std::snprintf(sid, sizeof sid, "CA%016llx%016llx", static_cast<unsigned long long>(random.next()),
                              static_cast<unsigned long long>(random.next()));
                o["telephony_identifier"] = {{"twilio_call_sid", sid}};
            }
        }
        // A call that never started has no timestamps (registered, and some
        // not connected ones): Retell lists it, callbridge does not.
        const bool started = status != "registered" && !(status == "not_connected" && random.chance(50));
        const std::int64_t start = millis_of(created_at) + static_cast<std::int64_t>(random.below(1000));
        if (started) o["start_timestamp"] = start;
        const bool over = status == "ended" || status == "error" || (status == "not_connected" && started);
        const std::int64_t duration = status == "ended" ? static_cast<std::int64_t>(4000 + random.below(600000))
                                                        : static_cast<std::int64_t>(random.below(3000));
        if (started && over) {
            o["end_timestamp"] = start + duration;
            o["duration_ms"] = duration;
        }
        if (!reason.empty()) o["disconnection_reason"] = reason;
        if (reason == "call_transfer") o["transfer_destination"] = "+14155550100";
        else if (random.chance(30)) o["transfer_destination"] = nullptr;
        if (status == "ended" && started) {
            // Cents, with fractions of a cent.
            const auto ten_thousandths = static_cast<std::int64_t>(random.below(5000000));
            const double cents = static_cast<double>(ten_thousandths) / 10000.0;
            o["call_cost"] = {{"product_costs", boost::json::array{boost::json::object{
                                                    {"product", "retell_platform"}, {"unit_price", 0.1167}, {"cost", cents}}}},
                              {"total_duration_seconds", duration / 1000},
                              {"total_duration_unit_price", 0.1167},
                              {"combined_cost", cents}};
            if (random.chance(85)) {
                const bool voicemail = reason == "voicemail_reached" || random.chance(3);
                o["call_analysis"] = {{"call_summary", "The caller asked about call " + std::to_string(serial) + "."},
                                      {"in_voicemail", voicemail},
                                      {"user_sentiment", random.chance(50) ? "Positive" : "Neutral"},
                                      {"call_successful", random.chance(70)},
                                      {"custom_analysis_data", boost::json::object{}}};
            }
            if (random.chance(90))
                o["recording_url"] = "https://retellai.s3.us-west-2.amazonaws.com/" + std::string(id) + "/recording.wav";
            if (random.chance(40)) o["collected_dynamic_variables"] = {{"first_name", "Ana"}};
        }
        o["data_storage_setting"] = "everything";
        o["metadata"] = boost::json::object{};
        // Only get-call carries the transcripts.
        if (started) {
            const std::string agent_line = "Hello, this is call " + std::to_string(serial) + ".";
            call.hidden["transcript"] = "Agent: " + agent_line + "\nUser: Thanks, bye.\n";
            call.hidden["transcript_object"] = boost::json::array{
                boost::json::object{{"role", "agent"}, {"content", agent_line}, {"words", boost::json::array{}}},
                boost::json::object{{"role", "user"}, {"content", "Thanks, bye."}, {"words", boost::json::array{}}}};
        }
        return call;
    }

    std::vector<MockCall> calls_from_page(std::string_view body) const override {
        boost::system::error_code ec;
        auto parsed = boost::json::parse(body, ec);
        auto* items = !ec && parsed.is_object() ? parsed.get_object().if_contains("items") : nullptr;
        if (items == nullptr || !items->is_array()) throw std::runtime_error("not a list response: no \"items\" array");
        std::vector<MockCall> calls;
        for (auto& element : items->get_array()) {
            if (!element.is_object()) throw std::runtime_error("a call in \"items\" is not an object");
            MockCall call;
            call.wire = std::move(element.get_object());
            if (string_of(call.wire, "call_id").empty()) throw std::runtime_error("a call has no call_id");
            // A call that never started sorts last (the epoch).
            const auto start = start_of(call);
            call.created_at = sys_seconds(seconds(start.value_or(0) / 1000));
            calls.push_back(std::move(call));
        }
        return calls;
    }

    ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                     const MockOptions&) const override {
        if (request.method != "POST") return error_reply(404, "Not Found");
        boost::json::object body;
        if (!request.body.empty()) {
            boost::system::error_code ec;
            auto parsed = boost::json::parse(request.body, ec);
            if (ec || !parsed.is_object()) return error_reply(400, "Invalid request format, please check API reference.");
            body = std::move(parsed.get_object());
        }
        for (const auto& member : body) {
            const std::string_view key = member.key();
            if (key != "filter_criteria" && key != "sort_order" && key != "limit" && key != "skip" &&
                key != "pagination_key" && key != "include_total")
                return error_reply(400, "Invalid request format, please check API reference. Unknown member " +
                                            std::string(key) + ".");
        }
        std::int64_t limit = 50, skip = 0;
        if (const auto* v = body.if_contains("limit")) {
            if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > 1000)
                return error_reply(400, "limit must be an integer from 1 to 1000.");
            limit = v->get_int64();
        }
        if (const auto* v = body.if_contains("skip")) {
            if (!v->is_int64() || v->get_int64() < 0) return error_reply(400, "skip must be a non-negative integer.");
            skip = v->get_int64();
        }
        if (body.contains("skip") && body.contains("pagination_key"))
            return error_reply(400, "skip and pagination_key cannot be used together.");
        const std::string sort(body.contains("sort_order") ? string_of(body, "sort_order") : "descending");
        if (sort != "descending" && sort != "ascending")
            return error_reply(400, "sort_order must be ascending or descending.");
        Criteria criteria;
        if (const auto* v = body.if_contains("filter_criteria")) {
            if (!v->is_object()) return error_reply(400, "filter_criteria must be an object.");
            if (std::string why = criteria.read(v->get_object()); !why.empty()) return error_reply(400, why);
        }
        const bool total = body.contains("include_total") && body.at("include_total") == true;

        std::vector<const MockCall*> matching;
        for (const MockCall* call : in_retell_order(calls, sort == "ascending"))
            if (criteria.matches(*call)) matching.push_back(call);
        std::size_t begin = static_cast<std::size_t>(skip);
        if (const auto* v = body.if_contains("pagination_key")) {
            if (!v->is_string()) return error_reply(400, "pagination_key must be a string.");
            const auto after = std::find_if(matching.begin(), matching.end(),
                                            [&](const MockCall* c) { return key_after(*c) == std::string_view(v->get_string()); });
            if (after == matching.end()) return error_reply(400, "Invalid pagination_key.");
            begin = static_cast<std::size_t>(after - matching.begin()) + 1;
        }
        begin = std::min(begin, matching.size());
        return ServerReply::json(200, page_of(matching, begin, static_cast<std::size_t>(limit), total, matching.size()));
    }

    std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                          const MockOptions&) const override {
        const auto ordered = in_retell_order(matching, false);
        const std::size_t begin = std::min<std::size_t>(ordered.size(), std::size_t{which.page - 1} * which.per_page);
        return page_of(ordered, begin, which.per_page, false, ordered.size());
    }

    ServerReply unauthorized(const ServerRequest&) const override {
        return error_reply(401, "API key is missing or invalid.");
    }
    ServerReply rate_limited(seconds) const override {
        // Retell documents no rate-limit headers; the mock's core adds its own.
        return error_reply(429, "Account rate limited, please throttle your requests.");
    }
    ServerReply server_error() const override { return error_reply(500, "An unexpected server error occurred."); }
};

}  // namespace

void add_modules(std::vector<std::unique_ptr<VendorModule>>& modules) {
    modules.push_back(std::make_unique<RetellModule>());
}

}  // namespace callbridge::mock::retell
