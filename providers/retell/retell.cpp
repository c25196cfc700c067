#include "retell/retell.hpp"

#include <callbridge/registry.hpp>

#include <boost/json/array.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace callbridge::providers::retell {
namespace {

using namespace kit;

// The call_status words Retell's filter accepts: `registered` appears on
// calls but is not filterable.
constexpr std::array<std::string_view, 4> status_filter_words{"not_connected", "ongoing", "ended", "error"};

VendorDescription retell_description() {
    VendorDescription d;
    d.provider = "retell";
    d.default_api_root = "https://api.retellai.com";
    d.endpoint.method = "POST";
    d.endpoint.path = "/v3/list-calls";
    d.records = "items";
    // The answer's pagination_key goes back in the body; has_more false ends
    // the list whatever key there is. Quirk: the envelope's members are all
    // optional in Retell's types; an answer without has_more cannot say
    // whether more follow and is malformed (never a silently short list).
    d.paging = CursorPaging{.sent_in = CursorPaging::SentIn::body,
                            .request_param = "pagination_key",
                            .size_param = "limit",
                            .next_cursor = "pagination_key",
                            .has_more = "has_more",
                            .require_has_more = true};
    d.max_page_size = 1000;

    d.mapping.rules = {
        {Field::id, {"call_id"}, Read::string, true},
        {Field::provider_call_sid, {"telephony_identifier.twilio_call_sid"}, Read::text},
        // Quirk: a web call has no direction; `call_type` web_call says web,
        // phone_call passes on to `direction` (refine() fails a call with neither).
        {Field::direction, {"call_type", "direction"}, Read::string},
        {Field::provider_status, {"call_status"}, Read::string, true},
        {Field::ended_by, {"disconnection_reason"}, Read::string},
        {Field::agent_id, {"agent_id"}, Read::string},
        {Field::agent_name, {"agent_name"}, Read::text},
        // from_number is the caller: the agent on outbound calls, the customer on inbound ones.
        {Field::from_number, {"from_number"}, Read::text},
        {Field::to_number, {"to_number"}, Read::text},
        {Field::duration_s, {"duration_ms"}, Read::milliseconds},
        // Quirk: times are epoch milliseconds; start_timestamp is Retell's
        // own axis (it sorts and filters by it), so it is created_at, and a
        // call that never started has none and is not listed (counted).
        {Field::created_at, {"start_timestamp"}, Read::time_epoch_ms},
        {Field::updated_at, {"end_timestamp", "start_timestamp"}, Read::time_epoch_ms},
        {Field::started_at, {"start_timestamp"}, Read::time_epoch_ms},
        {Field::ended_at, {"end_timestamp"}, Read::time_epoch_ms},
        {Field::variables, {"collected_dynamic_variables"}, Read::object},
        {Field::evaluation, {"call_analysis"}, Read::object},
        {Field::summary, {"call_analysis.call_summary"}, Read::text},
        // Quirk: combined_cost is in cents, fractions of a cent included: divided by 100 exactly.
        {Field::total_cost, {"call_cost.combined_cost"}, Read::money_cents},
        // Quirk: a deprecated page says v3 items carry no recording_url, the
        // spec and SDK say they do: optional here, and read from the details too.
        {Field::recording_url, {"recording_url"}, Read::text},
        // Quirk: 32, 34 or 26 disconnection reasons depending on the source;
        // any word is kept as sent.
        {Field::end_reason, {"disconnection_reason"}, Read::text},
    };
    d.mapping.statuses = StatusTable(
        {
            {"registered", CallStatus::initiated},
            {"ongoing", CallStatus::in_progress},
            // Refined by disconnection_reason (refine()).
            {"ended", CallStatus::completed},
            {"not_connected", CallStatus::failed},
            {"error", CallStatus::failed},
        },
        {std::string(status_filter_words[0]), std::string(status_filter_words[1]), std::string(status_filter_words[2]),
         std::string(status_filter_words[3])});
    d.mapping.directions = {{{"web_call", Direction::web},
                             {"inbound", Direction::inbound},
                             {"outbound", Direction::outbound}}};
    d.mapping.direction_name = "call_type or direction";
    d.mapping.ended_by = {{{"user_hangup", EndedBy::customer}, {"agent_hangup", EndedBy::assistant}}};
    // Retell's amounts are cents of US dollars.
    d.mapping.currency = "USD";
    d.mapping.unlisted_without_created_at = true;

    // Every pushdown is a member of the body's filter_criteria (adjust_plan()).
    d.query.status_param = "";
    d.query.direction_param = "";
    d.query.refusals = {{Filter::campaign_id,
                         "is not offered by retell (its calls belong to agents and batch calls, not campaigns)"}};

    // Quirk: the v3 list leaves out the four transcript fields; get-call has them.
    d.detail_path = "/v2/get-call/{id}";
    d.detail_rules = {
        {Field::transcript, {"transcript", "transcript_object"}, Read::transcript_turns},
        {Field::recording_url, {"recording_url"}, Read::text},
    };
    return d;
}

bool is_filter_word(std::string_view word) {
    return std::find(status_filter_words.begin(), status_filter_words.end(), word) != status_filter_words.end();
}

boost::json::object enum_filter(std::initializer_list<std::string_view> words) {
    boost::json::array values;
    for (std::string_view w : words) values.emplace_back(w);
    return {{"type", "enum"}, {"op", "in"}, {"value", std::move(values)}};
}

boost::json::object enum_filter(const std::vector<std::string_view>& words) {
    boost::json::array values;
    for (std::string_view w : words) values.emplace_back(w);
    return {{"type", "enum"}, {"op", "in"}, {"value", std::move(values)}};
}

// The canonical status a call_status and disconnection_reason stand for.
CallStatus status_of(CallStatus from_table, std::string_view call_status, std::string_view reason) {
    if (call_status != "ended" && call_status != "not_connected") return from_table;
    if (reason == "dial_busy") return CallStatus::busy;
    if (reason == "dial_no_answer") return CallStatus::no_answer;
    if (reason == "dial_failed" || reason == "invalid_destination" || reason == "sip_routing_error" ||
        reason.starts_with("telephony_provider_") || reason.starts_with("error_"))
        return CallStatus::failed;
    return from_table;
}

}  // namespace

RetellDialect::RetellDialect() : ListDialect(retell_description()) {}

// Quirk: Retell filters with a JSON object of typed filters, not parameters.
Error RetellDialect::adjust_plan(const CallQuery& query, QueryPlan& plan) const {
    boost::json::object criteria;

    // Statuses: the call_status words that can stand for them. `registered`
    // (initiated) and words Retell may add (unknown) cannot be filtered, so
    // then nothing is pushed and every call is checked here. The status
    // table alone does not know that busy and no answer come from
    // disconnection reasons: whether any call can match is decided here.
    if (!query.statuses.empty()) {
        std::vector<std::string_view> words;
        bool pushable = true, producible = false, only_dial = true;
        auto add = [&](std::initializer_list<std::string_view> more) {
            for (std::string_view w : more)
                if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
        };
        for (CallStatus status : query.statuses) {
            switch (status) {
                case CallStatus::initiated:
                case CallStatus::unknown: pushable = false, producible = true, only_dial = false; break;
                case CallStatus::in_progress: add({"ongoing"}), producible = true, only_dial = false; break;
                case CallStatus::completed: add({"ended"}), producible = true, only_dial = false; break;
                // Busy and no answer come from ended or not connected calls with dial_busy and dial_no_answer only.
                case CallStatus::busy:
                case CallStatus::no_answer: add({"ended", "not_connected"}), producible = true; break;
                case CallStatus::failed: add({"ended", "not_connected", "error"}), producible = true, only_dial = false; break;
                case CallStatus::ringing:
                case CallStatus::queued:
                case CallStatus::canceled: break;  // Retell has no such state
            }
        }
        plan.matches_nothing = !producible;
        if (pushable && producible) {
            std::sort(words.begin(), words.end());
            criteria["call_status"] = enum_filter(words);
            if (only_dial) {
                std::vector<std::string_view> reasons;
                for (CallStatus status : query.statuses)
                    if (status == CallStatus::busy || status == CallStatus::no_answer)
                        reasons.push_back(status == CallStatus::busy ? "dial_busy" : "dial_no_answer");
                std::sort(reasons.begin(), reasons.end());
                reasons.erase(std::unique(reasons.begin(), reasons.end()), reasons.end());
                criteria["disconnection_reason"] = enum_filter(reasons);
            }
        }
    }
    // The vendor's own word, exactly (narrower than any status set).
    if (query.provider_status && is_filter_word(*query.provider_status))
        criteria["call_status"] = enum_filter({*query.provider_status});

    if (query.direction) {
        if (*query.direction == Direction::web) criteria["call_type"] = enum_filter({"web_call"});
        else criteria["direction"] = enum_filter({to_string(*query.direction)});
    }
    if (query.agent_id) criteria["agent"] = boost::json::array{boost::json::object{{"agent_id", *query.agent_id}}};

    // Creation bounds on start_timestamp, in milliseconds. One key takes one
    // filter, so both bounds make a range; whether `bt` includes its bounds
    // is not documented: it is one millisecond wider on each side.
    const auto millis = [](Timestamp t) { return std::int64_t{t.time_since_epoch().count()} * 1000; };
    if (query.created_from && query.created_to) {
        criteria["start_timestamp"] = {{"type", "range"},
                                       {"op", "bt"},
                                       {"value", boost::json::array{millis(*query.created_from) - 1,
                                                                    millis(*query.created_to) + 999 + 1}}};
    } else if (query.created_from) {
        criteria["start_timestamp"] = {{"type", "number"}, {"op", "ge"}, {"value", millis(*query.created_from)}};
    } else if (query.created_to) {
        criteria["start_timestamp"] = {{"type", "number"}, {"op", "le"}, {"value", millis(*query.created_to) + 999}};
    }

    // Newest first, as Retell's default says; sent so that it never changes under us.
    plan.vendor_body["sort_order"] = "descending";
    if (!criteria.empty()) plan.vendor_body["filter_criteria"] = std::move(criteria);
    return {};
}

void RetellDialect::refine(CallRecord& record, FieldReader& call, const PageContext&) const {
    if (const auto type = call.optional_string("call_type"); type != "web_call" && !call.has("direction")) {
        call.fail("direction", type ? "missing on a call of call_type " + quoted_excerpt(*type) : "missing, and no call_type");
        return;
    }
    const auto reason = call.optional_string("disconnection_reason");
    // Quirk: ended and not_connected calls say busy, no answer or failure in disconnection_reason.
    record.status = status_of(record.status, record.provider_status, reason.value_or(""));

    // Quirk: voicemail is either the reason or the analysis' in_voicemail;
    // an ended phone call whose analysis says no voicemail reached a person,
    // unless its reason says nobody answered (busy, no answer, failed).
    const auto in_voicemail = call.optional_boolean("call_analysis.in_voicemail");
    if (reason == "voicemail_reached" || in_voicemail == true)
        record.answered_by = AnsweredBy::machine;
    else if (in_voicemail == false && record.direction != Direction::web && record.provider_status == "ended" &&
             record.status == CallStatus::completed)
        record.answered_by = AnsweredBy::human;
}

// A detail body for another call than the one asked for would put one
// call's transcript on another.
void RetellDialect::refine_details(CallRecord& record, FieldReader& details, const PageContext&) const {
    const auto id = details.optional_string("call_id");
    if (details.ok() && id && *id != record.id)
        details.fail("call_id", "the details of call " + quoted_excerpt(*id) + " came for call " + quoted_excerpt(record.id));
}

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "retell",
        .summary = "Retell AI (api.retellai.com), v3 list-calls",
        .dialect = std::make_shared<RetellDialect>(),
        .token_env = "RETELL_API_KEY",
    });
}

}  // namespace callbridge::providers::retell
