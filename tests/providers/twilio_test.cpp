// The Twilio dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/twilio/QUIRKS.md, paging by
// next_page_uri, malformed bodies, Twilio's error shape, query planning and
// both forms of credentials (Account SID + Auth Token, API key SID + secret).

#include <callbridge/kit/request.hpp>
#include <callbridge/providers.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/source_config.hpp>

#include "support/fixtures.hpp"

#include <map>

using namespace callbridge;
using namespace callbridge::test;

namespace {

constexpr std::string_view account = "AC0123456789abcdef0123456789abcdef";

const Dialect& twilio() { return *find_dialect("twilio"); }

CallPage quirks() { return parse_fixture(twilio(), "twilio/quirks-page.json", context("tw", 2)); }

boost::system::result<QueryPlan, Error> plan_for(Filters filters) {
    return twilio().plan(query_with(filters));
}

SourceAccess access(std::string user = {}) {
    return default_root_access(twilio(), "auth-token-0123456789", std::move(user), {{"account", std::string(account)}});
}

using Params = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string_view> header(const HttpRequest& request, std::string_view name) {
    return find_header(request.headers, name);
}

Decimal money(std::string_view text) { return *Decimal::parse(text); }

// An environment of its own for resolve_source().
EnvironmentLookup environment(std::map<std::string, std::string> variables) {
    return [variables = std::move(variables)](const char* name) -> const char* {
        const auto found = variables.find(name);
        return found == variables.end() ? nullptr : found->second.c_str();
    };
}

SourceSpec spec_from_config(std::string_view json) {
    auto specs = read_source_config(json);
    REQUIRE_MESSAGE(specs.has_value(), (specs ? "" : specs.error().message()));
    REQUIRE(specs->size() == 1);
    return specs->front();
}

SourceSpec default_spec() {
    return spec_from_config(R"({"sources": [{"provider": "twilio"}]})");
}

}  // namespace

TEST_SUITE("twilio") {

TEST_CASE("Documented example: every canonical field of both calls") {
    const CallPage page = parse_fixture(twilio(), "twilio/documented-example.json", context("tw"));
    REQUIRE(page.records.size() == 2);

    const CallRecord& in = page.records[0];
    CHECK(in.source == "tw");
    CHECK(in.provider == "twilio");
    CHECK(in.id == "CA5d0d0d8047bf685c3f0ff980fe62c1a2");
    CHECK(in.provider_call_sid == "CA5d0d0d8047bf685c3f0ff980fe62c1a2");
    CHECK(in.direction == Direction::inbound);
    CHECK(in.status == CallStatus::completed);
    CHECK(in.provider_status == "completed");
    CHECK_FALSE(in.ended_by.has_value());
    CHECK_FALSE(in.answered_by.has_value());
    CHECK(in.agent == AgentRef{});
    CHECK_FALSE(in.campaign.has_value());
    CHECK(in.agent_number == "+12135550199");     // inbound: to
    CHECK(in.customer_number == "+14155550123");  // inbound: from
    CHECK(in.duration_s == 219);
    CHECK(in.created_at == utc(2026, 8, 18, 14, 2, 10));
    CHECK(in.updated_at == utc(2026, 8, 18, 14, 5, 53));
    CHECK(in.started_at == utc(2026, 8, 18, 14, 2, 13));
    CHECK(in.ended_at == utc(2026, 8, 18, 14, 5, 52));
    CHECK_FALSE(in.transcript.has_value());
    CHECK(in.variables.empty());
    CHECK_FALSE(in.evaluation.has_value());
    CHECK_FALSE(in.webhook_response.has_value());
    CHECK(in.total_cost == money("0.019"));
    CHECK(in.carrier_cost == money("0.019"));
    CHECK(in.currency == "USD");
    CHECK_FALSE(in.recording_url.has_value());
    CHECK_FALSE(in.is_test);
    CHECK_FALSE(in.end_reason.has_value());
    CHECK_FALSE(in.summary.has_value());
    CHECK(in.raw.at("from_formatted") == "(415) 555-0123");

    const CallRecord& out = page.records[1];
    CHECK(to_json(out) ==
          R"({"source":"tw","provider":"twilio","id":"CAa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5",)"
          R"("provider_call_sid":"CAa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5","direction":"outbound","status":"no_answer",)"
          R"("provider_status":"no-answer","ended_by":null,"answered_by":null,)"
          R"("agent":{"id":null,"name":null,"label":null},"campaign":null,"agent_number":"+12135550199",)"
          R"("customer_number":"+16465550142","duration_s":0,"created_at":"2026-08-18T13:50:01Z",)"
          R"("updated_at":"2026-08-18T13:50:32Z","transcript":null,"variables":{},"evaluation":null,)"
          R"("webhook_response":null,"carrier_cost":null,"total_cost":null,"recording_url":null,"is_test":false,)"
          R"("started_at":"2026-08-18T13:50:02Z","ended_at":null,"end_reason":null,"summary":null,"currency":"USD"})");
}

TEST_CASE("Documented example: next_page_uri is followed by its query on the configured list path") {
    const CallPage page = parse_fixture(twilio(), "twilio/documented-example.json", context("tw"));
    REQUIRE(page.info.next.has_value());
    CHECK(page.info.next->token == "?StartTime%3E=2026-08-18&PageSize=2&Page=1&PageToken=PACAa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5");
    const auto plan = plan_for({});
    REQUIRE(plan.has_value());
    const HttpRequest next = twilio().page_request(access(), *plan, *page.info.next, 2);
    CHECK(next.method == "GET");
    CHECK(next.target == "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json"
                         "?StartTime%3E=2026-08-18&PageSize=2&Page=1&PageToken=PACAa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5");
}

TEST_CASE("Quirk: the link's path is not needed - an account kept out of the body still pages") {
    // A source redacts its account SID (a credential) from every body it
    // reads, next_page_uri too; the link's query is all that is followed.
    std::string body = fixture("twilio/documented-example.json");
    for (auto at = body.find(account); at != std::string::npos; at = body.find(account, at))
        body.replace(at, account.size(), "[REDACTED]");
    const auto page = twilio().parse_page(body, context("tw"));
    REQUIRE(page.has_value());
    REQUIRE(page->info.next.has_value());
    const HttpRequest next = twilio().page_request(access(), *plan_for({}), *page->info.next, 2);
    CHECK(next.target.starts_with("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json?"));
    CHECK(next.target.find("REDACTED") == std::string::npos);
}

TEST_CASE("Quirk: the API root may have another base path and the link still lands on it") {
    auto root = ApiRoot::parse("https://proxy.example.com/twilio/2010-04-01");
    REQUIRE(root.has_value());
    SourceAccess proxied = access();
    proxied.root = *root;
    const CallPage page = parse_fixture(twilio(), "twilio/documented-example.json", context("tw"));
    const HttpRequest next = twilio().page_request(proxied, *plan_for({}), *page.info.next, 2);
    CHECK(next.target.starts_with("/twilio/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json?"));
}

TEST_CASE("Documented last page: next_page_uri null ends the list") {
    const CallPage page = parse_fixture(twilio(), "twilio/last-page.json", context("tw", 4));
    REQUIRE(page.records.size() == 1);
    CHECK_FALSE(page.info.next.has_value());
    CHECK(page.records[0].status == CallStatus::busy);
    CHECK(page.records[0].duration_s == 0);
    CHECK_FALSE(page.records[0].total_cost.has_value());
}

TEST_CASE("Paging: the first request - a middle page and an empty page") {
    const auto plan = plan_for({{"page_size", "25"}});
    const HttpRequest first = twilio().page_request(access(), *plan, PageCursor{}, 25);
    CHECK(first.target == "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json?PageSize=25");
    CHECK(header(first, "Accept") == "application/json");

    const CallPage middle = quirks();
    CHECK(middle.records.size() == 10);
    REQUIRE(middle.info.next.has_value());
    CHECK(middle.info.next->token == "?PageSize=10&Page=2&PageToken=PACA00000000000000000000000000000010");

    const CallPage empty = parse_fixture(twilio(), "twilio/empty-page.json", context("tw", 3));
    CHECK(empty.records.empty());
    CHECK_FALSE(empty.info.next.has_value());
}

TEST_CASE("Quirk: canceled queued ringing in-progress are their own statuses and an unknown word is kept") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "CA00000000000000000000000000000001").status == CallStatus::canceled);
    CHECK(record_with_id(page, "CA00000000000000000000000000000004").status == CallStatus::queued);
    CHECK(record_with_id(page, "CA00000000000000000000000000000005").status == CallStatus::ringing);
    CHECK(record_with_id(page, "CA00000000000000000000000000000006").status == CallStatus::in_progress);
    CHECK(record_with_id(page, "CA00000000000000000000000000000007").status == CallStatus::failed);
    CHECK(record_with_id(page, "CA00000000000000000000000000000009").status == CallStatus::busy);
    CHECK(record_with_id(page, "CA00000000000000000000000000000010").status == CallStatus::no_answer);
    const CallRecord& unknown = record_with_id(page, "CA00000000000000000000000000000008");
    CHECK(unknown.status == CallStatus::unknown);
    CHECK(unknown.provider_status == "scheduled");
}

TEST_CASE("Quirk: five direction words - trunking-originating is inbound and outbound-dial legs are outbound") {
    const CallPage page = quirks();
    const CallRecord& leg = record_with_id(page, "CA00000000000000000000000000000003");
    CHECK(leg.direction == Direction::outbound);
    CHECK(leg.customer_number == "sip:agent@example.sip.twilio.com");  // as sent
    CHECK(leg.raw.at("parent_call_sid") == "CA00000000000000000000000000000002");
    const CallRecord& trunk_in = record_with_id(page, "CA00000000000000000000000000000006");
    CHECK(trunk_in.direction == Direction::inbound);
    CHECK(trunk_in.customer_number == "client:alice");
    CHECK(trunk_in.agent_number == "+12135550199");
    CHECK(record_with_id(page, "CA00000000000000000000000000000005").direction == Direction::outbound);
    CHECK(record_with_id(page, "CA00000000000000000000000000000002").direction == Direction::inbound);
}

TEST_CASE("Quirk: prices are negative decimal strings and the cost is their exact magnitude") {
    const CallPage page = quirks();
    const CallRecord& eur = record_with_id(page, "CA00000000000000000000000000000002");
    CHECK(eur.total_cost == money("0.0085"));
    CHECK(eur.carrier_cost == money("0.0085"));
    CHECK(eur.currency == "EUR");
    const CallRecord& yen = record_with_id(page, "CA00000000000000000000000000000003");
    CHECK(yen.total_cost == money("2"));
    CHECK(yen.currency == "JPY");
    CHECK(record_with_id(page, "CA00000000000000000000000000000007").total_cost == money("0"));
    // Not documented: a positive price (a credit) is read as its magnitude too.
    CHECK(record_with_id(page, "CA00000000000000000000000000000009").total_cost == money("0.015"));
    CHECK(to_json(eur).find("\"total_cost\":0.0085,") != std::string::npos);
}

TEST_CASE("Quirk: an empty or null price is no price and an absent price_unit no currency") {
    const CallPage page = quirks();
    const CallRecord& canceled = record_with_id(page, "CA00000000000000000000000000000001");
    CHECK_FALSE(canceled.total_cost.has_value());
    CHECK_FALSE(canceled.carrier_cost.has_value());
    CHECK(canceled.currency == "USD");  // price_unit is sent before any price
    const CallRecord& bare = record_with_id(page, "CA00000000000000000000000000000008");
    CHECK_FALSE(bare.total_cost.has_value());
    CHECK_FALSE(bare.currency.has_value());
}

TEST_CASE("Quirk: durations are strings and empty null or absent is 0") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "CA00000000000000000000000000000002").duration_s == 61);
    CHECK(record_with_id(page, "CA00000000000000000000000000000001").duration_s == 0);  // ""
    CHECK(record_with_id(page, "CA00000000000000000000000000000004").duration_s == 0);  // null
    CHECK(record_with_id(page, "CA00000000000000000000000000000005").duration_s == 0);  // "0"
    CHECK(record_with_id(page, "CA00000000000000000000000000000008").duration_s == 0);  // absent
}

TEST_CASE("Quirk: RFC 2822 dates become RFC 3339 UTC and empty start and end times are null") {
    const CallPage page = quirks();
    const CallRecord& offset = record_with_id(page, "CA00000000000000000000000000000009");
    CHECK(offset.created_at == utc(2026, 8, 17, 11, 5, 0));  // +0200
    CHECK(offset.started_at == utc(2026, 8, 17, 11, 5, 1));
    CHECK(to_json(offset).find("\"created_at\":\"2026-08-17T11:05:00Z\"") != std::string::npos);
    CHECK(record_with_id(page, "CA00000000000000000000000000000010").created_at == utc(2026, 8, 3, 9, 0, 0));
    const CallRecord& canceled = record_with_id(page, "CA00000000000000000000000000000001");
    CHECK_FALSE(canceled.started_at.has_value());  // ""
    CHECK_FALSE(canceled.ended_at.has_value());    // ""
    const CallRecord& bare = record_with_id(page, "CA00000000000000000000000000000008");
    CHECK_FALSE(bare.started_at.has_value());  // absent
}

TEST_CASE("Quirk: a null or absent date_updated is the date the call was created") {
    const CallPage page = quirks();
    const CallRecord& queued = record_with_id(page, "CA00000000000000000000000000000004");
    CHECK(queued.updated_at == utc(2026, 8, 17, 11, 45, 0));
    CHECK(record_with_id(page, "CA00000000000000000000000000000008").updated_at == utc(2026, 8, 17, 11, 10, 0));
}

TEST_CASE("Quirk: answered_by human machine_ anything fax unknown and empty") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "CA00000000000000000000000000000002").answered_by == AnsweredBy::machine);  // machine_start
    CHECK(record_with_id(page, "CA00000000000000000000000000000009").answered_by == AnsweredBy::machine);  // machine_end_beep
    CHECK(record_with_id(page, "CA00000000000000000000000000000007").answered_by == AnsweredBy::machine);  // fax
    CHECK(record_with_id(page, "CA00000000000000000000000000000003").answered_by == AnsweredBy::human);
    CHECK(record_with_id(page, "CA00000000000000000000000000000005").answered_by == AnsweredBy::unknown);
    CHECK_FALSE(record_with_id(page, "CA00000000000000000000000000000001").answered_by.has_value());  // ""
    CHECK_FALSE(record_with_id(page, "CA00000000000000000000000000000004").answered_by.has_value());  // null
}

TEST_CASE("Quirk: unknown members are kept in raw and never mapped") {
    const CallPage page = quirks();
    const CallRecord& queued = record_with_id(page, "CA00000000000000000000000000000004");
    CHECK(queued.raw.at("annotation") == "not documented");
    CHECK(queued.raw.at("queue_time") == "1000");
}

TEST_CASE("Malformed bodies are errors naming the source page and field") {
    check_malformed_pages(twilio(), {
        {"calls-not-array.json", "calls", ""},
        {"sid-null.json", "calls[1].sid", "null"},
        {"date-created-iso8601.json", "calls[1].date_created", "not a timestamp"},
        {"date-created-null.json", "calls[0].date_created", "null"},
        {"unknown-direction.json", "calls[1].direction", "sideways"},
        {"status-missing.json", "calls[0].status", "missing"},
        {"price-not-numeric.json", "calls[0].price", ""},
        {"duration-negative.json", "calls[0].duration", "non-negative"},
        {"duration-number-text.json", "calls[0].duration", "non-negative"},
        {"next-page-uri-without-token.json", "next_page_uri", "PageToken"},
        {"next-page-uri-a-number.json", "next_page_uri", ""},
        {"not-json.xml", nullptr, ""},
    }, 4, "tw");
}

TEST_CASE("Error bodies: Twilio's code message more_info and status for every status") {
    const PageContext at = context("tw", 2);
    const Error unauthorized = classify_error_fixture(twilio(), 401, "401-authenticate.json", at);
    CHECK(unauthorized.is(errc::unauthorized));
    CHECK(unauthorized.details().message.find("Authenticate") != std::string::npos);
    CHECK(unauthorized.details().source == "tw");
    CHECK(unauthorized.details().page == 2u);

    const Error token = classify_error_fixture(twilio(), 400, "400-invalid-page-token.json", at);
    CHECK(token.is(errc::rejected_by_vendor));
    CHECK(token.details().message.find("Invalid PageToken") != std::string::npos);
    CHECK(token.details().message.find("21481") != std::string::npos);

    const Error status = classify_error_fixture(twilio(), 400, "400-invalid-status.json", at);
    CHECK(status.is(errc::rejected_by_vendor));
    CHECK(status.details().message.find("Invalid Status: ended") != std::string::npos);

    const Error problem = classify_error_fixture(twilio(), 400, "400-problem-details.json", at);
    CHECK(problem.is(errc::rejected_by_vendor));
    CHECK(problem.details().message.find("PageSize must be between 1 and 1000") != std::string::npos);

    const Error missing = classify_error_fixture(twilio(), 404, "404-not-found.json", at);
    CHECK(missing.details().message.find("was not found") != std::string::npos);

    const Error limited = classify_error_fixture(twilio(), 429, "429-too-many-requests.json", at);
    CHECK(limited.is(errc::rate_limited));
    CHECK(limited.details().message.find("Too Many Requests") != std::string::npos);
    CHECK_FALSE(limited.details().retry_after.has_value());

    CHECK(classify_error_fixture(twilio(), 500, "500-internal.json", at).is(errc::vendor_unavailable));
    const Error html = classify_error_fixture(twilio(), 503, "503-html.html", at);
    CHECK(html.is(errc::vendor_unavailable));
    CAPTURE(html.message());
    CHECK(html.message().find("503 Service Temporarily Unavailable") != std::string::npos);
}

TEST_CASE("Plan: one status goes down as Status and the rest is checked locally") {
    const auto plan = plan_for({{"status", "canceled"}, {"created_from", "2026-08-17"}, {"search", "555"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params == Params{{"Status", "canceled"}});
    CHECK(plan->local.created_from.has_value());
    CHECK(plan->local.search == "555");
    CHECK(plan->local.statuses == std::vector{CallStatus::canceled});

    CHECK(plan_for({{"status", "no_answer"}})->vendor_params == Params{{"Status", "no-answer"}});
    CHECK(plan_for({{"provider_status", "in-progress"}})->vendor_params == Params{{"Status", "in-progress"}});
    // Two statuses: Twilio's filter takes one; everything is fetched.
    CHECK(plan_for({{"status", "busy,failed"}})->vendor_params.empty());
    // No Twilio call is initiated: nothing is fetched.
    CHECK(plan_for({{"status", "initiated"}})->matches_nothing);
}

TEST_CASE("Plan: created_from and created_to stay local - Twilio filters start times by whole days") {
    const auto plan = plan_for({{"created_from", "2026-08-17T11:00:00Z"}, {"created_to", "2026-08-17"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params.empty());
    CHECK(plan->local.created_from == utc(2026, 8, 17, 11, 0, 0));
}

TEST_CASE("Plan: with a direction the customer number goes down as To or From with + as %2B") {
    auto outbound = plan_for({{"direction", "outbound"}, {"customer_number", "+16465550142"}});
    REQUIRE(outbound.has_value());
    CHECK(outbound->vendor_params == Params{{"To", "+16465550142"}});
    CHECK(outbound->local.customer_number == "+16465550142");
    const HttpRequest request = twilio().page_request(access(), *outbound, PageCursor{}, 100);
    CHECK(request.target ==
          "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json?To=%2B16465550142&PageSize=100");

    CHECK(plan_for({{"direction", "inbound"}, {"customer_number", "+14155550123"}})->vendor_params ==
          Params{{"From", "+14155550123"}});
    // Without a direction the number may be either: checked locally only.
    CHECK(plan_for({{"customer_number", "+14155550123"}})->vendor_params.empty());
    // Twilio has no web calls.
    CHECK(plan_for({{"direction", "web"}})->matches_nothing);
}

TEST_CASE("Plan: agent_id and campaign_id are refused before any request") {
    for (auto filter : {"agent_id", "campaign_id"}) {
        CAPTURE(filter);
        const auto plan = plan_for({{filter, "x1"}});
        REQUIRE(plan.has_error());
        CHECK(plan.error().is(errc::unsupported_filter));
        CHECK(plan.error().details().filter == filter);
        CHECK(plan.error().details().provider == "twilio");
    }
}

TEST_CASE("Credentials: Account SID and Auth Token as Basic - the account in the path") {
    const auto plan = plan_for({});
    const HttpRequest request = twilio().page_request(access(), *plan, PageCursor{}, 50);
    CHECK(header(request, "Authorization") ==
          "Basic " + kit::base64("AC0123456789abcdef0123456789abcdef:auth-token-0123456789"));
    CHECK(request.target.starts_with("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json"));
}

TEST_CASE("Credentials: an API key SID and secret as Basic - the Account SID still in the path") {
    const HttpRequest request =
        twilio().page_request(access("SK0123456789abcdef0123456789abcdef"), *plan_for({}), PageCursor{}, 50);
    CHECK(header(request, "Authorization") ==
          "Basic " + kit::base64("SK0123456789abcdef0123456789abcdef:auth-token-0123456789"));
    CHECK(request.target.starts_with("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json"));
}

TEST_CASE("Credentials: the account is required and must be an Account SID - never echoed") {
    SourceAccess none = access();
    none.parameters.clear();
    const Error missing = twilio().check_access(none);
    CHECK(missing.is(errc::invalid_option));
    CHECK(missing.details().option == "account");

    SourceAccess key = access();
    key.parameters["account"] = "SK0123456789abcdef0123456789abcdef";
    const Error swapped = twilio().check_access(key);
    CHECK(swapped.is(errc::invalid_option));
    CHECK(swapped.message().find("API key SID") != std::string::npos);
    CHECK(swapped.message().find("SK0123456789") == std::string::npos);
    CHECK_FALSE(twilio().check_access(access()));
}

TEST_CASE("Credentials: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN by default") {
    const auto options = resolve_source(default_spec(), Registry::with_shipped_providers(),
                                        environment({{"TWILIO_ACCOUNT_SID", std::string(account)},
                                                     {"TWILIO_AUTH_TOKEN", "auth-token-0123456789"}}));
    REQUIRE_MESSAGE(options.has_value(), (options ? "" : options.error().message()));
    CHECK(options->token == "auth-token-0123456789");
    CHECK(options->user.empty());  // the account is the user
    CHECK(options->parameters.at("account") == account);
}

TEST_CASE("Credentials: TWILIO_API_KEY with TWILIO_API_SECRET win as Twilio's CLI takes them") {
    const auto options = resolve_source(default_spec(), Registry::with_shipped_providers(),
                                        environment({{"TWILIO_ACCOUNT_SID", std::string(account)},
                                                     {"TWILIO_AUTH_TOKEN", "auth-token-0123456789"},
                                                     {"TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"},
                                                     {"TWILIO_API_SECRET", "key-secret-0123456789"}}));
    REQUIRE(options.has_value());
    CHECK(options->user == "SK0123456789abcdef0123456789abcdef");
    CHECK(options->token == "key-secret-0123456789");
    CHECK(options->parameters.at("account") == account);
}

TEST_CASE("Credentials: an API key without its secret never goes with the Auth Token") {
    const auto options = resolve_source(default_spec(), Registry::with_shipped_providers(),
                                        environment({{"TWILIO_ACCOUNT_SID", std::string(account)},
                                                     {"TWILIO_AUTH_TOKEN", "auth-token-0123456789"},
                                                     {"TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"}}));
    REQUIRE(options.has_value());
    CHECK(options->user.empty());
    CHECK(options->token == "auth-token-0123456789");

    const auto neither = resolve_source(default_spec(), Registry::with_shipped_providers(),
                                        environment({{"TWILIO_ACCOUNT_SID", std::string(account)}}));
    REQUIRE(neither.has_error());
    CHECK(neither.error().is(errc::invalid_option));
    CHECK(neither.error().message().find("TWILIO_AUTH_TOKEN") != std::string::npos);
    CHECK(neither.error().message().find("TWILIO_API_SECRET") != std::string::npos);

    const auto no_account = resolve_source(default_spec(), Registry::with_shipped_providers(),
                                           environment({{"TWILIO_AUTH_TOKEN", "auth-token-0123456789"}}));
    REQUIRE(no_account.has_error());
    CHECK(no_account.error().message().find("TWILIO_ACCOUNT_SID") != std::string::npos);
}

TEST_CASE("Credentials: a config file names the account and its own variables for either form") {
    const auto registry = Registry::with_shipped_providers();
    const auto token_form = resolve_source(
        spec_from_config(R"({"sources": [{"provider": "twilio", "account": "AC0123456789abcdef0123456789abcdef",
                                          "token_env": "SHOP_TWILIO_TOKEN"}]})"),
        registry, environment({{"SHOP_TWILIO_TOKEN", "auth-token-0123456789"},
                               {"TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"}}));
    REQUIRE_MESSAGE(token_form.has_value(), (token_form ? "" : token_form.error().message()));
    CHECK(token_form->user.empty());  // the default key variable does not pair with a token of its own
    CHECK(token_form->token == "auth-token-0123456789");
    CHECK(token_form->parameters.at("account") == account);

    const auto key_form = resolve_source(
        spec_from_config(R"({"sources": [{"provider": "twilio", "account_env": "SHOP_ACCOUNT",
                                          "user_env": "SHOP_KEY", "token_env": "SHOP_SECRET"}]})"),
        registry, environment({{"SHOP_ACCOUNT", std::string(account)},
                               {"SHOP_KEY", "SK0123456789abcdef0123456789abcdef"},
                               {"SHOP_SECRET", "key-secret-0123456789"}}));
    REQUIRE_MESSAGE(key_form.has_value(), (key_form ? "" : key_form.error().message()));
    CHECK(key_form->user == "SK0123456789abcdef0123456789abcdef");
    CHECK(key_form->token == "key-secret-0123456789");

    const auto unset_key = resolve_source(
        spec_from_config(R"({"sources": [{"provider": "twilio", "user_env": "SHOP_KEY"}]})"), registry,
        environment({{"TWILIO_ACCOUNT_SID", std::string(account)}, {"TWILIO_AUTH_TOKEN", "auth-token-0123456789"}}));
    REQUIRE(unset_key.has_error());
    CHECK(unset_key.error().message().find("SHOP_KEY") != std::string::npos);

    const auto unknown = read_source_config(R"({"sources": [{"provider": "twilio", "acount": "AC1"}]})");
    REQUIRE(unknown.has_error());
    CHECK(unknown.error().message().find("account") != std::string::npos);
}

}  // TEST_SUITE
