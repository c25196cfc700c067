#include "ultravox/ultravox.hpp"

#include <callbridge/kit/values.hpp>

#include <boost/json/parse.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/timestamp.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace callbridge::providers::ultravox {
namespace {

using namespace kit;

// The media a call's `medium` object may name (one key set), and whether
// each is a telephone line.
struct Medium {
    std::string_view key;
    bool telephony;
};
constexpr std::array<Medium, 7> media{{
    {"webRtc", false},
    {"serverWebSocket", false},
    {"twilio", true},
    {"telnyx", true},
    {"plivo", true},
    {"exotel", true},
    {"sip", true},
}};

// The numbers of an outgoing call on every medium that carries them: the
// caller (`from`) is the agent's line, the callee (`to`) the customer.
std::vector<std::string> outgoing(std::string_view member) {
    std::vector<std::string> paths;
    for (const Medium& medium : media)
        if (medium.telephony) paths.push_back("medium." + std::string(medium.key) + ".outgoing." + std::string(member));
    return paths;
}

VendorDescription ultravox_description() {
    VendorDescription d;
    d.provider = "ultravox";
    d.default_api_root = "https://api.ultravox.ai/api";
    d.endpoint.path = "/calls";
    // Quirk: no order is documented; the docs' "newest first" example sorts
    // by -created. The cursor encodes a position in the sort field, and every
    // next link carries it on.
    d.endpoint.params = {{"sort", "-created"}};
    d.auth = Auth{.scheme = Auth::Scheme::header, .header = "X-API-Key"};
    d.records = "results";
    // Django REST Framework's cursor paginator: a `next` URL (absolute, on
    // the API's own host) until it is null. The kit sends a link to another
    // origin to the configured root instead, without following it.
    d.paging = NextLink{.next = "next", .size_param = "pageSize", .total = "total"};
    // Quirk: pageSize's default and maximum are not documented; 100 is what
    // the sheet suggests probing with, and the next link is trusted, never a count.
    d.max_page_size = 100;

    d.mapping.rules = {
        {Field::id, {"callId"}, Read::id, true},
        // Quirk: RFC 3339 with microseconds ("2026-08-18T14:02:11.482000Z"); fractions are dropped.
        {Field::created_at, {"created"}, Read::time, true},
        {Field::started_at, {"joined"}, Read::time},
        {Field::ended_at, {"ended"}, Read::time},
        // No update time is sent: the latest of the call's own times.
        {Field::updated_at, {"ended", "joined", "created"}, Read::time, true},
        {Field::end_reason, {"endReason"}, Read::text},
        {Field::ended_by, {"endReason"}, Read::string},
        {Field::agent_id, {"agentId"}, Read::text},
        {Field::agent_name, {"agent.name"}, Read::text},
        // Quirk: only outgoing telephone calls carry numbers
        // (medium.<provider>.outgoing.{from,to}); inbound and web calls have none.
        {Field::agent_number, outgoing("from"), Read::text},
        {Field::customer_number, outgoing("to"), Read::text},
        {Field::summary, {"summary", "shortSummary"}, Read::text},
    };
    // Quirk: no status word is sent. refine() makes one: the end reason once
    // the call has ended, else "joined" or "created" (providers.md).
    d.mapping.statuses = StatusTable({
        {"created", CallStatus::initiated},
        {"joined", CallStatus::in_progress},
        {"unjoined", CallStatus::no_answer},
        {"hangup", CallStatus::completed},
        {"agent_hangup", CallStatus::completed},
        {"timeout", CallStatus::completed},
        {"connection_error", CallStatus::failed},
        {"system_error", CallStatus::failed},
    });
    d.mapping.ended_by = {{{"hangup", EndedBy::customer}, {"agent_hangup", EndedBy::assistant}}};

    // No status, direction, number or text filter that matches ours: those
    // are checked locally only.
    d.query.status_param = "";
    d.query.direction_param = "";
    d.query.pushdowns = {
        // `agentIds` is an array parameter; one id is one key=value.
        {Filter::agent_id, "agentIds"},
        // Inclusive, on creation time, like ours; the upper bound is written
        // by adjust_plan().
        {Filter::created_from, "fromDate", ParamFormat::rfc3339},
    };
    d.query.refusals = {{Filter::campaign_id,
                         "is not offered by ultravox (its list of calls has no campaign filter and its calls name no "
                         "campaign)"}};
    d.read_paths = {"medium"};  // read by refine()

    // Quirk: the list carries no transcript; each call's messages do. mode
    // in_call: every stage's messages (the default, last_stage, only the
    // last stage's). One page of them is read; more is an error (refine_details).
    d.detail_path = "/calls/{id}/messages?mode=in_call&pageSize=" + std::to_string(max_transcript_messages);
    d.detail_rules = {{Field::transcript, {"results"}, Read::transcript_turns}};
    return d;
}

}  // namespace

UltravoxDialect::UltravoxDialect() : ListDialect(ultravox_description()) {}

// Quirk: `toDate` is inclusive to the microsecond, and our bound is a whole
// second: a call created at 14:30:00.5 is within `--to 14:30:00`, so the
// vendor is asked up to the bound's last microsecond.
Error UltravoxDialect::adjust_plan(const CallQuery& query, QueryPlan& plan) const {
    if (query.created_to) {
        std::string bound = format_rfc3339(*query.created_to);  // "2026-08-18T14:30:00Z"
        bound.insert(bound.size() - 1, ".999999");
        plan.vendor_params.emplace_back("toDate", std::move(bound));
    }
    return {};
}

void UltravoxDialect::refine(CallRecord& record, FieldReader& call, const PageContext&) const {
    // Quirk: the direction is the medium's: an outgoing telephone call is
    // outbound, a telephone call without `outgoing` (SIP: `incoming`) is
    // inbound, WebRTC, a server WebSocket or no medium at all is web.
    record.direction = Direction::web;
    if (const auto medium = call.optional_object("medium"); medium && !medium->empty()) {
        const auto& [key, value] = *medium->begin();
        const auto known = std::find_if(media.begin(), media.end(), [&](const Medium& m) { return m.key == key; });
        const auto* details = value.if_object();
        const bool out = details != nullptr && details->contains("outgoing");
        const bool in = details != nullptr && details->contains("incoming");
        if (out)
            record.direction = Direction::outbound;
        else if (in || (known != media.end() && known->telephony))
            record.direction = Direction::inbound;
        else if (known == media.end())
            // Quirk: a medium the docs do not name, saying neither way, is
            // not guessed at.
            call.fail("medium." + std::string(key),
                      "unknown medium " + quoted_excerpt(key) + " with neither outgoing nor incoming");
    }

    // The status word, as providers.md makes it.
    if (record.ended_at) {
        record.provider_status = record.end_reason.value_or("ended");
    } else {
        record.provider_status = record.started_at ? "joined" : "created";
    }
    record.status = description().mapping.statuses.canonical(record.provider_status);

    // Quirk: duration_s is ended - joined to the millisecond, rounded down
    // (billedDuration is what was billed, not how long the call was).
    record.duration_s = 0;
    if (record.started_at && record.ended_at) {
        const auto* joined = call.find("joined");
        const auto* ended = call.find("ended");
        const auto from = joined != nullptr && joined->is_string() ? read_epoch_milliseconds(joined->get_string())
                                                                   : std::nullopt;
        const auto to =
            ended != nullptr && ended->is_string() ? read_epoch_milliseconds(ended->get_string()) : std::nullopt;
        if (from && to && *to > *from) record.duration_s = (*to - *from) / 1000;
    }
}

// Quirk: Django REST Framework's validation errors have no message member:
// {"fromDate": ["Enter a valid date/time."], ...}. Each member is a field.
Error UltravoxDialect::classify_error(const HttpResponse& response, const PageContext& context) const {
    Error error = ListDialect::classify_error(response, context);
    ErrorDetails& details = error.details();
    if (!details.field_errors.empty() || !details.message.empty()) return error;
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(response.body, ec);
    if (ec || !body.is_object() || body.get_object().empty()) return error;
    std::vector<FieldError> fields;
    for (const auto& [name, messages] : body.get_object()) {
        if (!messages.is_array()) return error;
        FieldError field{std::string(name), {}};
        for (const auto& message : messages.get_array()) {
            if (!message.is_string()) return error;
            field.messages.emplace_back(message.get_string());
        }
        fields.push_back(std::move(field));
    }
    details.message = fields.front().field + ": " + (fields.front().messages.empty() ? "" : fields.front().messages.front());
    if (fields.size() > 1) details.message += " (and " + std::to_string(fields.size() - 1) + " more)";
    details.field_errors = std::move(fields);
    return error;
}

// Quirk: the messages are paged; a call with more than one page of them
// would get a short transcript, which is an error rather than silence.
void UltravoxDialect::refine_details(CallRecord& record, FieldReader& details, const PageContext&) const {
    if (const auto* results = details.find("results"); results == nullptr || !results->is_array())
        details.fail("results", results == nullptr ? "missing" : "expected an array of messages, got " +
                                                                     std::string(describe_kind(*results)));
    const auto next = details.optional_string("next");
    if (next)
        details.fail("next", "the call's messages run over more than " + std::to_string(max_transcript_messages) +
                                 " messages; callbridge reads one page of them");
    // A call without messages has no transcript.
    if (record.transcript && record.transcript->empty()) record.transcript.reset();
}

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "ultravox",
        .summary = "Ultravox (api.ultravox.ai)",
        .dialect = std::make_shared<UltravoxDialect>(),
        .token_env = "ULTRAVOX_API_KEY",
    });
}

}  // namespace callbridge::providers::ultravox
