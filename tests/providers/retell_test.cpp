// The Retell dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/retell/QUIRKS.md, cursor
// paging in the body, malformed bodies, every error shape, query planning
// into filter_criteria, the per-call details and the credential.

#include <callbridge/providers.hpp>
#include <callbridge/registry.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/fixtures.hpp"

using namespace callbridge;
using namespace callbridge::test;

namespace {

const Dialect& retell() { return *find_dialect("retell"); }

CallPage quirks() { return parse_fixture(retell(), "retell/quirks-page.json", context("rt", 2)); }

boost::system::result<QueryPlan, Error> plan_for(Filters filters) {
    return retell().plan(query_with(filters));
}

// The plan's filter_criteria as JSON text ("" when none).
std::string criteria(const QueryPlan& plan) {
    const auto* c = plan.vendor_body.if_contains("filter_criteria");
    return c == nullptr ? "" : boost::json::serialize(*c);
}

SourceAccess access(std::string token = "key_secret_0123456789") {
    return default_root_access(retell(), std::move(token));
}

CallRecord documented_first() {
    return parse_fixture(retell(), "retell/documented-example.json", context("rt")).records.at(0);
}

Timestamp ms(std::int64_t millis) { return Timestamp(std::chrono::seconds(millis / 1000)); }

}  // namespace

TEST_SUITE("retell") {

TEST_CASE("Documented example: every canonical field of the ended phone call") {
    const CallPage page = parse_fixture(retell(), "retell/documented-example.json", context("rt"));
    REQUIRE(page.records.size() == 2);  // the third never started (see its test)

    const CallRecord& out = page.records[0];
    CHECK(out.source == "rt");
    CHECK(out.provider == "retell");
    CHECK(out.id == "call_8f2d1a7c4b9e06d35a1f2c7e");
    CHECK(out.provider_call_sid == "CA5d0d0d8047bf685c3f0ff980fe62c1a2");
    CHECK(out.direction == Direction::inbound);
    CHECK(out.status == CallStatus::completed);
    CHECK(out.provider_status == "ended");
    CHECK(out.ended_by == EndedBy::customer);       // user_hangup
    CHECK(out.answered_by == AnsweredBy::human);    // ended phone call, in_voicemail false
    CHECK(out.agent == AgentRef{"agent_5c1e9a0b7d3f4e2a8c6b1d0e", "Inbound reception", std::nullopt});
    CHECK_FALSE(out.campaign.has_value());
    CHECK(out.agent_number == "+12135550199");     // inbound: to
    CHECK(out.customer_number == "+14155550123");  // inbound: from
    CHECK(out.duration_s == 170);                  // 170635 ms, rounded down
    CHECK(out.created_at == utc(2025, 8, 18, 16, 2, 11));  // 1755532931482 ms
    CHECK(out.updated_at == utc(2025, 8, 18, 16, 5, 2));   // end_timestamp 1755533102117
    CHECK(out.started_at == utc(2025, 8, 18, 16, 2, 11));
    CHECK(out.ended_at == utc(2025, 8, 18, 16, 5, 2));
    CHECK_FALSE(out.transcript.has_value());  // only with details
    CHECK(out.variables.empty());
    REQUIRE(out.evaluation.has_value());
    CHECK(out.evaluation->at("user_sentiment") == "Positive");
    CHECK(out.summary == "Caller asked for opening hours and booked a visit.");
    CHECK_FALSE(out.webhook_response.has_value());
    CHECK_FALSE(out.carrier_cost.has_value());
    REQUIRE(out.total_cost.has_value());
    CHECK(out.total_cost->to_string() == "0.2196");  // 21.96 cents
    CHECK(out.currency == "USD");
    CHECK(out.recording_url == "https://retellai.s3.us-west-2.amazonaws.com/call_8f2d1a7c4b9e06d35a1f2c7e/recording.wav");
    CHECK_FALSE(out.is_test);
    CHECK(out.end_reason == "user_hangup");
    CHECK(out.raw.at("agent_version") == 4);

    CHECK(to_json(out) ==
          R"({"source":"rt","provider":"retell","id":"call_8f2d1a7c4b9e06d35a1f2c7e",)"
          R"("provider_call_sid":"CA5d0d0d8047bf685c3f0ff980fe62c1a2","direction":"inbound","status":"completed",)"
          R"("provider_status":"ended","ended_by":"customer","answered_by":"human",)"
          R"("agent":{"id":"agent_5c1e9a0b7d3f4e2a8c6b1d0e","name":"Inbound reception","label":null},"campaign":null,)"
          R"("agent_number":"+12135550199","customer_number":"+14155550123","duration_s":170,)"
          R"("created_at":"2025-08-18T16:02:11Z","updated_at":"2025-08-18T16:05:02Z","transcript":null,"variables":{},)"
          R"("evaluation":{"call_summary":"Caller asked for opening hours and booked a visit.","in_voicemail":false,)"
          R"("user_sentiment":"Positive","call_successful":true,"custom_analysis_data":{}},"webhook_response":null,)"
          R"("carrier_cost":null,"total_cost":0.2196,)"
          R"("recording_url":"https://retellai.s3.us-west-2.amazonaws.com/call_8f2d1a7c4b9e06d35a1f2c7e/recording.wav",)"
          R"("is_test":false,"started_at":"2025-08-18T16:02:11Z","ended_at":"2025-08-18T16:05:02Z",)"
          R"("end_reason":"user_hangup","summary":"Caller asked for opening hours and booked a visit.","currency":"USD"})");
}

TEST_CASE("Documented example: the ongoing web call") {
    const CallPage page = parse_fixture(retell(), "retell/documented-example.json", context("rt"));
    const CallRecord& web = page.records.at(1);
    CHECK(web.id == "call_3b6e0c9a1d7f42e8b5a0c4d1");
    CHECK(web.direction == Direction::web);
    CHECK(web.status == CallStatus::in_progress);
    CHECK(web.provider_status == "ongoing");
    CHECK(web.created_at == utc(2025, 8, 18, 16, 1, 10));
    CHECK(web.updated_at == web.created_at);  // no end_timestamp yet: start_timestamp
    CHECK_FALSE(web.ended_at.has_value());
    CHECK(web.duration_s == 0);
    CHECK(web.agent == AgentRef{"agent_5c1e9a0b7d3f4e2a8c6b1d0e", std::nullopt, std::nullopt});
    CHECK_FALSE(web.agent_number.has_value());
    CHECK_FALSE(web.customer_number.has_value());
    CHECK_FALSE(web.total_cost.has_value());
    CHECK_FALSE(web.currency.has_value());  // no amount, no currency
    CHECK_FALSE(web.evaluation.has_value());
    CHECK_FALSE(web.answered_by.has_value());
    CHECK_FALSE(web.ended_by.has_value());
    CHECK_FALSE(web.end_reason.has_value());
}

TEST_CASE("Quirk: a call that never started has no created_at and is counted not listed") {
    const CallPage page = parse_fixture(retell(), "retell/documented-example.json", context("rt"));
    CHECK(page.info.vendor_records == 3);
    CHECK(page.info.unlisted == 1);
    for (const auto& r : page.records) CHECK(r.id != "call_c2a9f71e5d0b4386a1e7f9b2");

    // A page of such calls only still pages on.
    const CallPage none = parse_fixture(retell(), "retell/not-started-page.json", context("rt", 5));
    CHECK(none.records.empty());
    CHECK(none.info.unlisted == 2);
    CHECK(none.info.next == PageCursor{6, "eyJsYXN0X2lkIjoiY2FsbF9ub3RfY29ubmVjdGVkXzAwMDIifQ"});
}

TEST_CASE("Paging: the cursor of a middle page the last page and an empty page") {
    const CallPage first = parse_fixture(retell(), "retell/documented-example.json", context("rt"));
    CHECK(first.info.next == PageCursor{2, "eyJsYXN0X2lkIjoiY2FsbF9jMmE5ZjcxZTVkMGI0Mzg2YTFlN2Y5YjIifQ"});

    const CallPage middle = quirks();
    CHECK(middle.info.page == 2);
    CHECK(middle.info.next == PageCursor{3, "eyJsYXN0X2lkIjoiY2FsbF9xdWlya18xNCJ9"});

    const CallPage last = parse_fixture(retell(), "retell/last-page.json", context("rt", 3));
    CHECK_FALSE(last.info.next.has_value());
    REQUIRE(last.records.size() == 1);
    CHECK(last.records[0].status == CallStatus::failed);  // error_llm_websocket_open
    CHECK(last.records[0].provider_status == "error");
    CHECK(last.records[0].duration_s == 2);
    CHECK(last.records[0].end_reason == "error_llm_websocket_open");
    CHECK(last.records[0].created_at == utc(2025, 8, 18, 0, 3, 11));

    const CallPage empty = parse_fixture(retell(), "retell/empty-page.json", context("rt", 4));
    CHECK(empty.records.empty());
    CHECK_FALSE(empty.info.next.has_value());
}

TEST_CASE("Quirk: has_more false ends the list even with a pagination_key there") {
    const CallPage last = parse_fixture(retell(), "retell/last-page-stale-key.json", context("rt", 7));
    CHECK_FALSE(last.info.next.has_value());
    REQUIRE(last.records.size() == 1);
    CHECK(last.records[0].ended_by == EndedBy::assistant);
    CHECK(last.records[0].direction == Direction::web);
    CHECK_FALSE(last.records[0].answered_by.has_value());  // no analysis
}

TEST_CASE("Quirk: the next page sends the answer's pagination_key back in the body") {
    const auto plan = plan_for({});
    REQUIRE(plan.has_value());
    const HttpRequest first = retell().page_request(access(), *plan, PageCursor{}, 100);
    CHECK(first.method == "POST");
    CHECK(first.target == "/v3/list-calls");
    CHECK(boost::json::parse(first.body) == boost::json::parse(R"({"sort_order":"descending","limit":100})"));
    CHECK(find_header(first.headers, "Content-Type") == "application/json");
    CHECK(find_header(first.headers, "Authorization") == "Bearer key_secret_0123456789");
    CHECK(find_header(first.headers, "Accept") == "application/json");

    const HttpRequest second = retell().page_request(access(), *plan, PageCursor{2, "eyJsYXN0X2lkIjoi"}, 100);
    CHECK(second.target == "/v3/list-calls");
    CHECK(boost::json::parse(second.body) ==
          boost::json::parse(R"({"sort_order":"descending","limit":100,"pagination_key":"eyJsYXN0X2lkIjoi"})"));
    CHECK(boost::json::parse(second.body).as_object().contains("skip") == false);
}

TEST_CASE("Quirk: ended and not connected calls say busy no answer or failure in disconnection_reason") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "call_quirk_01").status == CallStatus::busy);       // ended, dial_busy
    CHECK(record_with_id(page, "call_quirk_02").status == CallStatus::busy);       // not_connected, dial_busy
    CHECK(record_with_id(page, "call_quirk_03").status == CallStatus::failed);     // telephony_provider_*
    CHECK(record_with_id(page, "call_quirk_04").status == CallStatus::failed);     // sip_routing_error
    CHECK(record_with_id(page, "call_quirk_05").status == CallStatus::failed);     // error_asr on an ended call
    CHECK(record_with_id(page, "call_quirk_11").status == CallStatus::failed);     // not_connected, no reason
    CHECK(record_with_id(page, "call_quirk_12").status == CallStatus::no_answer);  // ended, dial_no_answer
    CHECK(record_with_id(page, "call_quirk_14").status == CallStatus::failed);     // error
    CHECK(record_with_id(page, "call_quirk_06").status == CallStatus::completed);  // voicemail_reached
    CHECK(record_with_id(page, "call_quirk_02").provider_status == "not_connected");
    CHECK(record_with_id(page, "call_quirk_01").end_reason == "dial_busy");
}

TEST_CASE("Quirk: an unknown disconnection reason or call status is kept as sent never rejected") {
    const CallPage page = quirks();
    const CallRecord& moon = record_with_id(page, "call_quirk_09");
    CHECK(moon.status == CallStatus::completed);
    CHECK(moon.end_reason == "caller_went_to_the_moon");
    CHECK_FALSE(moon.ended_by.has_value());
    const CallRecord& odd = record_with_id(page, "call_quirk_10");
    CHECK(odd.status == CallStatus::unknown);
    CHECK(odd.provider_status == "transferring");
}

TEST_CASE("Quirk: voicemail is the reason or in_voicemail and an ended phone call without it reached a person") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "call_quirk_06").answered_by == AnsweredBy::machine);
    CHECK(record_with_id(page, "call_quirk_07").answered_by == AnsweredBy::human);
    CHECK_FALSE(record_with_id(page, "call_quirk_08").answered_by.has_value());  // a web call
    CHECK_FALSE(record_with_id(page, "call_quirk_01").answered_by.has_value());  // no analysis
    CHECK_FALSE(record_with_id(page, "call_quirk_12").answered_by.has_value());  // no answer, though not voicemail
    CHECK(record_with_id(page, "call_quirk_07").ended_by == EndedBy::customer);
    CHECK(record_with_id(page, "call_quirk_08").ended_by == EndedBy::assistant);
}

TEST_CASE("Quirk: times are epoch milliseconds and durations milliseconds both rounded down") {
    const CallPage page = quirks();
    const CallRecord& r = record_with_id(page, "call_quirk_07");
    // start 1755499980999 ms: 2025-08-18T06:53:00.999Z.
    CHECK(r.created_at == ms(1755499980999));
    CHECK(r.created_at == utc(2025, 8, 18, 6, 53, 0));
    CHECK(r.ended_at == utc(2025, 8, 18, 6, 53, 1));  // 1755499981998
    CHECK(r.duration_s == 0);                        // 999 ms
    CHECK(to_json(r).find(R"("created_at":"2025-08-18T06:53:00Z","updated_at":"2025-08-18T06:53:01Z")") !=
          std::string::npos);
}

TEST_CASE("Quirk: cost is in cents divided by 100 exactly with fractions of a cent kept") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "call_quirk_06").total_cost->to_string() == "12.345678");  // 1234.5678 cents
    CHECK(record_with_id(page, "call_quirk_07").total_cost->to_string() == "0.000001");   // 0.0001 cents
    CHECK(record_with_id(page, "call_quirk_08").total_cost->to_string() == "0");
    CHECK(record_with_id(page, "call_quirk_08").currency == "USD");
    CHECK(to_json(record_with_id(page, "call_quirk_07")).find(R"("total_cost":0.000001,)") != std::string::npos);
    CHECK_FALSE(record_with_id(page, "call_quirk_01").currency.has_value());
}

TEST_CASE("Quirk: a web call has no direction and an unknown call type passes on to direction") {
    const CallPage page = quirks();
    CHECK(record_with_id(page, "call_quirk_08").direction == Direction::web);
    const CallRecord& sip = record_with_id(page, "call_quirk_10");
    CHECK(sip.direction == Direction::inbound);
    CHECK(sip.customer_number == "+40712345678");
    CHECK_FALSE(sip.agent_number.has_value());  // "" reads as null
}

TEST_CASE("Quirk: a transcript in a list item is not read - only the details carry it") {
    const CallPage page = quirks();
    const CallRecord& r = record_with_id(page, "call_quirk_07");
    CHECK_FALSE(r.transcript.has_value());
    CHECK(r.raw.at("transcript") == "Agent: this list transcript is not read");
}

TEST_CASE("Quirk: null and absent fields read as null or empty") {
    const CallPage page = quirks();
    const CallRecord& r = record_with_id(page, "call_quirk_07");
    CHECK_FALSE(r.provider_call_sid.has_value());  // telephony_identifier {}
    CHECK_FALSE(r.recording_url.has_value());      // null
    CHECK_FALSE(r.summary.has_value());            // ""
    CHECK(r.variables == boost::json::object{{"first_name", "Ana"}, {"plan", "gold"}});
    CHECK_FALSE(record_with_id(page, "call_quirk_08").recording_url.has_value());  // ""
    CHECK(record_with_id(page, "call_quirk_11").agent.name == std::nullopt);       // agent_name absent
    CHECK(record_with_id(page, "call_quirk_09").agent.name == "Quirks desk");      // agent_tag null is fine
    // The registered call without a start is counted, not listed.
    CHECK(page.info.unlisted == 1);
    CHECK(page.info.vendor_records == 14);
    CHECK(page.records.size() == 13);
}

TEST_CASE("Malformed bodies are errors naming the source page and field") {
    check_malformed_pages(retell(), {
        {"bare-array.json", "", "expected a JSON object, got an array"},
        {"items-missing.json", "items", "missing; the vendor said: Invalid request format"},
        {"items-an-object.json", "items", "expected an array, got an object"},
        {"has-more-missing.json", "has_more", "does not say whether more calls follow"},
        {"has-more-true-without-key.json", "pagination_key", "missing, though has_more says more calls follow"},
        {"has-more-a-string.json", "has_more", "expected"},
        {"call-id-missing.json", "items[0].call_id", "missing"},
        {"start-timestamp-iso-text.json", "items[0].start_timestamp", ""},
        {"combined-cost-not-money.json", "items[1].call_cost.combined_cost", ""},
        {"phone-call-without-direction.json", "items[0].direction", "missing on a call of call_type \"phone_call\""},
        {"unknown-direction.json", "items[0].direction", "unknown call_type or direction \"sideways\""},
        {"in-voicemail-a-string.json", "items[0].call_analysis.in_voicemail", ""},
        {"call-status-null.json", "items[0].call_status", "null"},
        {"not-json.json", "", "not JSON"},
    }, 4, "rt", true);
}

TEST_CASE("Error bodies: every Retell shape") {
    const PageContext at = context("rt", 2);
    const Error bad = classify_error_fixture(retell(), 400, "400-documented.json", at);
    CHECK(bad.is(errc::rejected_by_vendor));
    CHECK(bad.details().message.find("Invalid request format, please check API reference.") != std::string::npos);
    CHECK(bad.details().provider == "retell");

    const Error unauthorized = classify_error_fixture(retell(), 401, "401-documented.json", at);
    CHECK(unauthorized.is(errc::unauthorized));
    CHECK(unauthorized.details().message.find("API key is missing or invalid.") != std::string::npos);
    CHECK(classify_error_fixture(retell(), 403, "403-permission.json", at).is(errc::unauthorized));

    const Error payment = classify_error_fixture(retell(), 402, "402-documented.json", at);
    CHECK(payment.details().message.find("Trial has ended, please add payment method.") != std::string::npos);
    CHECK_FALSE(payment.is(errc::rate_limited));

    CHECK(classify_error_fixture(retell(), 422, "422-unprocessable.json", at).is(errc::rejected_by_vendor));

    const Error limited = classify_error_fixture(retell(), 429, "429-documented.json", at);
    CHECK(limited.is(errc::rate_limited));
    CHECK(limited.details().message.find("Account rate limited, please throttle your requests.") != std::string::npos);

    const Error server = classify_error_fixture(retell(), 500, "500-documented.json", at);
    CHECK(server.is(errc::vendor_unavailable));
    CHECK(server.details().message.find("An unexpected server error occurred.") != std::string::npos);

    const Error gateway = classify_error_fixture(retell(), 502, "502-html.html", at);
    CHECK(gateway.is(errc::vendor_unavailable));
    CHECK(gateway.details().http_status == 502);
}

TEST_CASE("Plan: status direction agent and creation bounds go into filter_criteria") {
    const auto plan = plan_for({{"status", "completed"},
                                {"direction", "outbound"},
                                {"agent_id", "agent_5c1e"},
                                {"created_from", "2025-08-18T00:00:00Z"},
                                {"created_to", "2025-08-18T23:59:59Z"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params.empty());
    CHECK(boost::json::parse(criteria(*plan)) == boost::json::parse(R"({
        "call_status":{"type":"enum","op":"in","value":["ended"]},
        "direction":{"type":"enum","op":"in","value":["outbound"]},
        "agent":[{"agent_id":"agent_5c1e"}],
        "start_timestamp":{"type":"range","op":"bt","value":[1755475199999,1755561600000]}})"));
    CHECK(plan->vendor_body.at("sort_order") == "descending");
    // Every filter is checked locally too.
    CHECK(plan->local.agent_id == "agent_5c1e");
    CHECK(plan->local.created_from == utc(2025, 8, 18, 0, 0, 0));
    CHECK(plan->local.statuses == std::vector<CallStatus>{CallStatus::completed});
    CHECK_FALSE(plan->matches_nothing);
}

TEST_CASE("Plan: one creation bound is a number filter in milliseconds") {
    CHECK(boost::json::parse(criteria(*plan_for({{"created_from", "2025-08-18T00:00:00Z"}}))) ==
          boost::json::parse(R"({"start_timestamp":{"type":"number","op":"ge","value":1755475200000}})"));
    CHECK(boost::json::parse(criteria(*plan_for({{"created_to", "2025-08-18"}}))) ==
          boost::json::parse(R"({"start_timestamp":{"type":"number","op":"le","value":1755561599999}})"));
}

TEST_CASE("Plan: statuses become the call_status words that can stand for them") {
    CHECK(criteria(*plan_for({{"status", "in_progress"}})) ==
          R"({"call_status":{"type":"enum","op":"in","value":["ongoing"]}})");
    CHECK(criteria(*plan_for({{"status", "failed"}})) ==
          R"({"call_status":{"type":"enum","op":"in","value":["ended","error","not_connected"]}})");
    CHECK(criteria(*plan_for({{"status", "busy"}})) ==
          R"({"call_status":{"type":"enum","op":"in","value":["ended","not_connected"]},)"
          R"("disconnection_reason":{"type":"enum","op":"in","value":["dial_busy"]}})");
    CHECK(criteria(*plan_for({{"status", "busy,no_answer"}})) ==
          R"({"call_status":{"type":"enum","op":"in","value":["ended","not_connected"]},)"
          R"("disconnection_reason":{"type":"enum","op":"in","value":["dial_busy","dial_no_answer"]}})");
    CHECK(criteria(*plan_for({{"status", "busy,completed"}})) ==
          R"({"call_status":{"type":"enum","op":"in","value":["ended","not_connected"]}})");
    CHECK(criteria(*plan_for({{"provider_status", "not_connected"}})) ==
          R"({"call_status":{"type":"enum","op":"in","value":["not_connected"]}})");
    CHECK_FALSE(plan_for({{"status", "busy"}})->matches_nothing);
}

TEST_CASE("Quirk: registered is not filterable - initiated and unknown are checked locally only") {
    for (auto status : {"initiated", "unknown", "initiated,completed"}) {
        CAPTURE(status);
        const auto plan = plan_for({{"status", status}});
        REQUIRE(plan.has_value());
        CHECK(criteria(*plan).empty());
        CHECK_FALSE(plan->matches_nothing);
        CHECK_FALSE(plan->local.statuses.empty());
    }
    CHECK(criteria(*plan_for({{"provider_status", "registered"}})).empty());
    CHECK(plan_for({{"provider_status", "registered"}})->local.provider_status == "registered");
}

TEST_CASE("Plan: statuses Retell never has match nothing") {
    CHECK(plan_for({{"status", "ringing"}})->matches_nothing);
    CHECK(plan_for({{"status", "queued,canceled"}})->matches_nothing);
    CHECK_FALSE(plan_for({{"status", "queued,completed"}})->matches_nothing);
}

TEST_CASE("Plan: web is a call_type the numbers and search are local") {
    CHECK(criteria(*plan_for({{"direction", "web"}})) == R"({"call_type":{"type":"enum","op":"in","value":["web_call"]}})");
    const auto plan = plan_for({{"customer_number", "+40712345678"}, {"search", "+4072"}});
    REQUIRE(plan.has_value());
    CHECK(criteria(*plan).empty());
    CHECK(plan->local.customer_number == "+40712345678");
    CHECK(plan->local.search == "+4072");
}

TEST_CASE("Plan: campaign_id is an unsupported filter refused before any request") {
    const auto plan = plan_for({{"campaign_id", "4"}});
    REQUIRE(plan.has_error());
    CHECK(plan.error().is(errc::unsupported_filter));
    CHECK(plan.error().details().filter == "campaign_id");
    CHECK(plan.error().details().provider == "retell");
}

TEST_CASE("Plan: a + goes into the JSON body as it is and into a detail path as %2B") {
    const auto plan = plan_for({{"agent_id", "agent+1/x"}});
    const HttpRequest request = retell().page_request(access(), *plan, PageCursor{}, 5000);
    CHECK(request.target == "/v3/list-calls");  // no query at all
    CHECK(boost::json::parse(request.body).at("filter_criteria").at("agent").at(0).at("agent_id") == "agent+1/x");
    CHECK(boost::json::parse(request.body).at("limit") == 1000);  // Retell's largest page

    CallRecord record;
    record.id = "call_a+b/c";
    const auto detail = retell().detail_request(access(), record);
    REQUIRE(detail.has_value());
    CHECK(detail->method == "GET");
    CHECK(detail->target == "/v2/get-call/call_a%2Bb%2Fc");
    CHECK(detail->body.empty());
}

TEST_CASE("Plan: no Retell filter needs the details - the list shows every filtered field") {
    for (auto [name, value] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"status", "completed"}, {"provider_status", "ended"}, {"direction", "inbound"}, {"agent_id", "a"},
             {"customer_number", "+40712345678"}, {"search", "CA5d"}, {"created_from", "2025-08-18"}}) {
        CAPTURE(name);
        CHECK_FALSE(plan_for({{name, value}})->needs_details);
    }
}

TEST_CASE("Details: get-call on the API root with the bearer token") {
    const auto request = retell().detail_request(access(), documented_first());
    REQUIRE(request.has_value());
    CHECK(request->method == "GET");
    CHECK(request->origin == Origin{"https", "api.retellai.com", 443});
    CHECK(request->target == "/v2/get-call/call_8f2d1a7c4b9e06d35a1f2c7e");
    CHECK(find_header(request->headers, "Authorization") == "Bearer key_secret_0123456789");
}

TEST_CASE("Quirk: the v3 list leaves out the transcripts and get-call fills them") {
    CallRecord record = documented_first();
    REQUIRE_FALSE(record.transcript.has_value());
    const Error e = retell().apply_details(record, fixture("retell/details/get-call-documented.json"), context("rt", 1));
    REQUIRE_FALSE(e);
    CHECK(record.transcript == "Agent: Hi, this is Inbound reception.\nUser: When are you open?\n");
    // The signed URL get-call gives replaces the list's.
    CHECK(record.recording_url ==
          "https://retellai.s3.us-west-2.amazonaws.com/call_8f2d1a7c4b9e06d35a1f2c7e/recording-signed.wav");
    CHECK(record.total_cost->to_string() == "0.2196");  // the rest as listed

    CallRecord web = parse_fixture(retell(), "retell/documented-example.json", context("rt")).records.at(1);
    REQUIRE_FALSE(retell().apply_details(web, fixture("retell/details/get-call-turns-only.json"), context("rt", 1)));
    CHECK(web.transcript == "agent: Welcome to the demo.\nuser: Hi.");
}

TEST_CASE("Quirk: with basic_attributes_only storage get-call has no transcript and it stays null") {
    CallRecord record = documented_first();
    REQUIRE_FALSE(
        retell().apply_details(record, fixture("retell/details/get-call-basic-attributes-only.json"), context("rt", 1)));
    CHECK_FALSE(record.transcript.has_value());
    CHECK(record.recording_url.has_value());  // the list's is kept
}

TEST_CASE("Details: another call's details or a bad transcript fail naming the field") {
    CallRecord record = documented_first();
    const Error other = retell().apply_details(record, fixture("retell/details/get-call-other-call.json"), context("rt", 3));
    REQUIRE(other);
    CHECK(other.is(errc::malformed_response));
    CHECK(other.details().field == "details.call_id");
    CHECK(other.details().page == 3u);
    CHECK(other.message().find("call_someone_else") != std::string::npos);

    CallRecord again = documented_first();
    const Error bad = retell().apply_details(again, fixture("retell/details/get-call-bad-transcript.json"), context("rt", 3));
    REQUIRE(bad);
    CHECK(bad.details().field == "details.transcript");
    CHECK(bad.details().source == "rt");

    const Error not_json = retell().apply_details(again, "<html>", context("rt", 3));
    REQUIRE(not_json);
    CHECK(not_json.message().find("not JSON") != std::string::npos);
}

TEST_CASE("Credentials: RETELL_API_KEY as a bearer token on the configured root") {
    const Registry registry = Registry::with_shipped_providers();
    const ProviderDescriptor* descriptor = registry.find("retell");
    REQUIRE(descriptor != nullptr);
    CHECK(descriptor->token_env == "RETELL_API_KEY");
    CHECK(retell().default_api_root() == "https://api.retellai.com");
    CHECK_FALSE(retell().check_access(access()));

    const auto root = ApiRoot::parse("https://retell.example.com/proxy");
    REQUIRE(root.has_value());
    const HttpRequest request = retell().page_request(SourceAccess{*root, "rk_other", {}, {}}, *plan_for({}), {}, 10);
    CHECK(request.origin == Origin{"https", "retell.example.com", 443});
    CHECK(request.target == "/proxy/v3/list-calls");
    CHECK(find_header(request.headers, "Authorization") == "Bearer rk_other");
    CallRecord record;
    record.id = "call_1";
    CHECK(retell().detail_request(SourceAccess{*root, "rk_other", {}, {}}, record)->target == "/proxy/v2/get-call/call_1");
}

}  // TEST_SUITE
