// The ElevenLabs dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/elevenlabs/QUIRKS.md, cursor
// paging, malformed bodies, every error shape, query planning, each
// conversation's details and the credentials.

#include <callbridge/providers.hpp>
#include <callbridge/registry.hpp>

#include <boost/json/parse.hpp>

#include "support/fixtures.hpp"

using namespace callbridge;
using namespace callbridge::test;

namespace {

const Dialect& elevenlabs() { return *find_dialect("elevenlabs"); }

CallPage documented() { return parse_fixture(elevenlabs(), "elevenlabs/documented-example.json", context("el")); }
CallPage quirks() { return parse_fixture(elevenlabs(), "elevenlabs/quirks-page.json", context("el", 2)); }

boost::system::result<QueryPlan, Error> plan_for(Filters filters) {
    return elevenlabs().plan(query_with(filters));
}

using Params = std::vector<std::pair<std::string, std::string>>;

SourceAccess access(std::string key = "xi_secret_key") {
    return default_root_access(elevenlabs(), std::move(key));
}

// A record of the documented example with its details applied.
CallRecord with_details(std::size_t index, std::string_view details) {
    CallRecord record = documented().records.at(index);
    const Error error = elevenlabs().apply_details(record, fixture(std::string("elevenlabs/details/") + std::string(details)),
                                                   context("el", 1));
    REQUIRE_MESSAGE(!error, error.message());
    return record;
}

Error details_error(std::string_view body) {
    CallRecord record = documented().records.at(0);
    return elevenlabs().apply_details(record, body, context("el", 3));
}

}  // namespace

TEST_SUITE("elevenlabs") {

TEST_CASE("Documented example: every canonical field of the three conversations") {
    const CallPage page = documented();
    REQUIRE(page.records.size() == 3);

    const CallRecord& done = page.records[0];
    CHECK(done.source == "el");
    CHECK(done.provider == "elevenlabs");
    CHECK(done.id == "conv_7501k2x9y7f3e8h6q4w2r5t7v9b1");
    CHECK_FALSE(done.provider_call_sid.has_value());  // details only
    CHECK(done.direction == Direction::inbound);
    CHECK(done.status == CallStatus::completed);
    CHECK(done.provider_status == "done");
    CHECK_FALSE(done.ended_by.has_value());
    CHECK_FALSE(done.answered_by.has_value());
    CHECK(done.agent == AgentRef{"agent_3701k3ttaq12ewp8b7qv5rfyszkz", "Front desk", std::nullopt});
    CHECK_FALSE(done.campaign.has_value());
    CHECK_FALSE(done.agent_number.has_value());
    CHECK_FALSE(done.customer_number.has_value());
    CHECK(done.duration_s == 171);
    CHECK(done.created_at == utc(2025, 8, 18, 16, 2, 11));
    CHECK(done.updated_at == utc(2025, 8, 18, 16, 2, 11));
    CHECK(done.started_at == utc(2025, 8, 18, 16, 2, 11));
    CHECK(done.ended_at == utc(2025, 8, 18, 16, 5, 2));
    CHECK_FALSE(done.transcript.has_value());
    CHECK(done.variables.empty());
    CHECK_FALSE(done.evaluation.has_value());
    CHECK_FALSE(done.webhook_response.has_value());
    CHECK_FALSE(done.carrier_cost.has_value());
    CHECK_FALSE(done.total_cost.has_value());
    CHECK_FALSE(done.currency.has_value());
    CHECK_FALSE(done.recording_url.has_value());
    CHECK_FALSE(done.is_test);
    CHECK(done.end_reason == "Call ended by remote party");
    CHECK(done.summary == "The caller asked about opening hours and booked a visit for Tuesday.");
    CHECK(done.raw.at("call_summary_title") == "Booking for Tuesday");
    CHECK(done.raw.at("message_count") == 14);

    const CallRecord& live = page.records[1];
    CHECK(live.id == "conv_4101k2x9c2d8m5n7p3q6s8u0w4");
    CHECK(live.direction == Direction::web);
    CHECK(live.status == CallStatus::in_progress);
    CHECK(live.provider_status == "in-progress");
    CHECK(live.duration_s == 0);
    CHECK(live.created_at == utc(2025, 8, 18, 16, 1, 10));
    CHECK_FALSE(live.ended_at.has_value());
    CHECK_FALSE(live.end_reason.has_value());
    CHECK_FALSE(live.summary.has_value());

    const CallRecord& failed = page.records[2];
    CHECK(failed.direction == Direction::outbound);
    CHECK(failed.status == CallStatus::failed);
    CHECK(failed.agent == AgentRef{"agent_3701k3ttaq12ewp8b7qv5rfyszkz", std::nullopt, std::nullopt});
    CHECK(failed.ended_at == utc(2025, 8, 18, 15, 30, 40));
    CHECK_FALSE(failed.end_reason.has_value());

    CHECK(to_json(failed) ==
          R"({"source":"el","provider":"elevenlabs","id":"conv_9901k2x8a1b3c5d7e9f1g3h5j7","provider_call_sid":null,)"
          R"("direction":"outbound","status":"failed","provider_status":"failed","ended_by":null,"answered_by":null,)"
          R"("agent":{"id":"agent_3701k3ttaq12ewp8b7qv5rfyszkz","name":null,"label":null},"campaign":null,)"
          R"("agent_number":null,"customer_number":null,"duration_s":38,"created_at":"2025-08-18T15:30:02Z",)"
          R"("updated_at":"2025-08-18T15:30:02Z","transcript":null,"variables":{},"evaluation":null,)"
          R"("webhook_response":null,"carrier_cost":null,"total_cost":null,"recording_url":null,"is_test":false,)"
          R"("started_at":"2025-08-18T15:30:02Z","ended_at":"2025-08-18T15:30:40Z","end_reason":null,"summary":null,)"
          R"("currency":null})");
}

TEST_CASE("Paging: the cursor of a middle page and the end of the list") {
    const CallPage middle = documented();
    CHECK(middle.info.vendor_records == 3);
    CHECK(middle.info.next == PageCursor{2, "MTc1NTUzMTAwMnxjb252Xzk5MDFrMng4YTFiM2M1ZDdlOWYxZzNoNWo3"});
    CHECK(middle.info.order == PageOrder::newest_first);

    const CallPage quirky = quirks();
    CHECK(quirky.info.next == PageCursor{3, "MTc1NTU5OTAwMHxjb252Xzg0MDE+/w=="});

    const CallPage last = parse_fixture(elevenlabs(), "elevenlabs/last-page.json", context("el", 4));
    REQUIRE(last.records.size() == 1);
    CHECK(last.records[0].id == "conv_0201k2w1q9r7t5y3u1i9o7p5a3");
    CHECK(last.records[0].created_at == utc(2025, 8, 18, 0, 16, 50));
    CHECK_FALSE(last.info.next.has_value());

    // Quirk: the last page may leave next_cursor out altogether.
    const CallPage empty = parse_fixture(elevenlabs(), "elevenlabs/empty-page.json", context("el", 5));
    CHECK(empty.records.empty());
    CHECK_FALSE(empty.info.next.has_value());
}

TEST_CASE("Paging: the cursor goes back in the query percent-encoded with the page size") {
    const auto plan = plan_for({});
    REQUIRE(plan.has_value());
    const HttpRequest first = elevenlabs().page_request(access(), *plan, PageCursor{}, 100);
    CHECK(first.method == "GET");
    CHECK(first.origin == Origin{"https", "api.elevenlabs.io", 443});
    CHECK(first.target == "/v1/convai/conversations?summary_mode=include&page_size=100");
    const HttpRequest next =
        elevenlabs().page_request(access(), *plan, PageCursor{3, "MTc1NTU5OTAwMHxjb252Xzg0MDE+/w=="}, 25);
    CHECK(next.target ==
          "/v1/convai/conversations?summary_mode=include&page_size=25&cursor=MTc1NTU5OTAwMHxjb252Xzg0MDE%2B%2Fw%3D%3D");
}

TEST_CASE("Quirk: processing is completed and has ended") {
    const CallPage page = quirks();
    const CallRecord& r = page.records[0];
    CHECK(r.status == CallStatus::completed);
    CHECK(r.provider_status == "processing");
    CHECK(r.ended_at == utc(2025, 8, 19, 10, 41, 35));
}

TEST_CASE("Quirk: an undocumented status is unknown with the word kept and no end") {
    const CallPage page = quirks();
    const CallRecord& r = page.records[1];
    CHECK(r.status == CallStatus::unknown);
    CHECK(r.provider_status == "transcribing");
    CHECK(r.started_at == utc(2025, 8, 19, 10, 39, 0));
    CHECK_FALSE(r.ended_at.has_value());
}

TEST_CASE("Quirk: a null missing or empty direction is a web conversation") {
    const CallPage page = quirks();
    CHECK(page.records[1].direction == Direction::web);  // missing
    CHECK(page.records[2].direction == Direction::web);  // ""
    CHECK(documented().records[1].direction == Direction::web);  // null
    CHECK(page.records[3].direction == Direction::outbound);
    CHECK(page.records[4].direction == Direction::inbound);
}

TEST_CASE("Quirk: an empty termination reason or summary is null") {
    const CallPage page = quirks();
    CHECK_FALSE(page.records[0].end_reason.has_value());  // null
    CHECK_FALSE(page.records[0].summary.has_value());     // ""
    CHECK_FALSE(page.records[2].end_reason.has_value());  // ""
    CHECK(page.records[2].summary == "A short test from the widget.");
    CHECK(page.records[4].end_reason == "Max duration exceeded");
}

TEST_CASE("Quirk: initiated and in-progress conversations have not ended") {
    const CallPage page = quirks();
    CHECK(page.records[3].status == CallStatus::initiated);
    CHECK(page.records[3].duration_s == 0);
    CHECK_FALSE(page.records[3].ended_at.has_value());
    CHECK(page.records[4].status == CallStatus::failed);
    CHECK(page.records[4].ended_at == utc(2025, 8, 19, 10, 23, 27));
}

TEST_CASE("Quirk: a speech engine id a null agent name and fields of newer versions") {
    const CallPage page = quirks();
    CHECK(page.records[2].agent == AgentRef{"seng_0101k3speechengine0000000", std::nullopt, std::nullopt});
    CHECK(page.records[1].agent.name == std::nullopt);
    CHECK(page.records[0].raw.at("tag_ids").at(0) == "tag_vip");
    CHECK(page.records[0].raw.at("sentiment_analysis").at("overall_label") == "positive");
    CHECK(page.records[3].raw.at("data_collection_results").at("plan").at("value") == "gold");
    // Two conversations started in the same second, as the vendor lists them.
    CHECK(page.records[2].created_at == page.records[3].created_at);
    CHECK(page.records[2].id == "conv_8601k2z0emptydirection000003");
}

TEST_CASE("Quirk: a conversation without a start time is counted not listed") {
    const CallPage page = parse_fixture(elevenlabs(), "elevenlabs/no-start-time.json", context("el", 6));
    CHECK(page.info.vendor_records == 3);
    CHECK(page.info.unlisted == 2);
    REQUIRE(page.records.size() == 1);
    CHECK(page.records[0].id == "conv_0003withstarttime0000000000003");
}

TEST_CASE("Malformed bodies are errors naming the source page and field") {
    check_malformed_pages(elevenlabs(), {
        {"no-conversations.json", "conversations", "missing"},
        {"conversations-an-object.json", "conversations", "expected an array, got an object"},
        {"has-more-without-cursor.json", "next_cursor", "missing, though has_more says more calls follow"},
        {"has-more-a-string.json", "has_more", "expected a boolean, got a string"},
        {"start-time-text.json", "conversations[0].start_time_unix_secs", "seconds since 1970"},
        {"id-null.json", "conversations[0].conversation_id", "null"},
        {"unknown-direction.json", "conversations[0].direction", "unknown direction \"sideways\""},
        {"negative-duration.json", "conversations[0].call_duration_secs", "negative: -4"},
        {"status-missing.json", "conversations[0].status", "missing"},
        {"cut-short.json", "", "not JSON"},
    }, 4, "el", true);
}

TEST_CASE("Error bodies: every ElevenLabs shape") {
    const PageContext at = context("el", 2);
    const Error key = classify_error_fixture(elevenlabs(), 401, "401-invalid-api-key.json", at);
    CHECK(key.is(errc::unauthorized));
    CHECK(key.details().message == "Invalid API key (invalid_api_key)");
    CHECK(key.details().source == "el");
    CHECK(key.details().page == 2u);

    const Error quota = classify_error_fixture(elevenlabs(), 400, "400-quota-exceeded.json", at);
    CHECK(quota.is(errc::rejected_by_vendor));
    CHECK(quota.details().message.starts_with("This request exceeds your quota of 10000."));
    CHECK(quota.details().message.ends_with("(quota_exceeded)"));

    const Error validation = classify_error_fixture(elevenlabs(), 422, "422-validation.json", at);
    CHECK(validation.is(errc::rejected_by_vendor));
    CHECK(validation.details().message == "the vendor refused the request");
    CHECK(validation.details().field_errors ==
          std::vector<FieldError>{{"page_size", {"Input should be less than or equal to 100"}},
                                  {"call_start_after_unix",
                                   {"Input should be a valid integer, unable to parse string as an integer"}}});

    const Error busy = classify_error_fixture(elevenlabs(), 429, "429-system-busy.json", at);
    CHECK(busy.is(errc::rate_limited));
    CHECK(busy.details().message.ends_with("If you retry the request, it will succeed. (system_busy)"));
    CHECK_FALSE(busy.details().retry_after.has_value());
    const Error concurrent = classify_error_fixture(elevenlabs(), 429, "429-too-many-concurrent-requests.json", at, {{"Retry-After", "3"}});
    CHECK(concurrent.is(errc::rate_limited));
    CHECK(concurrent.details().message.ends_with("(too_many_concurrent_requests)"));
    CHECK(concurrent.details().retry_after == std::chrono::seconds(3));

    const Error server = classify_error_fixture(elevenlabs(), 500, "500-text.txt", at);
    CHECK(server.is(errc::vendor_unavailable));
    CHECK(server.details().body_excerpt == "Internal Server Error");

    const Error gone = classify_error_fixture(elevenlabs(), 404, "404-conversation-not-found.json", at);
    CHECK(gone.is(errc::malformed_response));
    CHECK(gone.details().message == "Conversation not found (conversation_not_found); check the API root");
}

TEST_CASE("Plan: agent and start-time bounds go to the vendor widened by a second and are checked locally") {
    const auto plan = plan_for({{"agent_id", "agent_3701k3ttaq12ewp8b7qv5rfyszkz"},
                                {"created_from", "2025-08-18T15:30:02Z"},
                                {"created_to", "2025-08-18T16:02:11Z"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params == Params{{"agent_id", "agent_3701k3ttaq12ewp8b7qv5rfyszkz"},
                                        {"call_start_after_unix", "1755531001"},
                                        {"call_start_before_unix", "1755532932"}});
    CHECK(plan->local.agent_id == "agent_3701k3ttaq12ewp8b7qv5rfyszkz");
    CHECK(plan->local.created_from == utc(2025, 8, 18, 15, 30, 2));
    CHECK(plan->local.created_to == utc(2025, 8, 18, 16, 2, 11));
    CHECK_FALSE(plan->needs_details);
    const HttpRequest request = elevenlabs().page_request(access(), *plan, PageCursor{}, 50);
    CHECK(request.target ==
          "/v1/convai/conversations?agent_id=agent_3701k3ttaq12ewp8b7qv5rfyszkz&call_start_after_unix=1755531001&"
          "call_start_before_unix=1755532932&summary_mode=include&page_size=50");
}

TEST_CASE("Quirk: statuses are pushed down as the vendor words to exclude") {
    CHECK(plan_for({{"status", "completed"}})->vendor_params ==
          Params{{"exclude_statuses", "initiated"}, {"exclude_statuses", "in-progress"}, {"exclude_statuses", "failed"}});
    CHECK(plan_for({{"status", "in_progress,initiated"}})->vendor_params ==
          Params{{"exclude_statuses", "processing"}, {"exclude_statuses", "done"}, {"exclude_statuses", "failed"}});
    CHECK(plan_for({{"provider_status", "processing"}})->vendor_params ==
          Params{{"exclude_statuses", "initiated"},
                 {"exclude_statuses", "in-progress"},
                 {"exclude_statuses", "done"},
                 {"exclude_statuses", "failed"}});
    // An undocumented word is never excluded: unknown excludes every documented one.
    CHECK(plan_for({{"status", "unknown"}})->vendor_params.size() == 5);
    const auto local = plan_for({{"status", "completed"}});
    CHECK(local->local.statuses == std::vector<CallStatus>{CallStatus::completed});
    // No conversation is ever busy: nothing to ask for.
    CHECK(plan_for({{"status", "busy"}})->matches_nothing);
    CHECK_FALSE(plan_for({{"status", "failed"}})->matches_nothing);
    // Encoded: each value repeats the key.
    const HttpRequest request = elevenlabs().page_request(access(), *plan_for({{"status", "failed"}}), PageCursor{}, 100);
    CHECK(request.target ==
          "/v1/convai/conversations?exclude_statuses=initiated&exclude_statuses=in-progress&"
          "exclude_statuses=processing&exclude_statuses=done&summary_mode=include&page_size=100");
}

TEST_CASE("Plan: direction is checked locally and web can match") {
    const auto plan = plan_for({{"direction", "web"}});
    REQUIRE(plan.has_value());
    CHECK_FALSE(plan->matches_nothing);
    CHECK(plan->vendor_params.empty());
    CHECK(plan->local.direction == Direction::web);
}

TEST_CASE("Plan: a customer number or a search needs each conversation's details") {
    const auto number = plan_for({{"customer_number", "+40712345678"}});
    REQUIRE(number.has_value());
    CHECK(number->needs_details);
    CHECK(number->vendor_params.empty());  // the vendor has no number filter
    CHECK(number->local.customer_number == "+40712345678");
    // The vendor's own `search` is a full-text search of transcripts: not sent.
    const auto search = plan_for({{"search", "+4071"}});
    REQUIRE(search.has_value());
    CHECK(search->needs_details);
    CHECK(search->vendor_params.empty());
    CHECK(search->local.search == "+4071");
}

TEST_CASE("Plan: campaign_id is an unsupported filter refused before any request") {
    const auto plan = plan_for({{"campaign_id", "batch_1"}});
    REQUIRE(plan.has_error());
    CHECK(plan.error().is(errc::unsupported_filter));
    CHECK(plan.error().details().filter == "campaign_id");
    CHECK(plan.error().details().provider == "elevenlabs");
}

TEST_CASE("Credentials: the key in xi-api-key and no Authorization header") {
    const HttpRequest request = elevenlabs().page_request(access("xi_secret_key"), *plan_for({}), PageCursor{}, 100);
    CHECK(find_header(request.headers, "xi-api-key") == "xi_secret_key");
    CHECK_FALSE(find_header(request.headers, "Authorization").has_value());
    CHECK(find_header(request.headers, "Accept") == "application/json");
    const Registry registry = Registry::with_shipped_providers();
    REQUIRE(registry.contains("elevenlabs"));
    CHECK(registry.token_env("elevenlabs") == "ELEVENLABS_API_KEY");
    CHECK(elevenlabs().default_api_root() == "https://api.elevenlabs.io");
}

TEST_CASE("Details: one GET a conversation by its id percent-encoded with the key") {
    CallRecord record = documented().records[0];
    const auto request = elevenlabs().detail_request(access("xi_secret_key"), record);
    REQUIRE(request.has_value());
    CHECK(request->method == "GET");
    CHECK(request->origin == Origin{"https", "api.elevenlabs.io", 443});
    CHECK(request->target == "/v1/convai/conversations/conv_7501k2x9y7f3e8h6q4w2r5t7v9b1");
    CHECK(find_header(request->headers, "xi-api-key") == "xi_secret_key");
    record.id = "conv/x+y";
    CHECK(elevenlabs().detail_request(access(), record)->target == "/v1/convai/conversations/conv%2Fx%2By");
}

TEST_CASE("Details: numbers call SID cost in USD transcript and analysis of a Twilio call") {
    const CallRecord r = with_details(0, "twilio-inbound.json");
    CHECK(r.provider_call_sid == "CA0123456789abcdef0123456789abcdef");
    CHECK(r.agent_number == "+14155550100");
    CHECK(r.customer_number == "+40712345678");
    CHECK(r.total_cost == Decimal::parse("0.1368"));
    CHECK(r.currency == "USD");
    CHECK_FALSE(r.carrier_cost.has_value());
    REQUIRE(r.evaluation.has_value());
    CHECK(r.evaluation->at("evaluation_criteria_results").at("booked").at("result") == "success");
    // The list's fields stay as they were.
    CHECK(r.direction == Direction::inbound);
    CHECK(r.summary == "The caller asked about opening hours and booked a visit for Tuesday.");
    CHECK(r.ended_at == utc(2025, 8, 18, 16, 5, 2));
}

TEST_CASE("Quirk: a turn that only calls a tool or says nothing is no transcript line") {
    const CallRecord r = with_details(0, "twilio-inbound.json");
    CHECK(r.transcript ==
          "agent: Hello, Front desk. How can I help?\n"
          "user: When are you open on Tuesday?\n"
          "agent: Nine to five. I have booked you for ten.\n"
          "user: Thanks, bye.");
    // An empty transcript is no transcript.
    CHECK_FALSE(with_details(2, "sip-outbound.json").transcript.has_value());
}

TEST_CASE("Quirk: cost is credits kept raw and cost_fiat null is no cost") {
    const CallRecord twilio = with_details(0, "twilio-inbound.json");
    CHECK(twilio.raw.at("metadata").at("cost") == 1710);
    CHECK(twilio.raw.at("metadata").at("charging").at("tier") == "creator");
    const CallRecord sip = with_details(2, "sip-outbound.json");
    CHECK_FALSE(sip.total_cost.has_value());
    CHECK_FALSE(sip.currency.has_value());
    CHECK(sip.raw.at("metadata").at("cost") == 380);
    // Read for the listing only (raw not kept), nothing is added to raw.
    PageContext lean = context("el");
    lean.keep_raw = false;
    auto page = elevenlabs().parse_page(fixture("elevenlabs/documented-example.json"), lean);
    REQUIRE(page.has_value());
    CallRecord record = page->records[0];
    REQUIRE_FALSE(elevenlabs().apply_details(record, fixture("elevenlabs/details/twilio-inbound.json"), lean));
    CHECK(record.raw.empty());
    CHECK(record.total_cost == Decimal::parse("0.1368"));
}

TEST_CASE("Quirk: SIP trunk calls have their own call SID and a web conversation has no numbers") {
    const CallRecord sip = with_details(2, "sip-outbound.json");
    CHECK(sip.provider_call_sid == "sip-7f3e8h6q4w2r5t7v9b1@pbx.example.com");
    CHECK(sip.agent_number == "+14155550101");
    CHECK(sip.customer_number == "+12025550143");
    REQUIRE(sip.evaluation.has_value());
    CHECK(sip.evaluation->at("call_successful") == "failure");

    const CallRecord web = with_details(1, "widget.json");
    CHECK(web.direction == Direction::web);
    CHECK_FALSE(web.provider_call_sid.has_value());
    CHECK_FALSE(web.agent_number.has_value());
    CHECK_FALSE(web.customer_number.has_value());
    CHECK_FALSE(web.total_cost.has_value());
    CHECK_FALSE(web.evaluation.has_value());  // analysis null
    CHECK(web.transcript == "agent: Hi! Ask me anything.\nuser: Do you ship to Romania?");
}

TEST_CASE("Details: a malformed detail body is an error naming the field") {
    struct Case {
        const char* file;
        const char* field;
        const char* message_part;
    };
    const Case cases[] = {
        {"number-not-a-string.json", "details.metadata.phone_call.external_number", "expected a string, got a number"},
        {"turn-not-an-object.json", "details.transcript[1]", "expected a turn object, got a string"},
        {"cost-fiat-text.json", "details.metadata.cost_fiat", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        const Error e = details_error(fixture(std::string("elevenlabs/details/") + c.file));
        REQUIRE(e);
        CHECK(e.is(errc::malformed_response));
        CHECK(e.details().source == "el");
        CHECK(e.details().provider == "elevenlabs");
        CHECK(e.details().page == 3u);
        CHECK(e.details().field == c.field);
        CHECK_MESSAGE(e.details().message.find(c.message_part) != std::string::npos, e.details().message);
    }
    const Error text = details_error("<html>gateway</html>");
    CHECK(text.is(errc::malformed_response));
    CHECK(text.details().message.find("the call's details are not JSON") != std::string::npos);
    const Error turns = details_error(R"({"transcript":"agent: hi"})");
    CHECK(turns.details().field == "details.transcript");
    CHECK(turns.details().message == "expected an array of turns, got a string");
}

}  // TEST_SUITE
