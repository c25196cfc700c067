#include "talkover/talkover.hpp"

#include <callbridge/registry.hpp>

namespace callbridge::providers::talkover {
namespace {

using namespace kit;

VendorDescription talkover_description() {
    VendorDescription d;
    d.provider = "talkover";
    d.default_api_root = "https://app.talkover.ai/api/v1";
    d.endpoint.path = "/calls";
    d.records = "data";
    // Quirk: the paginator is `pagination` on the list page and `meta` in the
    // vendor's OpenAPI file; `from`/`to` may be missing or null.
    d.paging = PageNumbers{.paginator = {"pagination", "meta"}, .require_last_page = true};
    // A 2xx body may still say it failed.
    d.failure_flag = "success";

    d.mapping.rules = {
        {Field::id, {"id"}, Read::id, true},
        {Field::provider_call_sid, {"sid"}, Read::string},
        {Field::direction, {"direction"}, Read::string, true},
        {Field::provider_status, {"status"}, Read::string, true},
        // `from` is the caller: the agent's number on outbound calls, the
        // customer's on inbound ones.
        {Field::from_number, {"from"}, Read::text},
        {Field::to_number, {"to"}, Read::text},
        {Field::duration_s, {"duration"}, Read::count},
        // ISO 8601 with or without fractional seconds; fractions are dropped.
        {Field::created_at, {"created_at"}, Read::time, true},
        {Field::updated_at, {"updated_at"}, Read::time, true},
        {Field::is_test, {"is_testing"}, Read::boolean},
    };
    d.mapping.statuses = StatusTable(
        {
            {"initiated", CallStatus::initiated},
            {"ringing", CallStatus::ringing},
            // Quirk: campaign calls wait as "queued" or "scheduled".
            {"queued", CallStatus::queued},
            {"scheduled", CallStatus::queued},
            // Quirk: "answered" means the call is live; the OpenAPI file says
            // "in-progress" for the same thing.
            {"answered", CallStatus::in_progress},
            {"in-progress", CallStatus::in_progress},
            {"completed", CallStatus::completed},
            {"busy", CallStatus::busy},
            {"no-answer", CallStatus::no_answer},
            {"failed", CallStatus::failed},
        },
        // The values the list-calls page documents for the `status` filter.
        {"initiated", "ringing", "answered", "completed", "failed", "busy", "no-answer"});
    // Talkover has no web calls: `--direction web` matches nothing.
    d.mapping.directions = {{{"inbound", Direction::inbound}, {"outbound", Direction::outbound}}};

    d.query.status_param = "status";
    d.query.direction_param = "direction";
    d.query.pushdowns = {
        {Filter::agent_id, "agent_id"},
        // The vendor's search looks in phone numbers and call SIDs: a superset
        // of both an exact number and our substring search, checked locally.
        {Filter::customer_number, "search"},
        {Filter::search, "search"},
        {Filter::created_from, "date_from", ParamFormat::date_widened},
        {Filter::created_to, "date_to", ParamFormat::date_widened},
    };
    d.query.refusals = {{Filter::campaign_id,
                         "is not offered by talkover (its list of calls has no campaign filter and its calls name no "
                         "campaign)"}};
    return d;
}

}  // namespace

TalkoverDialect::TalkoverDialect() : ListDialect(talkover_description()) {}

// Quirk: `agent` is an object, null, or [] (PHP's empty map).
void TalkoverDialect::refine(CallRecord& record, FieldReader& call, const PageContext&) const {
    const auto agent = call.optional_object("agent");
    if (!agent) return;
    FieldReader in(*agent, "agent");
    record.agent = AgentRef{in.optional_id("id"), in.optional_string("name"), in.optional_string("label")};
    if (!in.ok()) call.fail("agent", in.error().details().message);
}

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "talkover",
        .summary = "Talkover (app.talkover.ai) and its brands",
        .dialect = std::make_shared<TalkoverDialect>(),
        .token_env = "TALKOVER_TOKEN",
    });
}

}  // namespace callbridge::providers::talkover
