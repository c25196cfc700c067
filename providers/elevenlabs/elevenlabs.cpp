#include "elevenlabs/elevenlabs.hpp"

#include <callbridge/registry.hpp>

#include <algorithm>
#include <array>

namespace callbridge::providers::elevenlabs {
namespace {

using namespace kit;

// Every status word the vendor documents, in its order (the list's status
// enum and the `exclude_statuses` filter's values).
constexpr std::array<std::string_view, 5> status_words{"initiated", "in-progress", "processing", "done", "failed"};

VendorDescription elevenlabs_description() {
    VendorDescription d;
    d.provider = "elevenlabs";
    // Data-residency workspaces have hosts of their own
    // (api.eu.residency.elevenlabs.io, ...): the root is configurable.
    d.default_api_root = "https://api.elevenlabs.io";
    d.endpoint.path = "/v1/convai/conversations";
    // Quirk: without summary_mode=include the list leaves transcript_summary out.
    d.endpoint.params = {{"summary_mode", "include"}};
    // The key in its own header, no Bearer.
    d.auth = Auth{.scheme = Auth::Scheme::header, .header = "xi-api-key"};
    d.records = "conversations";
    // An opaque cursor in the query until has_more is false (next_cursor is
    // then null or missing); pages of 1 to 100.
    d.paging = CursorPaging{.sent_in = CursorPaging::SentIn::query,
                            .request_param = "cursor",
                            .size_param = "page_size",
                            .next_cursor = "next_cursor",
                            .has_more = "has_more"};
    d.max_page_size = 100;

    d.mapping.rules = {
        {Field::id, {"conversation_id"}, Read::id, true},
        // Quirk: direction is null (or missing) for conversations that are not
        // phone calls (widget, SDKs): those are web.
        {Field::direction, {"direction"}, Read::text},
        {Field::provider_status, {"status"}, Read::string, true},
        {Field::agent_id, {"agent_id"}, Read::string},
        {Field::agent_name, {"agent_name"}, Read::string},
        {Field::duration_s, {"call_duration_secs"}, Read::count},
        // Quirk: times are whole seconds since 1970; the start is the only one
        // the list has, so it is also when the record last changed.
        {Field::created_at, {"start_time_unix_secs"}, Read::time_epoch_seconds},
        {Field::updated_at, {"start_time_unix_secs"}, Read::time_epoch_seconds},
        {Field::started_at, {"start_time_unix_secs"}, Read::time_epoch_seconds},
        // Quirk: termination_reason is free text and may be "" (read as null).
        {Field::end_reason, {"termination_reason"}, Read::text},
        {Field::summary, {"transcript_summary"}, Read::text},
    };
    // Quirk: the SDKs treat the status as open; a word not here is unknown,
    // kept in provider_status.
    d.mapping.statuses = StatusTable({
        {"initiated", CallStatus::initiated},
        {"in-progress", CallStatus::in_progress},
        // Quirk: "processing" is a conversation that has ended and is being
        // analysed: completed, as "done" is.
        {"processing", CallStatus::completed},
        {"done", CallStatus::completed},
        {"failed", CallStatus::failed},
    });
    d.mapping.directions = {{{"inbound", Direction::inbound}, {"outbound", Direction::outbound}}};
    d.mapping.direction_when_absent = Direction::web;
    // The schema requires start_time_unix_secs; a conversation without one
    // has no time to be listed by, so it is counted, not listed (providers.md).
    d.mapping.unlisted_without_created_at = true;
    // cost_fiat is "the total fiat cost of the conversation in USD".
    d.mapping.currency = "USD";

    // Quirk: no status filter, only `exclude_statuses` (adjust_plan); no
    // direction, phone-number or end-time filter.
    d.query.status_param = "";
    d.query.direction_param = "";
    d.query.pushdowns = {
        {Filter::agent_id, "agent_id"},
        // Quirk: bounds in whole seconds whose inclusivity is not documented:
        // one second wider on each side, then checked exactly.
        {Filter::created_from, "call_start_after_unix", ParamFormat::epoch_seconds_widened},
        {Filter::created_to, "call_start_before_unix", ParamFormat::epoch_seconds_widened},
    };
    // customer_number and search compare numbers and call SIDs, which only
    // the details carry: they turn details on (the vendor's own `search` is
    // a full-text search of transcripts, not the same thing).
    d.query.refusals = {{Filter::campaign_id,
                         "is not offered by elevenlabs (its list of conversations has no campaign filter and its "
                         "conversations name no campaign)"}};

    // Quirk: numbers, the call SID, the cost in money, the transcript and the
    // analysis come only with each conversation's details.
    d.detail_path = "/v1/convai/conversations/{id}";
    d.detail_rules = {
        {Field::provider_call_sid, {"metadata.phone_call.call_sid"}, Read::text},
        {Field::agent_number, {"metadata.phone_call.agent_number"}, Read::text},
        {Field::customer_number, {"metadata.phone_call.external_number"}, Read::text},
        // Quirk: `cost` is in credits, not money; cost_fiat is USD (null for
        // conversations from before fiat tracking).
        {Field::total_cost, {"metadata.cost_fiat"}, Read::money},
        {Field::evaluation, {"analysis"}, Read::object},
    };
    return d;
}

}  // namespace

ElevenLabsDialect::ElevenLabsDialect() : ListDialect(elevenlabs_description()) {}

// Quirk: the vendor filters statuses only by exclusion; the words that cannot
// match are excluded (an undocumented word is never excluded, so the vendor
// returns a superset), and the statuses are checked locally as always.
Error ElevenLabsDialect::adjust_plan(const CallQuery& query, QueryPlan& plan) const {
    if (query.statuses.empty() && !query.provider_status) return {};
    const StatusTable& table = description().mapping.statuses;
    for (std::string_view word : status_words) {
        const bool status_ok = query.statuses.empty() ||
                               std::find(query.statuses.begin(), query.statuses.end(), table.canonical(word)) !=
                                   query.statuses.end();
        const bool word_ok = !query.provider_status || *query.provider_status == word;
        if (!status_ok || !word_ok) plan.vendor_params.emplace_back("exclude_statuses", std::string(word));
    }
    return {};
}

// Quirk: no end time is sent; a conversation that has ended (done,
// processing, failed) ended its duration after it started.
void ElevenLabsDialect::refine(CallRecord& record, FieldReader&, const PageContext&) const {
    if (callbridge::is_final(record.status) && record.started_at)
        record.ended_at = *record.started_at + std::chrono::seconds(record.duration_s);
}

void ElevenLabsDialect::refine_details(CallRecord& record, FieldReader& details, const PageContext&) const {
    // Quirk: turns are {role, message, tool_calls, ...}; a turn that only
    // calls a tool has a null message and is no line of the transcript.
    if (const auto* turns = details.find("transcript"); turns != nullptr && !turns->is_null()) {
        if (!turns->is_array()) {
            details.fail("transcript", "expected an array of turns, got " + std::string(describe_kind(*turns)));
            return;
        }
        std::string text;
        bool any = false;
        for (std::size_t i = 0; i < turns->get_array().size(); ++i) {
            const auto& turn = turns->get_array()[i];
            const std::string at = "transcript[" + std::to_string(i) + "]";
            if (!turn.is_object()) {
                details.fail(at, "expected a turn object, got " + std::string(describe_kind(turn)));
                return;
            }
            FieldReader in(turn.get_object(), at);
            const auto role = in.optional_string("role");
            const auto message = in.optional_text("message");
            if (!in.ok()) {
                details.fail(in.error().details().field, in.error().details().message);
                return;
            }
            if (!message) continue;
            if (any) text += '\n';
            text += role ? *role + ": " + *message : *message;
            any = true;
        }
        record.transcript = any ? std::optional(std::move(text)) : std::nullopt;
    }
    // Quirk: the cost in credits (metadata.cost) is no money; with the
    // vendor's object kept, its details' metadata is kept beside it.
    if (!record.raw.empty())
        if (auto metadata = details.optional_object("metadata")) record.raw["metadata"] = std::move(*metadata);
}

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "elevenlabs",
        .summary = "ElevenLabs Agents (api.elevenlabs.io), its conversations",
        .dialect = std::make_shared<ElevenLabsDialect>(),
        .token_env = "ELEVENLABS_API_KEY",
    });
}

}  // namespace callbridge::providers::elevenlabs
