// Ultravox as the mock serves it: GET /api/calls with an X-API-Key header,
// Django REST Framework's cursor paginator (`results`, absolute `next` and
// `previous` URLs that keep the request's filters, an opaque base64 cursor
// holding a position, so calls created meanwhile shift nothing), its
// filters (fromDate/toDate inclusive on creation time, agentIds repeated,
// sort by created either way), DRF's error bodies, and per call
// GET /api/calls/{id} and GET /api/calls/{id}/messages (paged the same way).

#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"

#include <callbridge/json_text.hpp>
#include <callbridge/kit/request.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock::ultravox {
namespace {

using namespace std::chrono;

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> agents{{
    {"0f3e2d1c-4b5a-4978-8a6b-5c4d3e2f1a0b", "Reminder caller"},
    {"7c6b5a4f-3e2d-4c1b-9a0f-8e7d6c5b4a3f", "Inbound desk"},
    {"3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "Renewals"},
    {"5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b", "Survey"},
}};

constexpr std::array<std::string_view, 6> sentences{
    "Hello, this is the clinic calling about your appointment.", "Yes, speaking.",
    "Can you still make Tuesday at ten?", "Yes, Tuesday works.", "Great, you are confirmed. Goodbye.", "Bye."};

// DRF's cursor: base64 of "o=<offset>&p=<call id>": after the call with that id.
std::string encode_cursor(std::string_view after_id) { return kit::base64("p=" + std::string(after_id)); }

std::optional<std::string> decode_cursor(std::string_view cursor) {
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : cursor) {
        if (c == '=') break;
        const auto at = alphabet.find(c);
        if (at == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    if (!out.starts_with("p=")) return std::nullopt;
    return out.substr(2);
}

ServerReply detail(int status, std::string_view message) {
    return ServerReply::json(status, json_text(boost::json::object{{"detail", message}}));
}

// DRF's validation errors: {"field": ["message"]}.
ServerReply field_errors(const std::vector<std::pair<std::string, std::string>>& errors) {
    boost::json::object fields;
    for (const auto& [field, message] : errors) fields[field] = boost::json::array{boost::json::value(message)};
    return ServerReply::json(400, json_text(fields));
}

std::optional<sys_seconds> bound(std::string_view text) { return parse_vendor_timestamp(text, TimeZone()); }

// The request's own query minus the cursor, encoded as sent.
std::string kept_query(const ServerRequest& r) {
    std::string out;
    for (const auto& [key, value] : r.query) {
        if (key == "cursor") continue;
        out += '&' + kit::percent_encode(key) + '=' + kit::percent_encode(value);
    }
    return out;
}

// A page of `items` (calls or messages) from `cursor`, DRF's envelope.
template <class Id, class Write>
std::string cursor_page(std::size_t count, std::size_t begin, std::uint32_t size, const std::string& list_url,
                        const std::string& query, std::optional<std::uint64_t> total, Id id_of, Write write) {
    const std::size_t end = std::min(count, begin + size);
    std::string out = "{\"next\":";
    out += end < count ? json_text(boost::json::value(list_url + "?cursor=" + kit::percent_encode(encode_cursor(id_of(end - 1))) + query))
                       : std::string("null");
    out += ",\"previous\":";
    out += begin > 0 ? json_text(boost::json::value(list_url + "?cursor=" + kit::percent_encode(kit::base64("r=1&p=" + id_of(begin))) + query))
                     : std::string("null");
    if (total) out += ",\"total\":" + std::to_string(*total);
    out += ",\"results\":[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i != begin) out += ',';
        write(out, i);
    }
    return out + "]}";
}

class UltravoxModule final : public VendorModule {
public:
    std::string_view name() const noexcept override { return "ultravox"; }
    bool serves(const ServerRequest& request) const override {
        return request.path == "/api/calls" || request.path.starts_with("/api/calls/");
    }
    bool is_list_request(const ServerRequest& request) const override { return request.path == "/api/calls"; }
    std::string credential(const ServerRequest& request) const override {
        return std::string(find_header(request.headers, "X-API-Key").value_or(""));
    }

    MockCall make_call(std::size_t serial, sys_seconds created_at, Random& random) const override {
        MockCall call;
        call.created_at = created_at;
        auto& o = call.wire;
        char id[40];
        std::snprintf(id, sizeof id, "%08llx-%04llx-4%03llx-9%03llx-%012llx",
                      static_cast<unsigned long long>(random.next() & 0xffffffff),
                      static_cast<unsigned long long>(serial & 0xffff),
                      static_cast<unsigned long long>(random.below(0x1000)),
                      static_cast<unsigned long long>(random.below(0x1000)), static_cast<unsigned long long>(serial));
        const auto& [agent_id, agent_name] = agents[random.below(agents.size())];
        const unsigned created_micros = static_cast<unsigned>(random.below(1000)) * 1000;
        // What became of the call.
        const auto roll = random.below(100);
        const bool live = roll < 6;
        const bool never_joined = roll >= 6 && roll < 16;
        const bool not_yet_joined = roll >= 16 && roll < 19;
        const std::int64_t join_ms = static_cast<std::int64_t>(300 + random.below(3000));
        const std::int64_t talk_ms = static_cast<std::int64_t>(5000 + random.below(600000));
        const auto created_ms = static_cast<std::int64_t>(created_at.time_since_epoch().count()) * 1000 + created_micros / 1000;
        auto at_ms = [](std::int64_t ms) {
            return iso_time(sys_seconds(seconds(ms / 1000)), static_cast<unsigned>((ms % 1000) * 1000 + 1));
        };
        std::string_view reason;
        if (never_joined) reason = "unjoined";
        else if (!live && !not_yet_joined) {
            const auto r = random.below(100);
            reason = r < 45 ? "hangup" : r < 75 ? "agent_hangup" : r < 85 ? "timeout" : r < 92 ? "connection_error"
                     : r < 97 ? "system_error" : "voicemail_detected";  // a word the docs do not name yet
        }

        o["callId"] = id;
        o["clientVersion"] = nullptr;
        o["created"] = iso_time(created_at, created_micros);
        o["joined"] = never_joined || not_yet_joined ? boost::json::value(nullptr) : boost::json::value(at_ms(created_ms + join_ms));
        const bool ended = !live && !not_yet_joined;
        o["ended"] = !ended ? boost::json::value(nullptr)
                     : never_joined ? boost::json::value(at_ms(created_ms + 30000))
                                    : boost::json::value(at_ms(created_ms + join_ms + talk_ms));
        o["endReason"] = reason.empty() ? boost::json::value(nullptr) : boost::json::value(reason);
        o["billedDuration"] = !ended ? boost::json::value(nullptr)
                              : never_joined ? boost::json::value("0s")
                                             : boost::json::value(std::to_string(talk_ms / 1000) + "." +
                                                                  std::to_string((talk_ms % 1000) / 100) + "s");
        o["billedSideInputTokens"] = nullptr;
        o["billedSideOutputTokens"] = nullptr;
        o["billingStatus"] = !ended ? "BILLING_STATUS_PENDING" : never_joined ? "BILLING_STATUS_FREE_ZERO_EFFECTIVE_DURATION"
                                                                              : "BILLING_STATUS_BILLED";
        o["firstSpeaker"] = "FIRST_SPEAKER_AGENT";
        o["firstSpeakerSettings"] = {{"agent", boost::json::object{}}};
        o["initialOutputMedium"] = "MESSAGE_MEDIUM_VOICE";
        o["joinUrl"] = nullptr;
        o["maxDuration"] = "3600s";
        o["joinTimeout"] = "30s";
        const auto customer = "+1202555" + std::to_string(1000 + random.below(9000));
        const auto line = "+1415555" + std::to_string(1000 + random.below(9000));
        const auto medium_roll = random.below(100);
        const boost::json::object outgoing{{"to", customer}, {"from", line}};
        if (medium_roll < 35) o["medium"] = {{"twilio", {{"outgoing", outgoing}}}};
        else if (medium_roll < 45) o["medium"] = {{"twilio", boost::json::object{}}};
        else if (medium_roll < 55) o["medium"] = {{"telnyx", {{"outgoing", outgoing}}}};
        else if (medium_roll < 65) o["medium"] = {{"sip", {{"incoming", boost::json::object{}}}}};
        else if (medium_roll < 70)
            o["medium"] = {{"sip", {{"outgoing", {{"to", customer}, {"from", line}, {"username", "u"}, {"password", "p"}}}}}};
        else if (medium_roll < 85) o["medium"] = {{"webRtc", boost::json::object{}}};
        else if (medium_roll < 92) o["medium"] = {{"serverWebSocket", {{"inputSampleRate", 8000}}}};
        else o["medium"] = nullptr;
        o["recordingEnabled"] = random.chance(50);
        o["retentionPolicy"] = random.chance(20) ? boost::json::value("auto_delete") : boost::json::value(nullptr);
        const bool talked = ended && !never_joined;
        o["shortSummary"] = talked && random.chance(80) ? boost::json::value("Appointment confirmed.") : boost::json::value(nullptr);
        o["summary"] = talked && random.chance(60) ? boost::json::value("The agent confirmed an appointment for Tuesday at 10:00.")
                                                   : boost::json::value(nullptr);
        o["agent"] = {{"agentId", agent_id}, {"name", agent_name}};
        o["agentId"] = agent_id;
        o["experimentalSettings"] = nullptr;
        o["metadata"] = random.chance(50) ? boost::json::object{{"crm_id", "A-" + std::to_string(10000 + serial)}}
                                          : boost::json::object{};
        o["initialState"] = boost::json::object{};
        o["requestContext"] = nullptr;
        o["sipDetails"] = nullptr;

        // The transcript, as the messages endpoint serves it.
        boost::json::array messages;
        if (!never_joined && !not_yet_joined) {
            const auto count = 2 + random.below(5);
            for (std::uint64_t i = 0; i < count; ++i)
                messages.emplace_back(boost::json::object{{"role", i % 2 == 0 ? "MESSAGE_ROLE_AGENT" : "MESSAGE_ROLE_USER"},
                                    {"text", sentences[(i + serial) % sentences.size()]},
                                    {"medium", "MESSAGE_MEDIUM_VOICE"},
                                    {"callStageMessageIndex", i},
                                    {"callStageId", std::string(id)}});
        }
        call.hidden["messages"] = std::move(messages);
        return call;
    }

    std::vector<MockCall> calls_from_page(std::string_view body) const override {
        auto calls = calls_of_list_body(body, "results", [](const boost::json::object& call) {
            return parse_vendor_timestamp(string_of(call, "created"), TimeZone());
        });
        for (MockCall& call : calls) call.hidden["messages"] = boost::json::array();
        return calls;
    }

    ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                     const MockOptions&) const override {
        if (request.method != "GET") return detail(405, "Method \"" + request.method + "\" not allowed.");
        std::vector<std::pair<std::string, std::string>> errors;
        const auto from = request.param("fromDate");
        const auto to = request.param("toDate");
        if (from && !bound(*from)) errors.emplace_back("fromDate", "Enter a valid date/time.");
        if (to && !bound(*to)) errors.emplace_back("toDate", "Enter a valid date/time.");
        const auto size = integer(request.param("pageSize").value_or("100"));
        if (!size || *size < 1) errors.emplace_back("pageSize", "A valid integer is required.");
        const auto sort = request.param("sort").value_or("");
        if (!sort.empty() && sort != "created" && sort != "-created")
            errors.emplace_back("sort", "Select a valid choice. " + sort + " is not one of the available choices.");
        if (!errors.empty()) return field_errors(errors);

        std::vector<std::string> agent_ids;
        for (const auto& [key, value] : request.query)
            if (key == "agentIds") agent_ids.push_back(value);
        // Inclusive bounds to the microsecond, on creation time.
        const auto to_micros = [](std::string_view text) -> std::optional<std::int64_t> {
            const auto t = bound(text);
            if (!t) return std::nullopt;
            std::int64_t micros = static_cast<std::int64_t>(t->time_since_epoch().count()) * 1000000;
            if (const auto dot = text.find('.'); dot != std::string_view::npos) {
                std::string digits;
                for (std::size_t i = dot + 1; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i)
                    digits += text[i];
                digits.resize(6, '0');
                micros += *integer(digits.substr(0, 6));
            }
            return micros;
        };
        const auto from_us = from ? to_micros(*from) : std::nullopt;
        const auto to_us = to ? to_micros(*to) : std::nullopt;
        std::vector<const MockCall*> matching;
        for (const MockCall* call : calls) {
            if (!agent_ids.empty() &&
                std::find(agent_ids.begin(), agent_ids.end(), string_of(call->wire, "agentId")) == agent_ids.end())
                continue;
            const auto created = to_micros(string_of(call->wire, "created"));
            if (from_us && created && *created < *from_us) continue;
            if (to_us && created && *created > *to_us) continue;
            matching.push_back(call);
        }
        if (!sort.empty()) {
            const bool newest_first = sort == "-created";
            std::stable_sort(matching.begin(), matching.end(), [&](const MockCall* a, const MockCall* b) {
                const auto ta = to_micros(string_of(a->wire, "created")).value_or(0);
                const auto tb = to_micros(string_of(b->wire, "created")).value_or(0);
                return newest_first ? ta > tb : ta < tb;
            });
        }
        std::size_t begin = 0;
        if (const auto cursor = request.param("cursor")) {
            const auto after = decode_cursor(*cursor);
            const auto found = !after ? matching.end() : std::find_if(matching.begin(), matching.end(), [&](const MockCall* c) {
                return string_of(c->wire, "callId") == *after;
            });
            if (found == matching.end()) return detail(404, "Invalid cursor");
            begin = static_cast<std::size_t>(found - matching.begin()) + 1;
        }
        const std::string url = "https://" + std::string(find_header(request.headers, "Host").value_or("127.0.0.1")) + request.path;
        return ServerReply::json(200, page(matching, begin, static_cast<std::uint32_t>(*size), url, kept_query(request)));
    }

    std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                          const MockOptions&) const override {
        const std::string url = which.list_url.empty() ? "https://api.ultravox.ai/api/calls" : which.list_url;
        return page(matching, static_cast<std::size_t>(which.page - 1) * which.per_page, which.per_page, url,
                    "&pageSize=" + std::to_string(which.per_page) + "&sort=-created");
    }

    std::optional<ServerReply> other(const ServerRequest& request, std::span<const MockCall> calls) const override {
        // /api/calls/{id} and /api/calls/{id}/messages
        std::string_view rest = std::string_view(request.path).substr(std::string_view("/api/calls/").size());
        const bool messages = rest.ends_with("/messages");
        if (messages) rest.remove_suffix(std::string_view("/messages").size());
        if (rest.empty() || rest.find('/') != std::string_view::npos) return std::nullopt;
        const auto found = std::find_if(calls.begin(), calls.end(),
                                        [&](const MockCall& c) { return string_of(c.wire, "callId") == rest; });
        if (found == calls.end()) return detail(404, "No Call matches the given query.");
        if (request.method != "GET") return detail(405, "Method \"" + request.method + "\" not allowed.");
        if (!messages) return ServerReply::json(200, json_text(found->wire));

        const auto mode = request.param("mode").value_or("last_stage");
        if (mode != "last_stage" && mode != "in_call")
            return field_errors({{"mode", "Select a valid choice. " + mode + " is not one of the available choices."}});
        const auto size = integer(request.param("pageSize").value_or("100"));
        if (!size || *size < 1) return field_errors({{"pageSize", "A valid integer is required."}});
        const auto hidden = found->hidden.find("messages");
        static const boost::json::array none;
        const boost::json::array& all = hidden != found->hidden.end() && hidden->second.is_array() ? hidden->second.get_array() : none;
        auto id_of = [](std::size_t i) { return std::to_string(i); };
        std::size_t begin = 0;
        if (const auto cursor = request.param("cursor")) {
            const auto after = decode_cursor(*cursor);
            const auto index = after ? integer(*after) : std::nullopt;
            if (!index || *index < 0 || static_cast<std::size_t>(*index) >= all.size()) return detail(404, "Invalid cursor");
            begin = static_cast<std::size_t>(*index) + 1;
        }
        const std::string url = "https://" + std::string(find_header(request.headers, "Host").value_or("127.0.0.1")) + request.path;
        return ServerReply::json(200, cursor_page(all.size(), begin, static_cast<std::uint32_t>(*size), url, kept_query(request),
                                                  std::nullopt, id_of,
                                                  [&](std::string& out, std::size_t i) { append_json_text(out, all[i]); }));
    }

    ServerReply unauthorized(const ServerRequest& request) const override {
        if (!find_header(request.headers, "X-API-Key")) return detail(403, "Authentication credentials were not provided.");
        return detail(403, "Invalid API key.");
    }
    ServerReply rate_limited(seconds reset_in) const override {
        return detail(429, "Request was throttled. Expected available in " + std::to_string(reset_in.count()) + " seconds.");
    }
    ServerReply server_error() const override {
        ServerReply reply;
        reply.status = 500;
        reply.headers = {{"Content-Type", "text/html; charset=utf-8"}};
        reply.body = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n"
                     "  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n";
        return reply;
    }

private:
    static std::string page(std::span<const MockCall* const> matching, std::size_t begin, std::uint32_t size,
                            const std::string& url, const std::string& query) {
        return cursor_page(
            matching.size(), begin, size, url, query, matching.size(),
            [&](std::size_t i) { return std::string(string_of(matching[i]->wire, "callId")); },
            [&](std::string& out, std::size_t i) { append_json_text(out, matching[i]->wire); });
    }
};

}  // namespace

void add_modules(std::vector<std::unique_ptr<VendorModule>>& modules) {
    modules.push_back(std::make_unique<UltravoxModule>());
}

}  // namespace callbridge::mock::ultravox
