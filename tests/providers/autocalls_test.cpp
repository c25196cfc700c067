// The Autocalls dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/autocalls/QUIRKS.md, paging,
// malformed bodies, error bodies and query planning.

#include <callbridge/providers.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/fixtures.hpp"

#include <atomic>
#include <thread>

using namespace callbridge;
using namespace callbridge::test;

namespace {

const Dialect& autocalls() { return *find_dialect("autocalls"); }

CallPage quirks(TimeZone zone = {}) { return parse_fixture(autocalls(), "autocalls/quirks-page.json", context("main", 2, zone)); }

boost::json::object object(std::string_view json) { return boost::json::parse(json).as_object(); }

QueryPlan plan_for(Filters filters) {
    auto plan = autocalls().plan(query_with(filters));
    REQUIRE_MESSAGE(plan.has_value(), (plan.has_error() ? plan.error().message() : ""));
    return *plan;
}

}  // namespace

TEST_SUITE("autocalls") {

TEST_CASE("Documented example: every canonical field") {
    const CallPage page = parse_fixture(autocalls(), "autocalls/documented-example.json", context("main"));
    REQUIRE(page.records.size() == 1);
    const CallRecord& r = page.records[0];
    CHECK(r.source == "main");
    CHECK(r.provider == "autocalls");
    CHECK(r.id == "123");
    CHECK_FALSE(r.provider_call_sid.has_value());
    CHECK(r.direction == Direction::outbound);
    CHECK(r.status == CallStatus::completed);
    CHECK(r.provider_status == "completed");
    CHECK_FALSE(r.ended_by.has_value());
    CHECK(r.answered_by == AnsweredBy::human);
    CHECK(r.agent == AgentRef{std::nullopt, "Sales Assistant", std::nullopt});
    CHECK(r.campaign == CampaignRef{std::nullopt, "Q4 Outreach Campaign"});
    CHECK(r.agent_number == "+1234567890");
    CHECK(r.customer_number == "+1987654321");
    CHECK(r.duration_s == 245);
    CHECK(r.created_at == utc(2025, 8, 4, 14, 30, 0));
    CHECK(r.updated_at == utc(2025, 8, 4, 14, 34, 5));
    CHECK(r.transcript == "Hello, this is Sarah from Autocalls. How are you doing today?...");
    CHECK(r.variables ==
          object(R"({"customer_name":"John Smith","interest_level":"high","follow_up_date":"2025-08-15"})"));
    CHECK(r.evaluation == object(R"({"sentiment":"positive","outcome":"qualified_lead","score":8.5})"));
    CHECK(r.webhook_response == object(R"({"status":"success","data":{"crm_contact_id":"abc123"}})"));
    CHECK(r.carrier_cost->to_string() == "0.02");
    CHECK(r.total_cost->to_string() == "0.025");
    CHECK(r.recording_url == "https://recordings.autocalls.ai/calls/123.mp3");
    CHECK_FALSE(r.is_test);
    CHECK(r.raw.at("id") == 123);
    CHECK(r.raw.size() == 18);

    CHECK(to_json(r) ==
          R"({"source":"main","provider":"autocalls","id":"123","provider_call_sid":null,"direction":"outbound",)"
          R"("status":"completed","provider_status":"completed","ended_by":null,"answered_by":"human",)"
          R"("agent":{"id":null,"name":"Sales Assistant","label":null},)"
          R"("campaign":{"id":null,"name":"Q4 Outreach Campaign"},"agent_number":"+1234567890",)"
          R"("customer_number":"+1987654321","duration_s":245,"created_at":"2025-08-04T14:30:00Z",)"
          R"("updated_at":"2025-08-04T14:34:05Z",)"
          R"("transcript":"Hello, this is Sarah from Autocalls. How are you doing today?...",)"
          R"("variables":{"customer_name":"John Smith","interest_level":"high","follow_up_date":"2025-08-15"},)"
          R"("evaluation":{"sentiment":"positive","outcome":"qualified_lead","score":8.5},)"
          R"("webhook_response":{"status":"success","data":{"crm_contact_id":"abc123"}},)"
          R"("carrier_cost":0.02,"total_cost":0.025,)"
          R"("recording_url":"https://recordings.autocalls.ai/calls/123.mp3","is_test":false,)"
          R"("started_at":null,"ended_at":null,"end_reason":null,"summary":null,"currency":null})");
}

TEST_CASE("Documented example: Laravel paging") {
    const CallPage page = parse_fixture(autocalls(), "autocalls/documented-example.json", context("main"));
    CHECK(page.info.page == 1);
    CHECK(page.info.last_page == 10u);
    CHECK(page.info.per_page == 15u);
    CHECK(page.info.total == 150u);
    CHECK(page.info.vendor_records == 1);
    REQUIRE(page.info.next.has_value());
    CHECK(page.info.next->page == 2);
}

TEST_CASE("Quirk: link labels with HTML entities or raw characters are never read") {
    const CallPage entity = parse_fixture(autocalls(), "autocalls/documented-example.json", context("main"));
    const CallPage rendered = parse_fixture(autocalls(), "autocalls/documented-example-rendered.json", context("main"));
    REQUIRE(rendered.records.size() == 1);
    CHECK(rendered.records[0] == entity.records[0]);
    CHECK(rendered.info == entity.info);
}

TEST_CASE("Quirk: unanswered reads as no_answer and the vendor word is kept") {
    const CallPage page = quirks();
    const CallRecord& r = record_with_id(page, "9001");
    CHECK(r.status == CallStatus::no_answer);
    CHECK(r.provider_status == "unanswered");
}

TEST_CASE("Quirk: ended_by_customer and ended_by_assistant are completed calls that say who ended them") {
    const CallPage page = quirks();
    const CallRecord& by_customer = record_with_id(page, "9000");
    CHECK(by_customer.status == CallStatus::completed);
    CHECK(by_customer.ended_by == EndedBy::customer);
    const CallRecord& by_assistant = record_with_id(page, "8999");
    CHECK(by_assistant.status == CallStatus::completed);
    CHECK(by_assistant.ended_by == EndedBy::assistant);
    CHECK_FALSE(record_with_id(page, "9001").ended_by.has_value());
}

TEST_CASE("Quirk: an unknown status is unknown with the vendor's word kept") {
    const CallPage page = quirks();
    const CallRecord& r = record_with_id(page, "8998");
    CHECK(r.status == CallStatus::unknown);
    CHECK(r.provider_status == "voicemail-detected");
    CHECK(record_with_id(page, "8997").status == CallStatus::in_progress);
}

TEST_CASE("Quirk: a transcript sent as an array of turns becomes one line per turn") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "9000").transcript == "assistant: Hi, how can I help?\nuser: Just testing.");
    CHECK(record_with_id(page, "8999").transcript ==
          "bot: Hello, support here.\n[customer put on hold]\ncustomer: Bye");
    CHECK(record_with_id(page, "8998").transcript == "");
    CHECK_FALSE(record_with_id(page, "9001").transcript.has_value());
}

TEST_CASE("Quirk: [] where an object is expected is an empty object - null or missing variables are {}") {
    const CallPage page = quirks();
    const CallRecord& brackets = record_with_id(page, "9001");
    CHECK(brackets.variables.empty());
    REQUIRE(brackets.evaluation.has_value());
    CHECK(brackets.evaluation->empty());
    CHECK_FALSE(brackets.webhook_response.has_value());  // null stays null
    CHECK(record_with_id(page, "9000").variables.empty());  // null
    CHECK(record_with_id(page, "8999").variables.empty());  // missing
    CHECK(record_with_id(page, "8999").webhook_response == boost::json::object());
    CHECK(record_with_id(page, "8998").variables == object(R"({"attempt":3,"notes":null})"));
}

TEST_CASE("Quirk: money as numeric strings integer 0 numbers and null exactly") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "9001").carrier_cost->to_string() == "0.03");
    CHECK(record_with_id(page, "9001").total_cost->to_string() == "0.045");
    CHECK(record_with_id(page, "9000").carrier_cost->to_string() == "0");
    CHECK(record_with_id(page, "9000").total_cost->to_string() == "0.012");
    CHECK(record_with_id(page, "8999").total_cost->to_string() == "1.5");
    CHECK(record_with_id(page, "8998").carrier_cost->to_string() == "0");
    CHECK(record_with_id(page, "8998").total_cost->to_string() == "0");
    CHECK_FALSE(record_with_id(page, "8997").carrier_cost.has_value());
    CHECK(to_json(record_with_id(page, "9001")).find(R"("carrier_cost":0.03,"total_cost":0.045,)") !=
          std::string::npos);

    // Summed as money, the page's total costs come to exactly 0.045 + 0.012 + 1.5 + 0.
    Decimal sum;
    for (const auto& r : page.records) sum += r.total_cost.value_or(Decimal());
    CHECK(sum.to_string() == "1.557");
}

TEST_CASE("Quirk: web calls have null numbers - an empty number reads as null") {
    const CallPage page = quirks();
    const CallRecord& web = record_with_id(page, "9000");
    CHECK(web.direction == Direction::web);
    CHECK_FALSE(web.agent_number.has_value());
    CHECK_FALSE(web.customer_number.has_value());
    CHECK(record_with_id(page, "8998").agent_number == "+14155550100");
    CHECK_FALSE(record_with_id(page, "8998").customer_number.has_value());
}

TEST_CASE("Quirk: duration null is 0 - a fractional duration is cut to whole seconds") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "9001").duration_s == 0);
    CHECK(record_with_id(page, "8998").duration_s == 12);
}

TEST_CASE("Quirk: answering-machine words read as machine other unknown words as unknown") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "9001").answered_by == AnsweredBy::machine);
    CHECK(record_with_id(page, "8998").answered_by == AnsweredBy::unknown);
    CHECK_FALSE(record_with_id(page, "9000").answered_by.has_value());
}

TEST_CASE("Quirk: an empty recording URL is null - a null campaign or assistant name is null") {
    const CallPage page = quirks();
    CHECK_FALSE(record_with_id(page, "9001").recording_url.has_value());
    CHECK_FALSE(record_with_id(page, "9001").campaign.has_value());
    CHECK(record_with_id(page, "9000").campaign == CampaignRef{std::nullopt, "Website"});
    CHECK_FALSE(record_with_id(page, "8997").agent.name.has_value());
}

TEST_CASE("Quirk: fields the spec does not name are kept in raw") {
    const CallPage page = quirks();
    const CallRecord& r = record_with_id(page, "9001");
    CHECK(r.raw.at("ended_reason") == "no-answer-timeout");
    CHECK(r.raw.at("metadata") == object(R"({"crm":"hubspot","retries":2})"));
    CHECK(r.raw.at("variables").is_array());  // raw is what the vendor sent
    CHECK(to_json(r, {.include_raw = true}).find(R"("ended_reason":"no-answer-timeout")") != std::string::npos);
}

TEST_CASE("Quirk: naive timestamps are read in the source's zone (UTC by default)") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "9001").created_at == utc(2025, 8, 4, 14, 30, 0));
    CHECK(record_with_id(page, "8997").created_at == utc(2025, 8, 3, 23, 59, 59));
    const CallPage bucharest = quirks(*TimeZone::parse("Europe/Bucharest"));
    CHECK(record_with_id(bucharest, "9001").created_at == utc(2025, 8, 4, 11, 30, 0));
    CHECK(record_with_id(bucharest, "9001").updated_at == utc(2025, 8, 4, 11, 30, 45));
    const CallPage fixed = quirks(*TimeZone::parse("-05:00"));
    CHECK(record_with_id(fixed, "8997").created_at == utc(2025, 8, 4, 4, 59, 59));
}

TEST_CASE("Records of one page can be copied and changed on several threads at once") {
    const CallPage page = quirks();
    std::vector<std::thread> threads;
    std::atomic<int> mismatches = 0;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 300; ++round) {
                CallRecord copy = page.records[static_cast<std::size_t>((t + round) % 5)];
                copy.variables["round"] = round;  // allocates in the page's memory
                copy.raw["seen_by"] = t;
                if (copy.id != page.records[static_cast<std::size_t>((t + round) % 5)].id) ++mismatches;
            }
        });
    for (auto& thread : threads) thread.join();
    CHECK(mismatches == 0);
    CHECK(record_with_id(page, "9001").raw.at("ended_reason") == "no-answer-timeout");
}

TEST_CASE("Paging: a middle page the last page an empty page") {
    const CallPage middle = quirks();
    CHECK(middle.info.page == 2);
    CHECK(middle.info.last_page == 3u);
    CHECK(middle.info.total == 11u);
    CHECK(middle.info.vendor_records == 5);
    CHECK(middle.info.next == PageCursor{3, {}});
    CHECK(middle.records.size() == 5);
    CHECK(middle.records.front().id == "9001");  // vendor order kept
    CHECK(middle.records.back().id == "8997");

    const CallPage last = parse_fixture(autocalls(), "autocalls/last-page.json", context("main", 3));
    CHECK(last.records.size() == 1);
    CHECK_FALSE(last.info.next.has_value());

    const CallPage empty = parse_fixture(autocalls(), "autocalls/empty-page.json", context("main"));
    CHECK(empty.records.empty());
    CHECK(empty.info.total == 0u);
    CHECK_FALSE(empty.info.next.has_value());
}

TEST_CASE("Paging: a null next_page_url ends the listing even before last_page") {
    auto body = object(fixture("autocalls/documented-example.json"));
    body["next_page_url"] = nullptr;
    const auto page = autocalls().parse_page(boost::json::serialize(body), context("main"));
    REQUIRE(page.has_value());
    CHECK_FALSE(page->info.next.has_value());
}

TEST_CASE("Paging: a page other than the one asked for is an error not a repeat") {
    const auto page = autocalls().parse_page(fixture("autocalls/quirks-page.json"), context("main", 3));
    REQUIRE(page.has_error());
    CHECK(page.error().is(errc::malformed_response));
    CHECK(page.error().details().field == "current_page");
    CHECK(page.error().message() ==
          "source 'main' (autocalls), page 3: malformed response: current_page: asked for page 3, got page 2");
}

TEST_CASE("Malformed bodies are errors naming the source page and field") {
    check_malformed_pages(autocalls(), {
        {"bad-created-at.json", "data[0].created_at", "not a timestamp: \"04/08/2025 14:30\""},
        {"missing-id.json", "data[0].id", "missing"},
        {"unknown-type.json", "data[0].type", "unknown call type \"sip-trunk\""},
        {"money-not-a-number.json", "data[0].total_cost", "not an exact decimal amount"},
        {"variables-a-string.json", "data[0].variables", "expected an object, got a string"},
        {"data-not-an-array.json", "data", "expected an array"},
        {"record-not-an-object.json", "data[1]", "expected a call object, got a number"},
        {"negative-duration.json", "data[0].duration", "negative: -5"},
        {"no-paging.json", "last_page", "no paging information"},
        {"last-page-a-word.json", "last_page", "expected a non-negative whole number"},
        {"html-login-page.html", "", "not JSON"},
        {"truncated.json", "", "not JSON"},
        {"too-deep.json", "", "nested deeper than 64 levels"},
    });
}

TEST_CASE("An error body given as a page says what the vendor said") {
    const auto page = autocalls().parse_page(fixture("autocalls/errors/401-unauthenticated.json"), context("main"));
    REQUIRE(page.has_error());
    CHECK(page.error().details().message == "missing; the vendor said: Unauthenticated.");
}

TEST_CASE("Error bodies: every shape classified by status first") {
    const PageContext at = context("main", 4);
    const Error unauthenticated = classify_error_fixture(autocalls(), 401, "401-unauthenticated.json", at);
    CHECK(unauthenticated.is(errc::unauthorized));
    CHECK(unauthenticated.details().message == "Unauthenticated.");
    CHECK(unauthenticated.details().http_status == 401);
    CHECK(unauthenticated.details().page == 4u);

    const Error key = classify_error_fixture(autocalls(), 401, "401-error-string.json", at);
    CHECK(key.is(errc::unauthorized));
    CHECK(key.details().message == "Invalid API key");

    const Error expired = classify_error_fixture(autocalls(), 403, "403-status-false.json", at);
    CHECK(expired.is(errc::unauthorized));
    CHECK(expired.details().message == "Your subscription has expired");

    const Error validation = classify_error_fixture(autocalls(), 422, "422-validation.json", at);
    CHECK(validation.is(errc::rejected_by_vendor));
    CHECK(validation.details().message == "The selected status is invalid. (and 1 more error)");
    REQUIRE(validation.details().field_errors.size() == 2);
    CHECK(validation.details().field_errors[0] == FieldError{"status", {"The selected status is invalid."}});
    CHECK(validation.details().field_errors[1].field == "per_page");

    const Error coded = classify_error_fixture(autocalls(), 422, "422-success-false-error-code.json", at);
    CHECK(coded.is(errc::rejected_by_vendor));
    CHECK(coded.details().message == "Assistant not found (ASSISTANT_NOT_FOUND)");

    const Error limited = classify_error_fixture(autocalls(), 429, "429-too-many-attempts.json", at);
    CHECK(limited.is(errc::rate_limited));
    CHECK(limited.details().message == "Too Many Attempts.");
    CHECK(limited.details().retry_after == std::chrono::seconds(60));

    const Error not_found = classify_error_fixture(autocalls(), 404, "404-call-not-found.json", at);
    CHECK(not_found.is(errc::malformed_response));
    CHECK(not_found.details().message == "Call not found; check the API root");

    const Error server = classify_error_fixture(autocalls(), 500, "500-server-error.html", at);
    CHECK(server.is(errc::vendor_unavailable));
    CHECK(server.details().message.empty());
    CHECK(server.details().body_excerpt ==
          "<!DOCTYPE html> <html> <head><title>Server Error</title></head> <body> <h1>500</h1> <p>Server "
          "Error</p> </body> </html>");
}

TEST_CASE("Quirk: a redirect to a login page is an error never followed") {
    HttpResponse response;
    response.status = 302;
    response.headers = {{"Location", "https://app.autocalls.ai/login"}};
    response.body = "<html>Redirecting</html>";
    const Error e = autocalls().classify_error(response, context("main"));
    CHECK(e.is(errc::malformed_response));
    CHECK(e.details().http_status == 302);
    CHECK(e.details().message.starts_with(
        "the vendor answered with a redirect to https://app.autocalls.ai/login, which is not followed"));
}

TEST_CASE("Plan: filters pushed to the vendor and checked locally") {
    const QueryPlan plan = plan_for({{"direction", "inbound"},
                                     {"customer_number", "+40712345678"},
                                     {"agent_id", "17"},
                                     {"campaign_id", "4"},
                                     {"status", "busy"}});
    using Params = std::vector<std::pair<std::string, std::string>>;
    CHECK(plan.vendor_params == Params{{"status", "busy"},
                                       {"type", "inbound"},
                                       {"phone_number", "+40712345678"},
                                       {"assistant_id", "17"},
                                       {"campaign_id", "4"}});
    CHECK_FALSE(plan.matches_nothing);
    // Records carry no assistant or campaign id: those are the vendor's job.
    CHECK_FALSE(plan.local.agent_id.has_value());
    CHECK_FALSE(plan.local.campaign_id.has_value());
    CHECK(plan.local.customer_number == "+40712345678");
    CHECK(plan.local.direction == Direction::inbound);
}

TEST_CASE("Plan: a status is pushed only when one vendor word is equivalent") {
    using Params = std::vector<std::pair<std::string, std::string>>;
    CHECK(plan_for({{"status", "in_progress"}}).vendor_params == Params{{"status", "in-progress"}});
    CHECK(plan_for({{"status", "no_answer"}}).vendor_params.empty());   // no-answer and unanswered
    CHECK(plan_for({{"status", "completed"}}).vendor_params.empty());   // four words
    CHECK(plan_for({{"status", "busy,failed"}}).vendor_params.empty()); // two statuses
    CHECK(plan_for({{"provider_status", "ended_by_customer"}}).vendor_params ==
          Params{{"status", "ended_by_customer"}});
    // Not in the filter's documented list: fetched wider, matched locally.
    const QueryPlan unanswered = plan_for({{"provider_status", "unanswered"}});
    CHECK(unanswered.vendor_params.empty());
    CHECK(unanswered.local.provider_status == "unanswered");
}

TEST_CASE("Plan: queued matches nothing on Autocalls") {
    CHECK(plan_for({{"status", "queued"}}).matches_nothing);
    CHECK_FALSE(plan_for({{"status", "queued,unknown"}}).matches_nothing);
}

TEST_CASE("Plan: date filters are widened by a day on each side exact bounds stay local") {
    const QueryPlan plan = plan_for({{"created_from", "2025-08-04T10:00:00+03:00"}, {"created_to", "2025-08-04"}});
    using Params = std::vector<std::pair<std::string, std::string>>;
    CHECK(plan.vendor_params == Params{{"date_from", "2025-08-03"}, {"date_to", "2025-08-05"}});
    CHECK(plan.local.created_from == utc(2025, 8, 4, 7, 0, 0));
    CHECK(plan.local.created_to == utc(2025, 8, 4, 23, 59, 59));
}

TEST_CASE("Plan: a non-integer agent or campaign id is refused before any request") {
    CallQuery query;
    query.agent_id = "agent-uuid-1";
    const auto refused = autocalls().plan(query);
    REQUIRE(refused.has_error());
    CHECK(refused.error().is(errc::invalid_query));
    CHECK(refused.error().details().filter == "agent_id");
    CHECK(refused.error().details().message == "must be an integer for provider autocalls, got 'agent-uuid-1'");

    query = {};
    query.campaign_id = "4a";
    CHECK(autocalls().plan(query).error().details().filter == "campaign_id");

    query = {};
    query.page_size = 500;
    CHECK(autocalls().plan(query).error().details().filter == "page_size");
}

TEST_CASE("Request: path under the API root percent-encoded query bearer and Accept headers") {
    const auto root = ApiRoot::parse("https://calls.example.com:8443/api/");
    REQUIRE(root.has_value());
    const QueryPlan plan = plan_for({{"customer_number", "+40712345678"}, {"direction", "outbound"}});
    const HttpRequest request = autocalls().page_request(SourceAccess{*root, "1|secret-token", {}, {}}, plan, PageCursor{3, {}}, 50);
    CHECK(request.method == "GET");
    CHECK(request.origin == Origin{"https", "calls.example.com", 8443});
    CHECK(request.target == "/api/user/calls?type=outbound&phone_number=%2B40712345678&page=3&per_page=50");
    CHECK(find_header(request.headers, "authorization") == "Bearer 1|secret-token");
    CHECK(find_header(request.headers, "Accept") == "application/json");
    CHECK(describe(request) ==
          "GET https://calls.example.com:8443/api/user/calls?type=outbound&phone_number=%2B40712345678&page=3&per_page=50");
}

}  // TEST_SUITE
