// The Vapi dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/vapi/QUIRKS.md, time-window
// paging (a window not full, a full one split, the ties of one millisecond,
// a vendor that ignores the window), malformed bodies, every error shape,
// query planning and the credential.

#include <callbridge/providers.hpp>
#include <callbridge/registry.hpp>

#include "support/fixtures.hpp"

#include <string>

using namespace callbridge;
using namespace callbridge::test;

namespace {

const Dialect& vapi() { return *find_dialect("vapi"); }

CallPage quirks() { return parse_fixture(vapi(), "vapi/quirks-page.json", context("va")); }

boost::system::result<QueryPlan, Error> plan_for(Filters filters) {
    return vapi().plan(query_with(filters));
}

SourceAccess access(std::string token = "vapi-private-key-0123") {
    return default_root_access(vapi(), std::move(token));
}

using Params = std::vector<std::pair<std::string, std::string>>;

// A call of the list at a given createdAt.
std::string call(const std::string& id, const std::string& created) {
    return R"({"id":")" + id + R"(","orgId":"o","createdAt":")" + created + R"(","updatedAt":")" + created +
           R"(","type":"webCall","status":"queued"})";
}

std::string array_of(std::size_t n, const std::string& created, std::size_t first = 0) {
    std::string body = "[";
    for (std::size_t i = 0; i < n; ++i) body += (i ? "," : "") + call("c" + std::to_string(first + i), created);
    return body + "]";
}

}  // namespace

TEST_SUITE("vapi") {

TEST_CASE("Documented example: every canonical field of the three calls") {
    const CallPage page = parse_fixture(vapi(), "vapi/documented-example.json", context("v"));
    REQUIRE(page.records.size() == 3);

    const CallRecord& out = page.records[0];
    CHECK(out.source == "v");
    CHECK(out.provider == "vapi");
    CHECK(out.id == "0199a3c2-5b7e-7d41-9f3a-2c8e1b6d4a10");
    CHECK(out.provider_call_sid == "CA0f4c1e2d3b4a5968778695a4b3c2d1e0");
    CHECK(out.direction == Direction::outbound);
    CHECK(out.status == CallStatus::completed);
    CHECK(out.provider_status == "ended");
    CHECK(out.ended_by == EndedBy::customer);
    CHECK_FALSE(out.answered_by.has_value());
    CHECK(out.agent == AgentRef{"3b8f1e6a-2d4c-4e7b-9a1f-0c5d6e7f8a9b", std::nullopt, std::nullopt});
    CHECK_FALSE(out.campaign.has_value());
    CHECK_FALSE(out.agent_number.has_value());  // phoneNumberId is an id, not a number
    CHECK(out.customer_number == "+14155550123");
    CHECK(out.duration_s == 217);  // 14:02:14.903 to 14:05:52.260
    CHECK(out.created_at == utc(2026, 8, 18, 14, 2, 11));
    CHECK(out.updated_at == utc(2026, 8, 18, 14, 6, 40));
    CHECK(out.started_at == utc(2026, 8, 18, 14, 2, 14));
    CHECK(out.ended_at == utc(2026, 8, 18, 14, 5, 52));
    CHECK(out.transcript == "AI: Hi, this is Maya from Acme Dental...\nUser: Yes, Tuesday works.");
    CHECK(out.variables.empty());
    REQUIRE(out.evaluation.has_value());
    CHECK(out.evaluation->at("successEvaluation") == "true");
    CHECK(out.summary == "Customer confirmed Tuesday 10:00 appointment.");
    CHECK_FALSE(out.webhook_response.has_value());
    CHECK(out.total_cost == Decimal::parse("0.2714"));
    CHECK(out.carrier_cost == Decimal::parse("0.0311"));
    CHECK(out.currency == "USD");
    CHECK(out.recording_url == "https://storage.vapi.ai/0199a3c2-mono.wav");
    CHECK(out.end_reason == "customer-ended-call");
    CHECK_FALSE(out.is_test);

    const CallRecord& second = page.records[1];
    CHECK(second.direction == Direction::inbound);
    CHECK(second.status == CallStatus::completed);
    CHECK(second.end_reason == "silence-timed-out");
    CHECK_FALSE(second.ended_by.has_value());
    CHECK(second.duration_s == 31);
    CHECK_FALSE(second.provider_call_sid.has_value());
    CHECK(second.total_cost == Decimal::parse("0.0342"));
    CHECK_FALSE(second.carrier_cost.has_value());

    // The optional case: nothing ended, nothing invented.
    const CallRecord& third = page.records[2];
    CHECK(third.direction == Direction::web);
    CHECK(third.status == CallStatus::in_progress);
    CHECK(third.provider_status == "in-progress");
    CHECK(third.started_at == utc(2026, 8, 18, 13, 44, 59));
    CHECK_FALSE(third.ended_at.has_value());
    CHECK_FALSE(third.end_reason.has_value());
    CHECK_FALSE(third.total_cost.has_value());
    CHECK_FALSE(third.currency.has_value());
    CHECK_FALSE(third.customer_number.has_value());
    CHECK(third.duration_s == 0);
}

TEST_CASE("Quirk: an ended call's status is its endedReason") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "q-01-busy").status == CallStatus::busy);
    CHECK(record_with_id(page, "q-02-no-answer").status == CallStatus::no_answer);
    CHECK(record_with_id(page, "q-03-canceled").status == CallStatus::canceled);
    CHECK(record_with_id(page, "q-04-reason-not-in-enum").status == CallStatus::failed);  // "error" in it
    CHECK(record_with_id(page, "q-05-pipeline").status == CallStatus::failed);           // pipeline-
    CHECK(record_with_id(page, "q-07-voicemail").status == CallStatus::completed);
    for (const CallRecord& r : page.records)
        if (r.provider_status == "ended") CHECK(r.end_reason.has_value());
}

TEST_CASE("Quirk: endedReason is an open list - unknown reasons are kept and read by prefix") {
    const CallPage page = quirks();
    const CallRecord& fresh = record_with_id(page, "q-06-brand-new-reason");
    CHECK(fresh.status == CallStatus::completed);
    CHECK(fresh.end_reason == "assistant-said-end-call-phrase-v2");
    CHECK(fresh.ended_by == EndedBy::assistant);
    CHECK(record_with_id(page, "q-08-ended-before-started").ended_by == EndedBy::customer);
    CHECK(record_with_id(page, "q-09-zero-data-retention").ended_by == EndedBy::assistant);
    CHECK_FALSE(record_with_id(page, "q-01-busy").ended_by.has_value());
}

TEST_CASE("Quirk: no duration field - endedAt minus startedAt to the millisecond rounded down") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "q-01-busy").duration_s == 0);        // 0.999 s
    CHECK(record_with_id(page, "q-05-pipeline").duration_s == 1);    // 1.999 s
    CHECK(record_with_id(page, "q-09-zero-data-retention").duration_s == 29);  // 29.999 s
    CHECK(record_with_id(page, "q-06-brand-new-reason").duration_s == 59);
    CHECK(record_with_id(page, "q-08-ended-before-started").duration_s == 0);  // endedAt before startedAt
    CHECK(record_with_id(page, "q-02-no-answer").duration_s == 0);             // never started
}

TEST_CASE("Quirk: deprecated fields are read only when the current ones are missing") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "q-01-busy").provider_call_sid == "CAdeprecated000000000000000000000001");
    CHECK(record_with_id(page, "q-02-no-answer").provider_call_sid == "CAtransport00000000000000000000002");
    CHECK(record_with_id(page, "q-10-old-docs-fields").provider_call_sid == "PC-fallback");  // callSid null
    CHECK(record_with_id(page, "q-06-brand-new-reason").recording_url == "https://storage.vapi.ai/q-06-deprecated.wav");
    CHECK_FALSE(record_with_id(page, "q-07-voicemail").recording_url.has_value());  // stereo only: not the mono mix
}

TEST_CASE("Quirk: variables from artifact.variableValues else assistantOverrides.variableValues") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "q-06-brand-new-reason").variables == boost::json::object{{"first", "Ana"}});
    CHECK(record_with_id(page, "q-07-voicemail").variables == boost::json::object{{"first", "Bo"}, {"slot", "10:00"}});
}

TEST_CASE("Quirk: money is USD read from the number's text exactly") {
    const CallPage page = quirks();
    const CallRecord& js = record_with_id(page, "q-06-brand-new-reason");
    CHECK(js.total_cost == Decimal::parse("0.30000000000000004"));  // a JavaScript sum, not 0.3
    CHECK(js.carrier_cost == Decimal::parse("0.1"));
    CHECK(js.currency == "USD");
    CHECK(record_with_id(page, "q-04-reason-not-in-enum").total_cost == Decimal::parse("0.000000000000000001"));
    CHECK(record_with_id(page, "q-01-busy").total_cost == Decimal::parse("0"));
    CHECK_FALSE(record_with_id(page, "q-03-canceled").currency.has_value());  // no amount, no currency
}

TEST_CASE("Quirk: not-found deletion-failed and a missing status are unknown with the word kept") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "q-15-not-found").status == CallStatus::unknown);
    CHECK(record_with_id(page, "q-15-not-found").provider_status == "not-found");
    CHECK(record_with_id(page, "q-16-deletion-failed").status == CallStatus::unknown);
    CHECK(record_with_id(page, "q-16-deletion-failed").end_reason == "call-deleted");
    CHECK(record_with_id(page, "q-17-no-status").status == CallStatus::unknown);
    CHECK(record_with_id(page, "q-17-no-status").provider_status.empty());
    CHECK(record_with_id(page, "q-11-scheduled").status == CallStatus::queued);
    CHECK(record_with_id(page, "q-12-queued").status == CallStatus::queued);
    CHECK(record_with_id(page, "q-13-ringing").status == CallStatus::ringing);
    CHECK(record_with_id(page, "q-14-forwarding").status == CallStatus::in_progress);
}

TEST_CASE("Quirk: webCall and vapi.websocketCall are web") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "q-05-pipeline").direction == Direction::web);
    CHECK(record_with_id(page, "q-06-brand-new-reason").direction == Direction::web);
    CHECK(record_with_id(page, "q-14-forwarding").direction == Direction::inbound);
}

TEST_CASE("Quirk: the transient assistant's name and a campaign id") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "q-02-no-answer").agent == AgentRef{"asst-1", "Maya", std::nullopt});
    CHECK(record_with_id(page, "q-03-canceled").campaign == CampaignRef{"camp-7", std::nullopt});
}

TEST_CASE("Quirk: top-level transcript recordingUrl and summary of older docs are not read") {
    const CallPage page = quirks();
    const CallRecord& old = record_with_id(page, "q-10-old-docs-fields");
    CHECK_FALSE(old.transcript.has_value());
    CHECK_FALSE(old.recording_url.has_value());
    CHECK_FALSE(old.summary.has_value());
    CHECK_FALSE(old.customer_number.has_value());  // customer.number null, a SIP URI is no number
}

TEST_CASE("Quirk: Zero Data Retention leaves transcript and summary empty - null") {
    const CallPage page = quirks();
    const CallRecord& zdr = record_with_id(page, "q-09-zero-data-retention");
    CHECK_FALSE(zdr.transcript.has_value());
    CHECK_FALSE(zdr.summary.has_value());
    CHECK(zdr.evaluation == boost::json::object{});
    CHECK(zdr.total_cost == Decimal::parse("0.05"));
}

TEST_CASE("Quirk: createdAt milliseconds and offsets - UTC seconds in the record") {
    const CallPage page = quirks();
    const CallRecord& r = record_with_id(page, "q-07-voicemail");
    CHECK(r.created_at == utc(2026, 8, 18, 14, 54, 0));  // 16:54:00.123456+02:00
    CHECK(record_with_id(page, "q-01-busy").created_at == utc(2026, 8, 18, 15, 0, 0));  // .999 dropped
}

TEST_CASE("Quirk: calls of one millisecond come newest first in the vendor's order") {
    const CallPage page = parse_fixture(vapi(), "vapi/tie-page.json", context("va"));
    std::vector<std::string> ids;
    for (const CallRecord& r : page.records) ids.push_back(r.id);
    CHECK(ids == std::vector<std::string>{"t-f", "t-b", "t-a", "t-c", "t-e", "t-d"});
    CHECK(page.info.order == PageOrder::newest_first);
    CHECK_FALSE(page.info.next.has_value());
}

TEST_CASE("Paging: the first window is the query's bounds with limit 1000") {
    const auto whole = plan_for({});
    REQUIRE(whole.has_value());
    CHECK(vapi().page_request(access(), *whole, PageCursor{}, 100).target == "/call?limit=1000");
    const auto bounded = plan_for({{"created_from", "2026-08-18"}, {"created_to", "2026-08-18T12:30:00Z"}});
    REQUIRE(bounded.has_value());
    CHECK(vapi().page_request(access(), *bounded, PageCursor{}, 100).target ==
          "/call?createdAtGe=2026-08-18T00%3A00%3A00.000Z&createdAtLt=2026-08-18T12%3A30%3A01.000Z&limit=1000");
}

TEST_CASE("Paging: a window not full is whole - the last page - and an empty one too") {
    const CallPage page = parse_fixture(vapi(), "vapi/documented-example.json", context("va"));
    CHECK_FALSE(page.info.next.has_value());
    CHECK_FALSE(page.info.intermediate);
    const CallPage empty = parse_fixture(vapi(), "vapi/empty-page.json", context("va"));
    CHECK(empty.records.empty());
    CHECK_FALSE(empty.info.next.has_value());
}

TEST_CASE("Paging: a full window is split and its newer part read first - a middle page") {
    // 1000 calls: the most one answer holds. Nothing is delivered from it.
    std::string body = "[";
    for (int i = 0; i < 1000; ++i)
        body += (i ? "," : "") + call("f" + std::to_string(i), i < 500 ? "2026-08-18T10:00:00.000Z" : "2026-08-18T11:00:00.250Z");
    body += "]";
    const auto page = vapi().parse_page(body, context("va", 1));
    REQUIRE(page.has_value());
    CHECK(page->info.intermediate);
    CHECK(page->records.empty());
    REQUIRE(page->info.next.has_value());
    const auto plan = plan_for({});
    const HttpRequest newer = vapi().page_request(access(), *plan, *page->info.next, 100);
    CHECK(newer.target == "/call?createdAtGe=2026-08-18T11%3A00%3A00.251Z&limit=1000");

    // The newer part, not full: delivered, then the older part is next.
    PageContext at = context("va", 1);
    at.cursor = *page->info.next;
    const auto middle = vapi().parse_page("[" + call("n1", "2026-08-18T12:00:00.000Z") + "]", at);
    REQUIRE(middle.has_value());
    CHECK_FALSE(middle->info.intermediate);
    REQUIRE(middle->records.size() == 1);
    REQUIRE(middle->info.next.has_value());
    CHECK(middle->info.next->page == 2);
    CHECK(vapi().page_request(access(), *plan, *middle->info.next, 100).target ==
          "/call?createdAtLt=2026-08-18T11%3A00%3A00.251Z&limit=1000");
}

TEST_CASE("Paging: 1000 calls in one millisecond cannot be read whole - an error naming it") {
    PageContext at = context("va", 5);
    at.cursor = PageCursor{5, "1787050800250:1787050800251"};  // [11:00:00.250, 11:00:00.251)
    const auto page = vapi().parse_page(array_of(1000, "2026-08-18T11:00:00.250Z"), at);
    REQUIRE(page.has_error());
    CHECK(page.error().is(errc::malformed_response));
    CHECK(page.error().details().source == "va");
    CHECK(page.error().details().page == 5u);
    const std::string message = page.error().details().message;  // error() is a copy
    CHECK_MESSAGE(message.find("within one millisecond, [2026-08-18T11:00:00.250Z, 2026-08-18T11:00:00.251Z)") !=
                      std::string::npos,
                  message);
    // 999 of them fit.
    const auto fits = vapi().parse_page(array_of(999, "2026-08-18T11:00:00.250Z"), at);
    REQUIRE(fits.has_value());
    CHECK(fits->records.size() == 999);
}

TEST_CASE("Paging: a call outside the window asked for is an error") {
    PageContext at = context("va", 3);
    at.cursor = PageCursor{3, "1787050800000:1787050860000"};  // [11:00, 11:01)
    const auto page = vapi().parse_page("[" + call("in", "2026-08-18T11:00:30.000Z") + "," + call("out", "2026-08-18T11:01:00.000Z") + "]", at);
    REQUIRE(page.has_error());
    CHECK(page.error().details().field == "createdAt");
    CHECK(page.error().details().message.find("outside the window asked for") != std::string::npos);
    CHECK(page.error().details().message.find("createdAtGe/createdAtLt") != std::string::npos);
}

TEST_CASE("Malformed bodies are errors naming the source page and field") {
    check_malformed_pages(vapi(), {
        {"v2-paginated-envelope.json", "", "expected an array, got an object"},
        {"call-not-an-object.json", "[1]", "expected a call object, got a string"},
        {"id-missing.json", "[0].id", "missing"},
        {"created-at-not-iso.json", "[0].createdAt", "not a timestamp"},
        {"unknown-type.json", "[0].type", "unknown type \"smsChat\""},
    }, 4, "va", true);
    CHECK(vapi().parse_page("<html>502</html>", context("va", 2)).error().details().message.find("not JSON") !=
          std::string::npos);
}

TEST_CASE("Error bodies: NestJS's shape for every status") {
    const PageContext at = context("va", 2);
    const Error key = classify_error_fixture(vapi(), 401, "401-invalid-key.json", at);
    CHECK(key.is(errc::unauthorized));
    CHECK(key.details().message.find("Invalid Key. Hot tip") != std::string::npos);
    const Error bad = classify_error_fixture(vapi(), 400, "400-validation.json", at);
    CHECK(bad.is(errc::rejected_by_vendor));
    CHECK_MESSAGE(bad.details().message.find("limit must not be greater than 1000") != std::string::npos,
                  bad.details().message);
    CHECK(classify_error_fixture(vapi(), 404, "404-not-found.json", at).details().message.find("Not Found") != std::string::npos);
    const Error throttled = classify_error_fixture(vapi(), 429, "429-throttled.json", at);
    CHECK(throttled.is(errc::rate_limited));
    CHECK(throttled.details().message == "ThrottlerException: Too Many Requests");
    const Error server = classify_error_fixture(vapi(), 500, "500-internal.json", at);
    CHECK(server.is(errc::vendor_unavailable));
    CHECK(server.details().message == "Internal server error");
}

TEST_CASE("Plan: the assistant goes to the vendor and every filter is checked locally") {
    const auto plan = plan_for({{"agent_id", "3b8f1e6a"},
                                {"status", "busy"},
                                {"direction", "web"},
                                {"customer_number", "+14155550123"},
                                {"campaign_id", "camp-7"},
                                {"search", "555"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params == Params{{"assistantId", "3b8f1e6a"}});
    CHECK_FALSE(plan->matches_nothing);  // an ended call can be busy
    CHECK(plan->local.agent_id == "3b8f1e6a");
    CHECK(plan->local.campaign_id == "camp-7");
    CHECK(plan->local.customer_number == "+14155550123");
    CHECK(plan->local.direction == Direction::web);
    for (const auto* status : {"no_answer", "canceled", "failed", "queued", "unknown"})
        CHECK_FALSE(plan_for({{"status", status}})->matches_nothing);
    CHECK(plan_for({{"status", "initiated"}})->matches_nothing);  // Vapi has no such word
}

TEST_CASE("Plan: an assistant id with + is sent as %2B with the bearer key") {
    const auto plan = plan_for({{"agent_id", "a+b c"}});
    REQUIRE(plan.has_value());
    const HttpRequest request = vapi().page_request(access("vapi-secret-key"), *plan, PageCursor{}, 100);
    CHECK(request.origin == Origin{"https", "api.vapi.ai", 443});
    CHECK(request.method == "GET");
    CHECK(request.target == "/call?assistantId=a%2Bb%20c&limit=1000");
    CHECK(find_header(request.headers, "Authorization") == "Bearer vapi-secret-key");
    CHECK(find_header(request.headers, "Accept") == "application/json");
}

TEST_CASE("Credentials: VAPI_API_KEY and no per-call details") {
    const auto registry = Registry::with_shipped_providers();
    const ProviderDescriptor* vapi_descriptor = registry.find("vapi");
    REQUIRE(vapi_descriptor != nullptr);
    CHECK(vapi_descriptor->token_env == "VAPI_API_KEY");
    CHECK(vapi().default_api_root() == "https://api.vapi.ai");
    CallRecord record;
    record.id = "0199a3c2-5b7e-7d41-9f3a-2c8e1b6d4a10";
    CHECK_FALSE(vapi().detail_request(access(), record).has_value());  // the list is the whole Call
}

}  // TEST_SUITE
