#include "twilio/twilio.hpp"

#include <callbridge/registry.hpp>

#include <algorithm>
#include <cctype>

namespace callbridge::providers::twilio {
namespace {

using namespace kit;

VendorDescription twilio_description() {
    VendorDescription d;
    d.provider = "twilio";
    // Quirk: the 2010 API answers XML unless the path ends in `.json`.
    d.default_api_root = "https://api.twilio.com/2010-04-01";
    d.endpoint.path = "/Accounts/{account}/Calls.json";
    // HTTP Basic: the user is the source's (an API key SID), else the
    // Account SID; the password is the token (Auth Token or API key secret).
    d.auth = Auth{Auth::Scheme::basic, "", "account"};
    d.records = "calls";
    // A path relative to the root's origin, carrying the filters, PageSize,
    // Page and PageToken; null on the last page (see parse_page()).
    d.paging = NextLink{.next = "next_page_uri", .size_param = "PageSize"};
    d.max_page_size = 1000;

    d.mapping.rules = {
        {Field::id, {"sid"}, Read::string, true},
        {Field::provider_call_sid, {"sid"}, Read::string},
        {Field::direction, {"direction"}, Read::string, true},
        {Field::provider_status, {"status"}, Read::string, true},
        // Quirk: "human" or "machine" per the docs, "machine_start" in its
        // examples, empty (or null) without answering-machine detection.
        {Field::answered_by, {"answered_by"}, Read::text},
        // `from` is the caller: the agent's number on outbound calls, the
        // customer's on inbound ones. SIP addresses and client:/sim: ids as sent.
        {Field::from_number, {"from"}, Read::text},
        {Field::to_number, {"to"}, Read::text},
        // Quirk: RFC 2822 dates ("Tue, 18 Aug 2026 14:02:10 +0000"), not ISO 8601.
        {Field::created_at, {"date_created"}, Read::time_rfc2822, true},
        // Every member is nullable: a call with no date_updated was updated when created.
        {Field::updated_at, {"date_updated", "date_created"}, Read::time_rfc2822, true},
        // Quirk: empty (or null) until the call is dialed / unless it completed.
        {Field::started_at, {"start_time"}, Read::time_rfc2822},
        {Field::ended_at, {"end_time"}, Read::time_rfc2822},
        // Quirk: the price is a decimal string, negative for a charge, null or
        // empty until the call is billed; the cost is its magnitude.
        {Field::total_cost, {"price"}, Read::money_magnitude},
        {Field::carrier_cost, {"price"}, Read::money_magnitude},
        // Quirk: the currency is the account's, per call (`price_unit`: USD, EUR, JPY).
        {Field::currency, {"price_unit"}, Read::text},
    };
    // One to one; `canceled` is its own canonical status.
    d.mapping.statuses = StatusTable(
        {
            {"queued", CallStatus::queued},
            {"ringing", CallStatus::ringing},
            {"in-progress", CallStatus::in_progress},
            {"completed", CallStatus::completed},
            {"busy", CallStatus::busy},
            {"failed", CallStatus::failed},
            {"no-answer", CallStatus::no_answer},
            {"canceled", CallStatus::canceled},
        },
        // The values the `Status` filter takes.
        {"queued", "ringing", "in-progress", "canceled", "completed", "failed", "busy", "no-answer"});
    // Quirk: five direction words; `outbound-dial` legs are child calls,
    // listed as records of their own.
    d.mapping.directions = {{
        {"inbound", Direction::inbound},
        {"trunking-originating", Direction::inbound},
        {"outbound-api", Direction::outbound},
        {"outbound-dial", Direction::outbound},
        {"trunking-terminating", Direction::outbound},
    }};
    d.mapping.answered_by = {{
        {"human", AnsweredBy::human},
        {"machine", AnsweredBy::machine},
        {"machine", AnsweredBy::machine, true},  // machine_start, machine_end_beep, ...
        {"fax", AnsweredBy::machine},
        {"unknown", AnsweredBy::unknown},
    }};

    d.query.status_param = "Status";
    d.query.direction_param = "";  // no direction filter (adjust_plan() uses it for To/From)
    // Quirk: the date filters are on start time (null for queued calls) and
    // by whole days, so created_from/created_to are checked here only.
    d.query.refusals = {
        {Filter::agent_id, "is not offered by twilio (its calls are carrier calls: no agent or assistant)"},
        {Filter::campaign_id, "is not offered by twilio (its calls name no campaign)"},
    };
    d.read_paths = {"duration"};  // read by refine()
    return d;
}

// "AC" and 32 hexadecimal digits.
bool is_account_sid(std::string_view text) {
    return text.size() == 34 && text.starts_with("AC") &&
           std::all_of(text.begin() + 2, text.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

}  // namespace

TwilioDialect::TwilioDialect() : ListDialect(twilio_description()) {}

// Quirk: the Account SID is in the path whatever the credentials; a value of
// another form would only earn a 401 or 404 (the message never echoes it).
Error TwilioDialect::check_access(const SourceAccess& access) const {
    if (Error e = ListDialect::check_access(access)) return e;
    const std::string& account = access.parameters.find("account")->second;
    if (!is_account_sid(account))
        return invalid_option("account", std::string("is not an Account SID (AC and 32 hexadecimal digits") +
                                             (account.starts_with("SK") ? "; an API key SID (SK...) is the user name, "
                                                                          "TWILIO_API_KEY, with its secret as the token"
                                                                        : "") +
                                             ")");
    return {};
}

// Quirk: `To` and `From` are exact number filters; the customer is `to` on
// outbound calls and `from` on inbound ones, so with a direction the
// customer's number goes down as one of them (still checked here too).
Error TwilioDialect::adjust_plan(const CallQuery& query, QueryPlan& plan) const {
    if (query.customer_number && query.direction && *query.direction != Direction::web)
        plan.vendor_params.emplace_back(*query.direction == Direction::outbound ? "To" : "From", *query.customer_number);
    return {};
}

// Quirk: next_page_uri is a path on the root's origin that carries the
// Account SID, which a source keeps out of everything it reads (as every
// credential, in every form). Only the link's query (filters, PageSize,
// Page, PageToken) is followed, on the configured list path, so the link's
// path is never needed.
boost::system::result<CallPage, Error> TwilioDialect::parse_page(std::string_view body,
                                                                 const PageContext& context) const {
    auto page = ListDialect::parse_page(body, context);
    if (!page || !page->info.next) return page;
    std::string& link = page->info.next->token;
    const auto query = link.find('?');
    if (query == std::string::npos || link.find("PageToken=", query) == std::string::npos)
        return malformed(context, "next_page_uri",
                         "a link with no PageToken in its query; Twilio's pages must be followed by their links");
    link.erase(0, query);
    return page;
}

// Quirk: duration is a string of whole seconds, "empty for busy, failed,
// unanswered, or ongoing calls" (null, "" or "0": all read as 0).
void TwilioDialect::refine(CallRecord& record, FieldReader& call, const PageContext&) const {
    if (const auto* duration = call.find("duration");
        duration != nullptr && duration->is_string() && duration->get_string().empty())
        return;
    record.duration_s = call.optional_count("duration").value_or(0);
}

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "twilio",
        .summary = "Twilio Programmable Voice (api.twilio.com): Account SID with Auth Token, or an API key",
        .dialect = std::make_shared<TwilioDialect>(),
        .token_env = "TWILIO_AUTH_TOKEN",
        .user_env = "TWILIO_API_KEY",
        .parameters = {{"account", "TWILIO_ACCOUNT_SID",
                        "The Account SID (AC...): in every path, and the user name beside an Auth Token"}},
        .user_token_env = "TWILIO_API_SECRET",
    });
}

}  // namespace callbridge::providers::twilio
