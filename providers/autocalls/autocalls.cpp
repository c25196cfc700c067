#include "autocalls/autocalls.hpp"

#include <callbridge/registry.hpp>

namespace callbridge::providers::autocalls {

using namespace kit;

VendorDescription description(std::string provider, std::string default_api_root) {
    VendorDescription d;
    d.provider = std::move(provider);
    d.default_api_root = std::move(default_api_root);
    d.endpoint.path = "/user/calls";
    d.records = "data";
    // Laravel's flat paginator: stop at last_page or a null next_page_url.
    // `links` is never read (its labels hold HTML).
    d.paging = PageNumbers{.next_url = "next_page_url"};

    d.mapping.rules = {
        {Field::id, {"id"}, Read::id, true},
        {Field::direction, {"type"}, Read::string, true},
        {Field::provider_status, {"status"}, Read::string, true},
        // Quirk: who ended the call is in the status word.
        {Field::ended_by, {"status"}, Read::string},
        {Field::answered_by, {"answered_by"}, Read::string},
        {Field::agent_name, {"assistant_name"}, Read::string},
        {Field::campaign_name, {"campaign_name"}, Read::string},
        // Quirk: web calls come with null or empty phone numbers; both read as null.
        {Field::agent_number, {"assistant_phone_number"}, Read::text},
        {Field::customer_number, {"client_phone_number"}, Read::text},
        {Field::duration_s, {"duration"}, Read::count},
        // Quirk: "YYYY-MM-DD HH:MM:SS" with no zone, read in the source's zone.
        {Field::created_at, {"created_at"}, Read::time, true},
        {Field::updated_at, {"updated_at"}, Read::time, true},
        // Quirk: the list docs say a string, the post-call webhook sends turns.
        {Field::transcript, {"transcript"}, Read::transcript_turns},
        // Quirk: PHP writes an empty map as [], and variables may be null.
        {Field::variables, {"variables"}, Read::object},
        {Field::evaluation, {"evaluation"}, Read::object},
        {Field::webhook_response, {"webhook_response"}, Read::object},
        // Quirk: money as a number, a numeric string ("0.0300") or integer 0.
        {Field::carrier_cost, {"carrier_cost"}, Read::money},
        {Field::total_cost, {"total_cost"}, Read::money},
        {Field::recording_url, {"recording_url"}, Read::text},
    };
    d.mapping.statuses = StatusTable(
        {
            {"initiated", CallStatus::initiated},
            {"ringing", CallStatus::ringing},
            {"in-progress", CallStatus::in_progress},
            {"completed", CallStatus::completed},
            {"ended", CallStatus::completed},
            {"ended_by_customer", CallStatus::completed},
            {"ended_by_assistant", CallStatus::completed},
            {"busy", CallStatus::busy},
            {"no-answer", CallStatus::no_answer},
            // Quirk: a settings page says "unanswered" where the filter list
            // says "no-answer"; calls carry either. The filter does not take it.
            {"unanswered", CallStatus::no_answer},
            {"failed", CallStatus::failed},
        },
        // The values the list-calls page documents for the `status` filter.
        {"initiated", "ringing", "busy", "in-progress", "ended", "completed", "ended_by_customer",
         "ended_by_assistant", "no-answer", "failed"});
    d.mapping.directions = {{{"inbound", Direction::inbound}, {"outbound", Direction::outbound}, {"web", Direction::web}}};
    d.mapping.direction_name = "call type";
    d.mapping.ended_by = {{{"ended_by_customer", EndedBy::customer}, {"ended_by_assistant", EndedBy::assistant}}};
    // Answering-machine detection words such as "machine_end_beep" read as
    // machine; any other word the docs do not name reads as unknown.
    d.mapping.answered_by = {{{"human", AnsweredBy::human},
                              {"machine", AnsweredBy::machine},
                              {"unknown", AnsweredBy::unknown},
                              {"machine", AnsweredBy::machine, true}}};

    d.query.status_param = "status";
    d.query.direction_param = "type";
    d.query.pushdowns = {
        {Filter::customer_number, "phone_number"},
        // A list record carries neither assistant nor campaign id, so these
        // are left to the vendor, whose filters take integers only.
        {Filter::agent_id, "assistant_id", ParamFormat::integer, true},
        {Filter::campaign_id, "campaign_id", ParamFormat::integer, true},
        // Dates in the account's zone, which is not known: a day wider on each side.
        {Filter::created_from, "date_from", ParamFormat::date_widened},
        {Filter::created_to, "date_to", ParamFormat::date_widened},
    };
    return d;
}

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "autocalls",
        .summary = "Autocalls (app.autocalls.ai)",
        .dialect = std::make_shared<ListDialect>(description("autocalls", "https://app.autocalls.ai/api")),
        .token_env = "AUTOCALLS_TOKEN",
    });
    registry.add(ProviderDescriptor{
        .name = "clickspeak",
        .summary = "ClickSpeak (app.clickspeak.ai), the Autocalls platform under another brand",
        .dialect = std::make_shared<ListDialect>(description("clickspeak", "https://app.clickspeak.ai/api")),
        .token_env = "CLICKSPEAK_TOKEN",
    });
}

}  // namespace callbridge::providers::autocalls
