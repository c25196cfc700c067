// ElevenLabs Agents as the mock serves it: GET /v1/convai/conversations with
// an `xi-api-key` header, a keyset cursor (base64 of "<start>|<id>", as the
// vendor's look) with `has_more`, its filters (agent, start-time bounds in
// seconds, excluded statuses), FastAPI's 422 bodies and `detail` error
// objects, and GET /v1/convai/conversations/{id}: one conversation's details
// (transcript, metadata with phone call and cost, analysis).

#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"

#include <callbridge/json_text.hpp>
#include <callbridge/kit/request.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock::elevenlabs {
namespace {

using namespace std::chrono;

constexpr std::string_view list_path = "/v1/convai/conversations";

constexpr std::array<std::string_view, 4> agent_names{"Front desk", "Support Line", "Renewals", "Survey Caller"};

constexpr std::array<std::pair<std::string_view, unsigned>, 5> statuses{{
    {"done", 72}, {"failed", 8}, {"processing", 6}, {"in-progress", 8}, {"initiated", 6},
}};

constexpr std::array<std::string_view, 5> status_words{"initiated", "in-progress", "processing", "done", "failed"};

constexpr std::array<std::string_view, 6> sentences{
    "Hello, thanks for calling. How can I help?", "I would like to book a visit for Tuesday.",
    "Tuesday at ten works. Shall I book it?",     "Yes please.",
    "Done: you are booked for Tuesday at ten.",   "Thanks, goodbye."};

std::string_view weighted(unsigned roll) {
    for (const auto& [word, weight] : statuses) {
        if (roll < weight) return word;
        roll -= weight;
    }
    return statuses.front().first;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

std::optional<std::string> unbase64(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        unsigned bits = 0;
        int pad = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++pad;
                bits <<= 6;
                continue;
            }
            const int v = base64_value(c);
            if (v < 0 || pad != 0) return std::nullopt;
            bits = (bits << 6) | static_cast<unsigned>(v);
        }
        out += static_cast<char>((bits >> 16) & 0xff);
        if (pad < 2) out += static_cast<char>((bits >> 8) & 0xff);
        if (pad < 1) out += static_cast<char>(bits & 0xff);
    }
    return out;
}

std::string cursor_of(const MockCall& call) {
    return kit::base64(std::to_string(call.created_at.time_since_epoch().count()) + "|" +
                       std::string(string_of(call.wire, "conversation_id")));
}

// A keyset cursor: the calls after the one it names. A call no longer there
// (deleted meanwhile) is passed by its start time.
std::optional<std::size_t> position_after(std::span<const MockCall* const> calls, std::string_view cursor) {
    const auto text = unbase64(cursor);
    if (!text) return std::nullopt;
    const auto bar = text->find('|');
    if (bar == std::string::npos) return std::nullopt;
    const auto start = integer(std::string_view(*text).substr(0, bar));
    if (!start) return std::nullopt;
    const std::string_view id = std::string_view(*text).substr(bar + 1);
    for (std::size_t i = 0; i < calls.size(); ++i)
        if (string_of(calls[i]->wire, "conversation_id") == id) return i + 1;
    for (std::size_t i = 0; i < calls.size(); ++i)
        if (calls[i]->created_at.time_since_epoch().count() < *start) return i;
    return calls.size();
}

std::string page_json(std::span<const MockCall* const> calls, std::size_t begin, std::size_t size) {
    begin = std::min(begin, calls.size());
    const std::size_t end = std::min(calls.size(), begin + size);
    std::string out = "{\"conversations\":[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i != begin) out += ',';
        append_json_text(out, calls[i]->wire);
    }
    const bool more = end < calls.size();
    out += "],\"next_cursor\":";
    out += more && end > begin ? json_text(boost::json::value(cursor_of(*calls[end - 1]))) : std::string("null");
    out += ",\"has_more\":";
    out += more ? "true" : "false";
    out += '}';
    return out;
}

// FastAPI's validation answer.
ServerReply validation(const std::vector<std::pair<std::string, std::string>>& errors) {
    boost::json::array detail;
    for (const auto& [field, message] : errors)
        detail.push_back(boost::json::object{{"loc", boost::json::array{"query", field}},
                                             {"msg", message},
                                             {"type", "value_error"}});
    return ServerReply::json(422, json_text(boost::json::object{{"detail", detail}}));
}

ServerReply detail_error(int status, std::string_view code, std::string_view message) {
    return ServerReply::json(status, json_text(boost::json::object{
                                         {"detail", boost::json::object{{"status", code}, {"message", message}}}}));
}

std::vector<std::pair<std::string, std::string>> validate(const ServerRequest& r) {
    std::vector<std::pair<std::string, std::string>> errors;
    if (auto v = r.param("page_size")) {
        const auto n = integer(*v);
        if (!n) errors.emplace_back("page_size", "Input should be a valid integer, unable to parse string as an integer");
        else if (*n < 1) errors.emplace_back("page_size", "Input should be greater than or equal to 1");
        else if (*n > 100) errors.emplace_back("page_size", "Input should be less than or equal to 100");
    }
    for (const char* field : {"call_start_after_unix", "call_start_before_unix"})
        if (auto v = r.param(field); v && !integer(*v))
            errors.emplace_back(field, "Input should be a valid integer, unable to parse string as an integer");
    if (auto v = r.param("summary_mode"); v && *v != "include" && *v != "exclude")
        errors.emplace_back("summary_mode", "Input should be 'exclude' or 'include'");
    for (const auto& [key, value] : r.query)
        if (key == "exclude_statuses" &&
            std::find(status_words.begin(), status_words.end(), value) == status_words.end())
            errors.emplace_back("exclude_statuses",
                                "Input should be 'initiated', 'in-progress', 'processing', 'done' or 'failed'");
    return errors;
}

// The vendor's own filters, as it applies them.
struct Filter {
    std::optional<std::string> agent_id;
    std::optional<std::int64_t> after, before;
    std::vector<std::string> excluded;

    explicit Filter(const ServerRequest& r) : agent_id(r.param("agent_id")) {
        if (auto v = r.param("call_start_after_unix")) after = integer(*v);
        if (auto v = r.param("call_start_before_unix")) before = integer(*v);
        for (const auto& [key, value] : r.query)
            if (key == "exclude_statuses") excluded.push_back(value);
    }

    [[nodiscard]] bool matches(const MockCall& call) const {
        const auto& o = call.wire;
        if (agent_id && string_of(o, "agent_id") != *agent_id) return false;
        // The vendor does not say whether its bounds are inclusive: the mock
        // takes them strictly, so that a client that does not widen them misses calls.
        const auto start = call.created_at.time_since_epoch().count();
        if (after && !(start > *after)) return false;
        if (before && !(start < *before)) return false;
        return std::find(excluded.begin(), excluded.end(), string_of(o, "status")) == excluded.end();
    }
};

std::string hex_id(Random& random, std::size_t serial) {
    char id[40];
    std::snprintf(id, sizeof id, "%04llx%010llx%014llx", static_cast<unsigned long long>(serial & 0xffff),
                  static_cast<unsigned long long>(random.next() & 0xffffffffffULL),
                  static_cast<unsigned long long>(random.next() & 0xffffffffffffffULL));
    return id;
}

class ElevenLabsModule final : public VendorModule {
public:
    std::string_view name() const noexcept override { return "elevenlabs"; }
    bool serves(const ServerRequest& request) const override { return request.path.starts_with("/v1/convai/"); }
    bool is_list_request(const ServerRequest& request) const override { return request.path == list_path; }
    std::string credential(const ServerRequest& request) const override {
        return std::string(find_header(request.headers, "xi-api-key").value_or(""));
    }

    // One conversation's details.
    std::optional<ServerReply> other(const ServerRequest& request, std::span<const MockCall> calls) const override {
        const std::string prefix = std::string(list_path) + "/";
        if (!request.path.starts_with(prefix)) return std::nullopt;
        const std::string_view id = std::string_view(request.path).substr(prefix.size());
        if (id.empty() || id.find('/') != std::string_view::npos) return std::nullopt;
        if (request.method != "GET") return ServerReply::json(405, R"({"detail":"Method Not Allowed"})");
        for (const MockCall& call : calls) {
            if (string_of(call.wire, "conversation_id") != id) continue;
            const auto found = call.hidden.find("details");
            if (found == call.hidden.end()) break;
            return ServerReply::json(200, json_text(found->second));
        }
        return detail_error(404, "conversation_not_found", "Conversation not found");
    }

    MockCall make_call(std::size_t serial, sys_seconds created_at, Random& random) const override {
        MockCall call;
        call.created_at = created_at;
        auto& o = call.wire;
        const std::string id = "conv_" + hex_id(random, serial);
        const auto agent = random.below(agent_names.size());
        const std::string agent_id = "agent_" + std::to_string(1001 + agent) + "k3ttaq12ewp8b7qv5rfyszkz";
        const std::string_view status = weighted(static_cast<unsigned>(random.below(100)));
        const bool ended = status == "done" || status == "failed" || status == "processing";
        const bool phone = random.chance(70);
        const bool inbound = random.chance(50);
        const std::int64_t duration = status == "initiated" ? 0 : static_cast<std::int64_t>(3 + random.below(600));
        const auto turns = static_cast<std::size_t>(status == "initiated" ? 0 : 2 + random.below(sentences.size() - 1));

        o["agent_id"] = agent_id;
        o["agent_name"] = random.chance(5) ? boost::json::value(nullptr) : boost::json::value(agent_names[agent]);
        o["conversation_id"] = id;
        o["start_time_unix_secs"] = created_at.time_since_epoch().count();
        o["call_duration_secs"] = duration;
        o["message_count"] = turns;
        o["status"] = status;
        o["call_successful"] = !ended ? "unknown" : status == "failed" ? "failure" : "success";
        o["termination_reason"] = !ended ? boost::json::value(nullptr)
                                  : random.chance(20) ? boost::json::value("")
                                                      : boost::json::value("Call ended by remote party");
        if (ended && turns != 0) {
            o["transcript_summary"] = "The caller asked to book a visit.";
            o["call_summary_title"] = "Booking";
        }
        o["main_language"] = "en";
        o["conversation_initiation_source"] = phone ? (random.chance(50) ? "twilio" : "sip_trunk") : "widget";
        o["direction"] = phone ? boost::json::value(inbound ? "inbound" : "outbound") : boost::json::value(nullptr);
        o["rating"] = nullptr;

        // What only the details carry.
        boost::json::array transcript;
        for (std::size_t i = 0; i < turns; ++i) {
            boost::json::object turn{{"role", i % 2 == 0 ? "agent" : "user"},
                                     {"message", sentences[i]},
                                     {"time_in_call_secs", static_cast<std::int64_t>(i * 7)}};
            transcript.push_back(std::move(turn));
            if (i == 2)  // the agent books: a turn with a tool call and no words
                transcript.push_back(boost::json::object{{"role", "agent"},
                                                         {"message", nullptr},
                                                         {"tool_calls", boost::json::array{boost::json::object{
                                                                            {"tool_name", "book_appointment"}}}},
                                                         {"time_in_call_secs", static_cast<std::int64_t>(i * 7 + 1)}});
        }
        boost::json::object metadata{{"start_time_unix_secs", created_at.time_since_epoch().count()},
                                     {"call_duration_secs", duration},
                                     {"termination_reason", o["termination_reason"]}};
        if (ended) {
            const auto credits = static_cast<std::int64_t>(duration * 10 + random.below(50));
            metadata["cost"] = credits;
            // An invented rate: 10000 credits a dollar.
            std::string fraction = std::to_string(credits % 10000);
            fraction.insert(0, 4 - fraction.size(), '0');
            const std::string fiat = std::to_string(credits / 10000) + "." + fraction;
            metadata["cost_fiat"] = random.chance(10) ? boost::json::value(nullptr) : boost::json::parse(fiat);
        }
        if (phone) {
            std::string customer = random.chance(50) ? "+4072" : "+1202555";
            for (int i = 0, n = customer.size() == 5 ? 7 : 4; i < n; ++i)
                customer += static_cast<char>('0' + random.below(10));
            char sid[40];
            std::snprintf(sid, sizeof sid, "CA%016llx%016llx", static_cast<unsigned long long>(random.next()),
                          static_cast<unsigned long long>(random.next()));
            metadata["phone_call"] = boost::json::object{
                {"type", string_of(o, "conversation_initiation_source") == "twilio" ? "twilio" : "sip_trunking"},
                {"direction", inbound ? "inbound" : "outbound"},
                {"phone_number_id", "phnum_" + std::to_string(1 + agent)},
                {"agent_number", "+1415555" + std::to_string(1000 + agent)},
                {"external_number", customer},
                {"call_sid", sid}};
        }
        boost::json::object analysis{{"call_successful", o["call_successful"]},
                                     {"transcript_summary", o.contains("transcript_summary") ? o["transcript_summary"]
                                                                                               : boost::json::value("")},
                                     {"evaluation_criteria_results", boost::json::object{}},
                                     {"data_collection_results", boost::json::object{}}};
        call.hidden["details"] = boost::json::object{{"agent_id", agent_id},
                                                     {"conversation_id", id},
                                                     {"status", status},
                                                     {"transcript", std::move(transcript)},
                                                     {"metadata", std::move(metadata)},
                                                     {"analysis", ended ? boost::json::value(std::move(analysis))
                                                                        : boost::json::value(nullptr)},
                                                     {"has_audio", ended},
                                                     {"has_user_audio", ended},
                                                     {"has_response_audio", ended}};
        return call;
    }

    std::vector<MockCall> calls_from_page(std::string_view body) const override {
        boost::system::error_code ec;
        auto parsed = boost::json::parse(body, ec);
        auto* list = !ec && parsed.is_object() ? parsed.get_object().if_contains("conversations") : nullptr;
        if (list == nullptr || !list->is_array())
            throw std::runtime_error("not a list response: no \"conversations\" array");
        std::vector<MockCall> calls;
        for (auto& element : list->get_array()) {
            if (!element.is_object()) throw std::runtime_error("a conversation in \"conversations\" is not an object");
            MockCall call;
            call.wire = std::move(element.get_object());
            const auto* start = call.wire.if_contains("start_time_unix_secs");
            if (start == nullptr || !start->is_int64())
                throw std::runtime_error("a conversation has no start_time_unix_secs");
            call.created_at = sys_seconds(seconds(start->get_int64()));
            calls.push_back(std::move(call));
        }
        return calls;
    }

    ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                     const MockOptions&) const override {
        if (request.method != "GET") return ServerReply::json(405, R"({"detail":"Method Not Allowed"})");
        if (const auto errors = validate(request); !errors.empty()) return validation(errors);
        const Filter filter(request);
        std::vector<const MockCall*> matching;
        matching.reserve(calls.size());
        for (const MockCall* call : calls)
            if (filter.matches(*call)) matching.push_back(call);
        std::size_t begin = 0;
        if (auto cursor = request.param("cursor"); cursor && !cursor->empty()) {
            const auto after = position_after(matching, *cursor);
            if (!after) return detail_error(400, "invalid_cursor", "The cursor is not valid.");
            begin = *after;
        }
        const auto size = static_cast<std::size_t>(integer(request.param("page_size").value_or("30")).value_or(30));
        return ServerReply::json(200, page_json(matching, begin, size));
    }

    std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                          const MockOptions&) const override {
        return page_json(matching, static_cast<std::size_t>(which.page - 1) * which.per_page, which.per_page);
    }

    ServerReply unauthorized(const ServerRequest& request) const override {
        if (!find_header(request.headers, "xi-api-key"))
            return detail_error(401, "needs_authorization", "Neither authorization header nor xi-api-key received.");
        return detail_error(401, "invalid_api_key", "Invalid API key");
    }
    ServerReply rate_limited(seconds) const override {
        return detail_error(429, "too_many_concurrent_requests",
                            "Too many concurrent requests. Your current subscription is associated with a maximum "
                            "number of concurrent requests.");
    }
    ServerReply server_error() const override {
        ServerReply reply;
        reply.status = 500;
        reply.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
        reply.body = "Internal Server Error";
        return reply;
    }
};

}  // namespace

void add_modules(std::vector<std::unique_ptr<VendorModule>>& modules) {
    modules.push_back(std::make_unique<ElevenLabsModule>());
}

}  // namespace callbridge::mock::elevenlabs
