// The Ultravox dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/ultravox/QUIRKS.md, next-link
// paging (same origin and another), malformed bodies, every error shape,
// query planning, the per-call messages (--details) and the API key header.

#include <callbridge/providers.hpp>

#include <boost/json/parse.hpp>

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <filesystem>

using namespace callbridge;
using namespace callbridge::test;

namespace {

const Dialect& ultravox() { return *find_dialect("ultravox"); }

CallPage quirks() { return parse_fixture(ultravox(), "ultravox/quirks-page.json", context("uv", 2)); }

boost::system::result<QueryPlan, Error> plan_for(Filters filters) {
    return ultravox().plan(query_with(filters));
}

SourceAccess access(std::string key = "Zk3x9QpL.a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6") {
    return default_root_access(ultravox(), std::move(key));
}

PageCursor link(std::string url) { return PageCursor{2, std::move(url)}; }

using Params = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_SUITE("ultravox") {

TEST_CASE("Documented example: every canonical field of both calls") {
    const CallPage page = parse_fixture(ultravox(), "ultravox/documented-example.json", context("uv"));
    REQUIRE(page.records.size() == 2);

    const CallRecord& ended = page.records[0];
    CHECK(ended.source == "uv");
    CHECK(ended.provider == "ultravox");
    CHECK(ended.id == "5a1c2e3f-6b7d-4e8f-9a0b-1c2d3e4f5a6b");
    CHECK_FALSE(ended.provider_call_sid.has_value());
    CHECK(ended.direction == Direction::outbound);  // medium.twilio.outgoing
    CHECK(ended.status == CallStatus::completed);
    CHECK(ended.provider_status == "hangup");
    CHECK(ended.ended_by == EndedBy::customer);
    CHECK_FALSE(ended.answered_by.has_value());
    CHECK(ended.agent == AgentRef{"0f3e2d1c-4b5a-4978-8a6b-5c4d3e2f1a0b", "Reminder caller", std::nullopt});
    CHECK_FALSE(ended.campaign.has_value());
    CHECK(ended.agent_number == "+12135550199");    // outgoing.from
    CHECK(ended.customer_number == "+14155550123");  // outgoing.to
    CHECK(ended.duration_s == 219);                   // 14:05:52.260 - 14:02:13.090
    CHECK(ended.created_at == utc(2026, 8, 18, 14, 2, 11));
    CHECK(ended.updated_at == utc(2026, 8, 18, 14, 5, 52));
    CHECK(ended.started_at == utc(2026, 8, 18, 14, 2, 13));
    CHECK(ended.ended_at == utc(2026, 8, 18, 14, 5, 52));
    CHECK(ended.end_reason == "hangup");
    CHECK(ended.summary == "The agent called to confirm an appointment; the customer confirmed Tuesday at 10:00.");
    CHECK_FALSE(ended.transcript.has_value());  // only with details
    CHECK(ended.variables.empty());
    CHECK_FALSE(ended.evaluation.has_value());
    CHECK_FALSE(ended.webhook_response.has_value());
    CHECK_FALSE(ended.carrier_cost.has_value());
    CHECK_FALSE(ended.total_cost.has_value());
    CHECK_FALSE(ended.currency.has_value());
    CHECK_FALSE(ended.recording_url.has_value());
    CHECK_FALSE(ended.is_test);
    CHECK(ended.raw.at("billedDuration") == "219.2s");
    CHECK(ended.raw.at("metadata").at("crm_id") == "A-10442");

    const CallRecord& live = page.records[1];
    CHECK(live.direction == Direction::inbound);  // medium.sip.incoming
    CHECK(live.status == CallStatus::in_progress);
    CHECK(live.provider_status == "joined");
    CHECK_FALSE(live.ended_by.has_value());
    CHECK(live.duration_s == 0);
    CHECK(live.updated_at == utc(2026, 8, 18, 13, 44, 59));  // joined: it has not ended
    CHECK_FALSE(live.ended_at.has_value());
    CHECK_FALSE(live.end_reason.has_value());
    CHECK_FALSE(live.summary.has_value());
    CHECK_FALSE(live.agent_number.has_value());
    CHECK_FALSE(live.customer_number.has_value());

    CHECK(to_json(live) ==
          R"({"source":"uv","provider":"ultravox","id":"9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b","provider_call_sid":null,)"
          R"("direction":"inbound","status":"in_progress","provider_status":"joined","ended_by":null,)"
          R"("answered_by":null,"agent":{"id":"7c6b5a4f-3e2d-4c1b-9a0f-8e7d6c5b4a3f","name":"Inbound desk","label":null},)"
          R"("campaign":null,"agent_number":null,"customer_number":null,"duration_s":0,)"
          R"("created_at":"2026-08-18T13:44:58Z","updated_at":"2026-08-18T13:44:59Z","transcript":null,)"
          R"("variables":{},"evaluation":null,"webhook_response":null,"carrier_cost":null,"total_cost":null,)"
          R"("recording_url":null,"is_test":false,)"
          R"("started_at":"2026-08-18T13:44:59Z","ended_at":null,"end_reason":null,"summary":null,"currency":null})");
}

TEST_CASE("Documented example: the next link and the total") {
    const CallPage page = parse_fixture(ultravox(), "ultravox/documented-example.json", context("uv"));
    CHECK(page.info.total == 3u);
    CHECK(page.info.vendor_records == 2);
    REQUIRE(page.info.next.has_value());
    CHECK(page.info.next->page == 2);
    CHECK(page.info.next->token.starts_with("https://api.ultravox.ai/api/calls?cursor=cD0yMDI2"));
    CHECK(page.info.order == PageOrder::newest_first);
}

TEST_CASE("Documented last page: an unjoined web call ends the list") {
    const CallPage page = parse_fixture(ultravox(), "ultravox/last-page.json", context("uv", 2));
    CHECK_FALSE(page.info.next.has_value());
    REQUIRE(page.records.size() == 1);
    const CallRecord& r = page.records[0];
    CHECK(r.status == CallStatus::no_answer);
    CHECK(r.provider_status == "unjoined");
    CHECK(r.direction == Direction::web);  // no medium member at all
    CHECK_FALSE(r.started_at.has_value());
    CHECK(r.ended_at == utc(2026, 8, 18, 9, 13, 10));
    CHECK(r.updated_at == utc(2026, 8, 18, 9, 13, 10));
    CHECK(r.duration_s == 0);
    CHECK_FALSE(r.ended_by.has_value());
}

TEST_CASE("Quirk: no status word is sent - status comes from joined ended and endReason") {
    const CallPage page = quirks();
    CHECK(page.records[6].status == CallStatus::initiated);  // not joined, not ended
    CHECK(page.records[6].provider_status == "created");
    CHECK(page.records[9].status == CallStatus::in_progress);  // joined, not ended
    CHECK(page.records[9].provider_status == "joined");
    CHECK(page.records[0].status == CallStatus::completed);
    CHECK(page.records[0].provider_status == "agent_hangup");
    CHECK(page.records[1].status == CallStatus::completed);
    CHECK(page.records[1].provider_status == "timeout");
    CHECK(page.records[2].status == CallStatus::failed);
    CHECK(page.records[2].provider_status == "connection_error");
    CHECK(page.records[3].status == CallStatus::failed);
    CHECK(page.records[3].provider_status == "system_error");
}

TEST_CASE("Quirk: an unknown endReason is unknown with the word kept and an end without reason is ended") {
    const CallPage page = quirks();
    CHECK(page.records[4].status == CallStatus::unknown);
    CHECK(page.records[4].provider_status == "voicemail_detected");
    CHECK(page.records[4].end_reason == "voicemail_detected");
    CHECK(page.records[5].status == CallStatus::unknown);
    CHECK(page.records[5].provider_status == "ended");
    CHECK_FALSE(page.records[5].end_reason.has_value());
}

TEST_CASE("Quirk: hangup is the customer and agent_hangup the assistant") {
    const CallPage page = quirks();
    CHECK(page.records[0].ended_by == EndedBy::assistant);
    CHECK(page.records[7].ended_by == EndedBy::customer);
    CHECK_FALSE(page.records[1].ended_by.has_value());  // timeout
}

TEST_CASE("Quirk: the direction is the medium's") {
    const CallPage page = quirks();
    CHECK(page.records[0].direction == Direction::outbound);  // telnyx.outgoing
    CHECK(page.records[1].direction == Direction::inbound);   // twilio without outgoing
    CHECK(page.records[2].direction == Direction::outbound);  // sip.outgoing
    CHECK(page.records[3].direction == Direction::web);       // serverWebSocket
    CHECK(page.records[4].direction == Direction::web);       // webRtc
    CHECK(page.records[5].direction == Direction::web);       // medium null
    CHECK(page.records[6].direction == Direction::outbound);  // plivo.outgoing
    CHECK(page.records[7].direction == Direction::web);       // no medium member
    CHECK(page.records[8].direction == Direction::web);       // medium {}
    CHECK(page.records[9].direction == Direction::inbound);   // exotel without outgoing
}

TEST_CASE("Quirk: a medium the docs do not name is read by its incoming or outgoing and else refused") {
    const CallPage page = quirks();
    CHECK(page.records[10].direction == Direction::inbound);  // vonage.incoming
    const auto refused = ultravox().parse_page(fixture("ultravox/malformed/unknown-medium.json"), context("uv", 3));
    REQUIRE(refused.has_error());
    CHECK(refused.error().details().field == "results[0].medium.carrierPigeon");
    CHECK(refused.error().details().message.find("unknown medium \"carrierPigeon\"") != std::string::npos);
}

TEST_CASE("Quirk: numbers come only with outgoing telephone calls") {
    const CallPage page = quirks();
    CHECK(page.records[0].agent_number == "+12135550100");
    CHECK(page.records[0].customer_number == "+40721234567");
    CHECK(page.records[2].agent_number == "+14155550999");  // sip.outgoing
    CHECK(page.records[2].customer_number == "+14155550123");
    CHECK(page.records[6].customer_number == "+33612345678");
    CHECK_FALSE(page.records[1].agent_number.has_value());  // inbound: not in the call object
    CHECK_FALSE(page.records[1].customer_number.has_value());
    CHECK_FALSE(page.records[4].customer_number.has_value());  // web
    CHECK_FALSE(page.records[11].customer_number.has_value());  // "" is null
    CHECK(page.records[11].agent_number == "+12135550199");
}

TEST_CASE("Quirk: duration is ended minus joined to the millisecond rounded down") {
    const CallPage page = quirks();
    CHECK(page.records[0].duration_s == 120);  // 18:32:02.100 - 18:30:01.900 = 120.2 (whole seconds would say 121)
    CHECK(page.records[7].duration_s == 1);    // 14:00:02.100 - 14:00:00.900 = 1.2 (whole seconds would say 2)
    CHECK(page.records[2].duration_s == 57);   // with +02:00 offsets
    CHECK(page.records[1].duration_s == 300);  // billedDuration is not read: 300s billed, 300 s long
    CHECK(page.records[6].duration_s == 0);    // never joined
    CHECK(page.records[9].duration_s == 0);    // still live
    CHECK(page.records[11].duration_s == 0);   // ended before it joined: never negative
}

TEST_CASE("Quirk: microseconds are dropped and offsets become UTC") {
    const CallPage page = quirks();
    CHECK(page.records[2].created_at == utc(2026, 8, 17, 17, 40, 0));
    CHECK(page.records[2].started_at == utc(2026, 8, 17, 17, 40, 2));
    CHECK(page.records[2].ended_at == utc(2026, 8, 17, 17, 41, 0));
    CHECK(page.records[0].created_at == utc(2026, 8, 17, 18, 30, 0));
    CHECK(to_json(page.records[2]).find(R"("created_at":"2026-08-17T17:40:00Z","updated_at":"2026-08-17T17:41:00Z")") !=
          std::string::npos);
}

TEST_CASE("Quirk: updated_at is ended else joined else created") {
    const CallPage page = quirks();
    CHECK(page.records[0].updated_at == utc(2026, 8, 17, 18, 32, 2));
    CHECK(page.records[9].updated_at == utc(2026, 8, 17, 12, 0, 2));
    CHECK(page.records[6].updated_at == utc(2026, 8, 17, 15, 0, 0));
}

TEST_CASE("Quirk: summary falls back to shortSummary and empty text is null") {
    const CallPage page = quirks();
    CHECK(page.records[0].summary == "Renewal declined.");  // summary ""
    CHECK(page.records[4].summary == "The agent reached voicemail and left a message.");
    CHECK_FALSE(page.records[8].summary.has_value());  // shortSummary ""
    CHECK_FALSE(page.records[1].summary.has_value());
}

TEST_CASE("Quirk: a null agent or agent name and missing members read as null") {
    const CallPage page = quirks();
    CHECK(page.records[2].agent == AgentRef{});
    CHECK(page.records[11].agent == AgentRef{"0f3e2d1c-4b5a-4978-8a6b-5c4d3e2f1a0b", std::nullopt, std::nullopt});
    CHECK(page.records[7].agent == AgentRef{});  // agent, agentId, medium, summaries all absent
}

TEST_CASE("Quirk: no money - billedDuration and billingStatus stay in raw") {
    const CallPage page = quirks();
    for (const CallRecord& r : page.records) {
        CHECK_FALSE(r.total_cost.has_value());
        CHECK_FALSE(r.carrier_cost.has_value());
        CHECK_FALSE(r.currency.has_value());
    }
    CHECK(page.records[0].raw.at("billedDuration") == "120.2s");
    CHECK(page.records[0].raw.at("errorCount") == 0);  // a member the 2026-07 schema lacks
    CHECK(page.records[2].raw.at("medium").at("sip").at("outgoing").at("password") == "not-our-secret");
}

TEST_CASE("Paging: a middle page the last page and an empty page") {
    const CallPage middle = quirks();
    CHECK(middle.records.size() == 12);
    CHECK(middle.info.total == 40u);
    REQUIRE(middle.info.next.has_value());
    CHECK(middle.info.next->page == 3);

    const CallPage last = parse_fixture(ultravox(), "ultravox/last-page.json", context("uv", 2));
    CHECK_FALSE(last.info.next.has_value());
    CHECK(last.info.total == 3u);

    const CallPage empty = parse_fixture(ultravox(), "ultravox/empty-page.json", context("uv"));
    CHECK(empty.records.empty());
    CHECK(empty.info.total == 0u);
    CHECK_FALSE(empty.info.next.has_value());
}

TEST_CASE("Paging: the first page asks newest first and a next link on the root is followed as given") {
    const auto plan = plan_for({});
    REQUIRE(plan.has_value());
    const HttpRequest first = ultravox().page_request(access(), *plan, PageCursor{}, 50);
    CHECK(first.origin == Origin{"https", "api.ultravox.ai", 443});
    CHECK(first.target == "/api/calls?sort=-created&pageSize=50");

    const HttpRequest next = ultravox().page_request(
        access(), *plan, link("https://api.ultravox.ai/api/calls?cursor=cD0y%3D&pageSize=50&sort=-created"), 50);
    CHECK(next.origin == Origin{"https", "api.ultravox.ai", 443});
    CHECK(next.target == "/api/calls?cursor=cD0y%3D&pageSize=50&sort=-created");

    const HttpRequest port = ultravox().page_request(access(), *plan, link("https://API.ultravox.ai:443/api/calls?cursor=x"), 50);
    CHECK(port.target == "/api/calls?cursor=x");
}

TEST_CASE("Paging: a next link to another origin is never followed - its query goes to the configured root") {
    const auto plan = plan_for({});
    for (const char* other : {"http://api.example.org/accounts/?cursor=cD00ODY%3D",   // the schema's placeholder
                              "https://api.ultravox.ai.evil.example/api/calls?cursor=cD00ODY%3D",
                              "https://api.ultravox.ai:8443/api/calls?cursor=cD00ODY%3D",
                              "http://api.ultravox.ai/api/calls?cursor=cD00ODY%3D"}) {
        CAPTURE(other);
        const HttpRequest request = ultravox().page_request(access(), *plan, link(other), 100);
        CHECK(request.origin == Origin{"https", "api.ultravox.ai", 443});
        CHECK(request.target == "/api/calls?cursor=cD00ODY%3D");
    }
}

TEST_CASE("Malformed bodies are errors naming the source page and field") {
    check_malformed_pages(ultravox(), {
        {"call-id-null.json", "results[0].callId", "null"},
        {"created-missing.json", "results[0].created", "missing"},
        {"created-not-a-time.json", "results[0].created", "18/08/2026 14:02"},
        {"joined-a-number.json", "results[0].joined", "expected a timestamp string, got a number"},
        {"medium-a-string.json", "results[0].medium", "expected an object, got a string"},
        {"unknown-medium.json", "results[0].medium.carrierPigeon", "neither outgoing nor incoming"},
        {"next-not-a-url.json", "next", "not a URL: \"page two, please\""},
        {"next-a-number.json", "next", "expected a string"},
        {"results-an-object.json", "results", "expected an array, got an object"},
        {"results-missing.json", "results", "missing; the vendor said: Invalid cursor"},
        {"not-json.html", "", "not JSON"},
    }, 4, "uv");
}

TEST_CASE("Error bodies: every Ultravox shape") {
    const PageContext at = context("uv", 2);
    const Error no_key = classify_error_fixture(ultravox(), 403, "403-no-key.json", at);
    CHECK(no_key.is(errc::unauthorized));
    CHECK(no_key.details().message == "Authentication credentials were not provided.");
    CHECK(classify_error_fixture(ultravox(), 403, "403-invalid-key.json", at).details().message == "Invalid API key.");
    const Error incorrect = classify_error_fixture(ultravox(), 401, "401-incorrect-credentials.json", at);
    CHECK(incorrect.is(errc::unauthorized));
    CHECK(incorrect.details().message == "Incorrect authentication credentials.");

    const Error fields = classify_error_fixture(ultravox(), 400, "400-field-errors.json", at);
    CHECK(fields.is(errc::rejected_by_vendor));
    // Quirk: DRF's validation errors are a map of fields, with no message member.
    CHECK(fields.details().message == "fromDate: Enter a valid date/time. (and 1 more)");
    CHECK(fields.details().field_errors == std::vector<FieldError>{{"fromDate", {"Enter a valid date/time."}},
                                                                  {"pageSize", {"A valid integer is required."}}});

    const Error cursor = classify_error_fixture(ultravox(), 404, "404-invalid-cursor.json", at);
    CHECK(cursor.details().message.starts_with("Invalid cursor"));
    CHECK(cursor.details().http_status == 404);

    const Error throttled = classify_error_fixture(ultravox(), 429, "429-throttled.json", at);
    CHECK(throttled.is(errc::rate_limited));
    CHECK(throttled.details().message == "Request was throttled. Expected available in 7 seconds.");

    const Error html = classify_error_fixture(ultravox(), 500, "500-html.html", at, {{"Content-Type", "text/html; charset=utf-8"}});
    CHECK(html.is(errc::vendor_unavailable));
    CHECK(html.details().body_excerpt.find("Server Error (500)") != std::string::npos);
    const Error unavailable = classify_error_fixture(ultravox(), 503, "503-detail.json", at);
    CHECK(unavailable.is(errc::vendor_unavailable));
    CHECK(unavailable.details().message == "Service temporarily unavailable, try again later.");
}

TEST_CASE("Plan: agent and creation bounds pushed down and checked locally") {
    const auto plan = plan_for({{"agent_id", "0f3e2d1c-4b5a-4978-8a6b-5c4d3e2f1a0b"},
                                {"created_from", "2026-08-18T00:00:00Z"},
                                {"created_to", "2026-08-18T14:30:00Z"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params == Params{{"agentIds", "0f3e2d1c-4b5a-4978-8a6b-5c4d3e2f1a0b"},
                                        {"fromDate", "2026-08-18T00:00:00Z"},
                                        // Quirk: inclusive to the microsecond; our bound is the whole second.
                                        {"toDate", "2026-08-18T14:30:00.999999Z"}});
    CHECK(plan->local.agent_id == "0f3e2d1c-4b5a-4978-8a6b-5c4d3e2f1a0b");
    CHECK(plan->local.created_from == utc(2026, 8, 18, 0, 0, 0));
    CHECK(plan->local.created_to == utc(2026, 8, 18, 14, 30, 0));
    CHECK_FALSE(plan->needs_details);

    // A date is the whole UTC day: its last second, to the microsecond.
    const auto day = plan_for({{"created_to", "2026-08-18"}});
    CHECK(day->vendor_params == Params{{"toDate", "2026-08-18T23:59:59.999999Z"}});
}

TEST_CASE("Plan: status direction numbers and search are checked locally only") {
    const auto plan = plan_for({{"status", "completed"},
                                {"provider_status", "hangup"},
                                {"direction", "web"},
                                {"customer_number", "+14155550123"},
                                {"search", "555"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params.empty());
    CHECK_FALSE(plan->matches_nothing);
    CHECK(plan->local.customer_number == "+14155550123");
    CHECK(plan->local.search == "555");
    CHECK(plan->local.direction == Direction::web);
    CHECK_FALSE(plan_for({{"status", "queued"}})->vendor_params.size());
}

TEST_CASE("Plan: campaign_id is an unsupported filter refused before any request") {
    const auto plan = plan_for({{"campaign_id", "4"}});
    REQUIRE(plan.has_error());
    CHECK(plan.error().is(errc::unsupported_filter));
    CHECK(plan.error().details().filter == "campaign_id");
    CHECK(plan.error().details().provider == "ultravox");
}

TEST_CASE("Plan: values are percent-encoded - + as %2B - and the page size is capped") {
    const auto plan = plan_for({{"agent_id", "a+b c"}, {"created_from", "2026-08-18T00:00:00Z"}});
    const HttpRequest request = ultravox().page_request(access(), *plan, PageCursor{}, 500);
    CHECK(request.target == "/api/calls?agentIds=a%2Bb%20c&fromDate=2026-08-18T00%3A00%3A00Z&sort=-created&pageSize=100");
}

TEST_CASE("Credentials: the key goes in X-API-Key and nowhere else") {
    const auto plan = plan_for({});
    const std::string key = "Zk3x9QpL.a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6";
    const HttpRequest request = ultravox().page_request(access(key), *plan, PageCursor{}, 100);
    CHECK(find_header(request.headers, "X-API-Key") == key);
    CHECK_FALSE(find_header(request.headers, "Authorization").has_value());
    CHECK_FALSE(find_header(request.headers, "X-Unsafe-API-Key").has_value());
    CHECK(find_header(request.headers, "Accept") == "application/json");
    CHECK(request.target.find(key) == std::string::npos);
    CHECK_FALSE(ultravox().check_access(access(key)));

    const auto details = ultravox().detail_request(access(key), parse_fixture(ultravox(), "ultravox/last-page.json",
                                                                              context("uv")).records[0]);
    REQUIRE(details.has_value());
    CHECK(find_header(details->headers, "X-API-Key") == key);
    CHECK(details->origin == Origin{"https", "api.ultravox.ai", 443});
}

TEST_CASE("Details: each call's messages in every stage - one page of them") {
    const CallPage page = parse_fixture(ultravox(), "ultravox/documented-example.json", context("uv"));
    const auto request = ultravox().detail_request(access(), page.records[0]);
    REQUIRE(request.has_value());
    CHECK(request->method == "GET");
    CHECK(request->target == "/api/calls/5a1c2e3f-6b7d-4e8f-9a0b-1c2d3e4f5a6b/messages?mode=in_call&pageSize=1000");
}

TEST_CASE("Details: the messages become the transcript one line per message") {
    CallRecord record = parse_fixture(ultravox(), "ultravox/documented-example.json", context("uv")).records[0];
    REQUIRE_FALSE(ultravox().apply_details(record, fixture("ultravox/details/messages-two-turns.json"), context("uv")));
    CHECK(record.transcript ==
          "MESSAGE_ROLE_AGENT: Hello, this is the clinic calling to confirm your appointment.\n"
          "MESSAGE_ROLE_USER: Yes, Tuesday at ten works.\n"
          "MESSAGE_ROLE_TOOL_CALL: ");
    // What the list said stays.
    CHECK(record.status == CallStatus::completed);
    CHECK(record.summary.has_value());

    CallRecord quiet = record;
    REQUIRE_FALSE(ultravox().apply_details(quiet, fixture("ultravox/details/messages-none.json"), context("uv")));
    CHECK_FALSE(quiet.transcript.has_value());
}

TEST_CASE("Details: more messages than one page or a body of another shape is an error naming the field") {
    struct Case {
        const char* file;
        const char* field;
        const char* message_part;
    };
    const Case cases[] = {
        {"messages-more-pages.json", "details.next", "more than 1000 messages"},
        {"messages-results-a-string.json", "details.results", "expected an array of messages, got a string"},
        {"messages-turn-a-number.json", "details.results[0]", "expected a string or an object, got a number"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        CallRecord record = parse_fixture(ultravox(), "ultravox/last-page.json", context("uv", 2)).records[0];
        const Error e = ultravox().apply_details(record, fixture(std::string("ultravox/details/") + c.file), context("uv", 2));
        REQUIRE(e);
        CHECK(e.is(errc::malformed_response));
        CHECK(e.details().provider == "ultravox");
        CHECK(e.details().page == 2u);
        CHECK(e.details().field == c.field);
        CHECK_MESSAGE(e.details().message.find(c.message_part) != std::string::npos, e.details().message);
    }
    CallRecord record;
    const Error not_json = ultravox().apply_details(record, "<html>", context("uv"));
    CHECK(not_json.is(errc::malformed_response));
}

TEST_CASE("Fixtures: callbridge normalize gives each expected file byte for byte") {
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fixture_path("ultravox/expected"))) {
        const std::string name = entry.path().stem().string();
        CAPTURE(name);
        const auto result = run_process({CALLBRIDGE_CLI, "normalize", "--provider", "ultravox",
                                         fixture_path("ultravox/" + name + ".json").string()});
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        CHECK(result.out == fixture("ultravox/expected/" + name + ".jsonl"));
        ++checked;
    }
    CHECK(checked == 4);
}

}  // TEST_SUITE
