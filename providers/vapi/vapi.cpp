#include "vapi/vapi.hpp"

#include <callbridge/kit/values.hpp>
#include <callbridge/registry.hpp>

namespace callbridge::providers::vapi {
namespace {

using namespace kit;

VendorDescription vapi_description(std::uint32_t window_size) {
    VendorDescription d;
    d.provider = "vapi";
    d.default_api_root = "https://api.vapi.ai";
    d.endpoint.path = "/call";  // singular, no trailing slash
    // Quirk: the body is the array of calls itself, with no envelope.
    d.records = "";
    // Quirk: no cursor, page number or has_more: windows of createdAt,
    // [createdAtGe, createdAtLt), each asked with limit; a full answer may be
    // cut (the order is not documented), so the window is split and read again.
    d.paging = TimeWindows{.from_param = "createdAtGe",
                           .to_param = "createdAtLt",
                           .size_param = "limit",
                           .window_size = window_size,
                           .created_field = "createdAt"};
    d.max_page_size = static_cast<int>(max_limit);

    d.mapping.rules = {
        {Field::id, {"id"}, Read::id, true},
        // Quirk: phoneCallProviderId is deprecated; transport.callSid first.
        {Field::provider_call_sid, {"transport.callSid", "phoneCallProviderId"}, Read::text},
        {Field::direction, {"type"}, Read::string, true},
        {Field::provider_status, {"status"}, Read::string},
        {Field::ended_by, {"endedReason"}, Read::string},
        {Field::end_reason, {"endedReason"}, Read::string},
        {Field::agent_id, {"assistantId"}, Read::text},
        {Field::agent_name, {"assistant.name"}, Read::text},
        {Field::campaign_id, {"campaignId"}, Read::text},
        {Field::customer_number, {"customer.number"}, Read::text},
        // createdAt carries milliseconds; they are dropped from the record.
        {Field::created_at, {"createdAt"}, Read::time, true},
        {Field::updated_at, {"updatedAt"}, Read::time, true},
        {Field::started_at, {"startedAt"}, Read::time},
        {Field::ended_at, {"endedAt"}, Read::time},
        // Quirk: no top-level transcript, summary or recordingUrl (older docs
        // show them): they live under artifact and analysis.
        // Quirk: with Zero Data Retention the transcript and summary come empty: null.
        {Field::transcript, {"artifact.transcript"}, Read::text},
        {Field::variables, {"artifact.variableValues", "assistantOverrides.variableValues"}, Read::object},
        {Field::evaluation, {"analysis"}, Read::object},
        {Field::summary, {"analysis.summary"}, Read::text},
        // Quirk: money is a JSON number in USD, read from its text exactly.
        {Field::total_cost, {"cost"}, Read::money},
        {Field::carrier_cost, {"costBreakdown.transport"}, Read::money},
        // Quirk: artifact.recordingUrl is deprecated; the mono recording first.
        {Field::recording_url, {"artifact.recording.mono.combinedUrl", "artifact.recordingUrl"}, Read::text},
    };
    d.mapping.currency = "USD";
    d.mapping.statuses = StatusTable({
        {"scheduled", CallStatus::queued},
        {"queued", CallStatus::queued},
        {"ringing", CallStatus::ringing},
        {"in-progress", CallStatus::in_progress},
        {"forwarding", CallStatus::in_progress},
        {"ended", CallStatus::completed},
        // Quirk: an ended call's outcome is its endedReason (refine()). These
        // words are no status Vapi sends; they say that an ended call can be
        // busy, unanswered, canceled or failed, so that a filter on those is
        // checked on the calls instead of judged to match nothing.
        {"ended (customer-busy)", CallStatus::busy},
        {"ended (customer-did-not-answer)", CallStatus::no_answer},
        {"ended (manually-canceled)", CallStatus::canceled},
        {"ended (an error)", CallStatus::failed},
        // not-found and deletion-failed are not explained: unknown.
    });
    d.mapping.direction_name = "type";
    d.mapping.directions = {{
        {"inboundPhoneCall", Direction::inbound},
        {"outboundPhoneCall", Direction::outbound},
        {"webCall", Direction::web},
        {"vapi.websocketCall", Direction::web},
    }};
    d.mapping.ended_by = {{
        {"customer-ended-call", EndedBy::customer, true},
        {"assistant-ended-call", EndedBy::assistant, true},
        {"assistant-said-end-call-phrase", EndedBy::assistant, true},
    }};

    // Vapi's list has no status, type, customer-number or search filter:
    // those are checked on each call.
    d.query.status_param = "";
    d.query.direction_param = "";
    d.query.pushdowns = {{Filter::agent_id, "assistantId"}};
    // created_from/created_to are the windows' bounds (ListDialect::page_request).
    return d;
}

// Whole milliseconds of an ISO 8601 member, or nothing.
std::optional<std::int64_t> millis_of(FieldReader& call, std::string_view path) {
    const auto text = call.optional_string(path);
    return text ? read_epoch_milliseconds(*text) : std::nullopt;
}

}  // namespace

VapiDialect::VapiDialect(std::uint32_t window_size) : ListDialect(vapi_description(window_size)) {}

void VapiDialect::refine(CallRecord& record, FieldReader& call, const PageContext&) const {
    // Quirk: no duration field: endedAt - startedAt, to the millisecond,
    // rounded down to whole seconds; 0 while either is missing (or when
    // endedAt comes before startedAt).
    const auto started = millis_of(call, "startedAt");
    const auto ended = millis_of(call, "endedAt");
    if (started && ended && *ended > *started) record.duration_s = (*ended - *started) / 1000;

    // Quirk: "ended" says nothing of how: endedReason does (an open, often
    // changing list; an unknown reason is a completed call).
    if (record.provider_status != "ended" || !record.end_reason) return;
    const std::string_view reason = *record.end_reason;
    if (reason == "customer-busy") record.status = CallStatus::busy;
    else if (reason == "customer-did-not-answer") record.status = CallStatus::no_answer;
    else if (reason == "manually-canceled") record.status = CallStatus::canceled;
    else if (reason.find("error") != std::string_view::npos || reason.starts_with("pipeline-"))
        record.status = CallStatus::failed;
}

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "vapi",
        .summary = "Vapi (api.vapi.ai)",
        .dialect = std::make_shared<VapiDialect>(),
        .token_env = "VAPI_API_KEY",
    });
}

}  // namespace callbridge::providers::vapi
