// The Talkover dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/talkover/QUIRKS.md, both
// paginators, malformed bodies, every error shape and query planning.

#include <callbridge/providers.hpp>

#include <boost/json/parse.hpp>

#include "support/fixtures.hpp"

using namespace callbridge;
using namespace callbridge::test;

namespace {

const Dialect& talkover() { return *find_dialect("talkover"); }

CallPage quirks() { return parse_fixture(talkover(), "talkover/quirks-page.json", context("tk", 2)); }

boost::system::result<QueryPlan, Error> plan_for(Filters filters) {
    return talkover().plan(query_with(filters));
}

using Params = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_SUITE("talkover") {

TEST_CASE("Documented example: every canonical field of both calls") {
    const CallPage page = parse_fixture(talkover(), "talkover/documented-example.json", context("tk"));
    REQUIRE(page.records.size() == 2);

    const CallRecord& out = page.records[0];
    CHECK(out.source == "tk");
    CHECK(out.provider == "talkover");
    CHECK(out.id == "call-uuid-1");
    CHECK(out.provider_call_sid == "call_sid_123");
    CHECK(out.direction == Direction::outbound);
    CHECK(out.status == CallStatus::completed);
    CHECK(out.provider_status == "completed");
    CHECK_FALSE(out.ended_by.has_value());
    CHECK_FALSE(out.answered_by.has_value());
    CHECK(out.agent == AgentRef{"agent-uuid-1", "Sales Agent", "Sales Agent Label"});
    CHECK_FALSE(out.campaign.has_value());
    CHECK(out.agent_number == "+0987654321");    // outbound: from
    CHECK(out.customer_number == "+1234567890");  // outbound: to
    CHECK(out.duration_s == 120);
    CHECK(out.created_at == utc(2024, 1, 1, 0, 0, 0));
    CHECK(out.updated_at == utc(2024, 1, 1, 0, 0, 0));
    CHECK_FALSE(out.transcript.has_value());
    CHECK(out.variables.empty());
    CHECK_FALSE(out.evaluation.has_value());
    CHECK_FALSE(out.webhook_response.has_value());
    CHECK_FALSE(out.carrier_cost.has_value());
    CHECK_FALSE(out.total_cost.has_value());
    CHECK_FALSE(out.recording_url.has_value());
    CHECK_FALSE(out.is_test);
    CHECK(out.raw.at("to_formatted") == "(123) 456-7890");

    const CallRecord& in = page.records[1];
    CHECK(in.direction == Direction::inbound);
    CHECK(in.status == CallStatus::in_progress);
    CHECK(in.provider_status == "answered");
    CHECK(in.agent_number == "+1987654321");     // inbound: to
    CHECK(in.customer_number == "+0987654321");  // inbound: from
    CHECK(in.duration_s == 180);
    CHECK(in.updated_at == utc(2024, 1, 1, 1, 3, 0));

    CHECK(to_json(in) ==
          R"({"source":"tk","provider":"talkover","id":"call-uuid-2","provider_call_sid":"call_sid_456",)"
          R"("direction":"inbound","status":"in_progress","provider_status":"answered","ended_by":null,)"
          R"("answered_by":null,"agent":{"id":"agent-uuid-2","name":"Support Agent","label":"Support Agent Label"},)"
          R"("campaign":null,"agent_number":"+1987654321","customer_number":"+0987654321","duration_s":180,)"
          R"("created_at":"2024-01-01T01:00:00Z","updated_at":"2024-01-01T01:03:00Z","transcript":null,)"
          R"("variables":{},"evaluation":null,"webhook_response":null,"carrier_cost":null,"total_cost":null,)"
          R"("recording_url":null,"is_test":false,)"
          R"("started_at":null,"ended_at":null,"end_reason":null,"summary":null,"currency":null})");
}

TEST_CASE("Documented example: the pagination object") {
    const CallPage page = parse_fixture(talkover(), "talkover/documented-example.json", context("tk"));
    CHECK(page.info.page == 1);
    CHECK(page.info.last_page == 5u);
    CHECK(page.info.per_page == 20u);
    CHECK(page.info.total == 100u);
    CHECK(page.info.vendor_records == 2);
    CHECK(page.info.next == PageCursor{2, {}});
}

TEST_CASE("Quirk: answered and in-progress are both in_progress") {
    const CallPage page = quirks();
    CHECK(page.records[0].status == CallStatus::in_progress);
    CHECK(page.records[0].provider_status == "answered");
    CHECK(page.records[1].status == CallStatus::in_progress);
    CHECK(page.records[1].provider_status == "in-progress");
}

TEST_CASE("Quirk: campaign calls queued or scheduled are queued") {
    const CallPage page = quirks();
    CHECK(page.records[2].status == CallStatus::queued);
    CHECK(page.records[2].provider_status == "queued");
    CHECK(page.records[3].status == CallStatus::queued);
    CHECK(page.records[3].provider_status == "scheduled");
}

TEST_CASE("Quirk: an unknown status is unknown with the vendor's word kept") {
    const CallPage page = quirks();
    CHECK(page.records[4].status == CallStatus::unknown);
    CHECK(page.records[4].provider_status == "voicemail");
}

TEST_CASE("Quirk: fractional seconds are dropped and offsets become UTC") {
    const CallPage page = quirks();
    CHECK(page.records[0].created_at == utc(2025, 8, 4, 14, 30, 0));
    CHECK(page.records[0].updated_at == utc(2025, 8, 4, 14, 30, 59));
    CHECK(page.records[1].created_at == utc(2025, 8, 4, 14, 29, 0));  // +02:00
    CHECK(page.records[3].created_at == utc(2025, 8, 4, 11, 0, 0));
    CHECK(to_json(page.records[0]).find(R"("created_at":"2025-08-04T14:30:00Z","updated_at":"2025-08-04T14:30:59Z")") !=
          std::string::npos);
}

TEST_CASE("Quirk: inbound calls swap from and to") {
    const CallPage page = quirks();
    const CallRecord& inbound = page.records[1];
    CHECK(inbound.direction == Direction::inbound);
    CHECK(inbound.customer_number == "+12025550199");
    CHECK(inbound.agent_number == "+14155550111");
    const CallRecord& outbound = page.records[0];
    CHECK(outbound.customer_number == "+40712345678");
    CHECK(outbound.agent_number == "+14155550100");
}

TEST_CASE("Quirk: is_testing a null sid and duration a null or [] agent") {
    const CallPage page = quirks();
    CHECK(page.records[2].is_test);
    CHECK_FALSE(page.records[0].is_test);
    CHECK_FALSE(page.records[2].provider_call_sid.has_value());
    CHECK(page.records[2].duration_s == 0);
    CHECK(page.records[2].agent == AgentRef{});
    CHECK(page.records[3].agent == AgentRef{});
    CHECK(page.records[1].agent == AgentRef{"agent-uuid-2", "Support Agent", std::nullopt});
}

TEST_CASE("Quirk: unknown fields are kept in raw never mapped") {
    const CallPage page = quirks();
    CHECK_FALSE(page.records[3].campaign.has_value());
    CHECK(page.records[3].raw.at("campaign").at("name") == "Renewals");
    CHECK_FALSE(page.records[4].recording_url.has_value());
    CHECK(page.records[4].raw.at("recording").at("url") == "https://cdn.talkover.ai/r/5c.mp3");
}

TEST_CASE("Quirk: the paginator may be `meta` without from/to or success") {
    const CallPage page = parse_fixture(talkover(), "talkover/meta-paginator.json", context("tk", 4));
    CHECK(page.info.page == 4);
    CHECK(page.info.last_page == 4u);
    CHECK(page.info.total == 16u);
    CHECK_FALSE(page.info.next.has_value());
    REQUIRE(page.records.size() == 1);
    CHECK(page.records[0].created_at == utc(2025, 7, 31, 23, 59, 59));
}

TEST_CASE("Paging: a middle page and an empty page") {
    const CallPage middle = quirks();
    CHECK(middle.info.page == 2);
    CHECK(middle.info.next == PageCursor{3, {}});
    CHECK(middle.info.total == 18u);
    CHECK(middle.records.size() == 5);

    const CallPage empty = parse_fixture(talkover(), "talkover/empty-page.json", context("tk"));
    CHECK(empty.records.empty());
    CHECK(empty.info.total == 0u);
    CHECK_FALSE(empty.info.next.has_value());
}

TEST_CASE("Malformed bodies are errors naming the source page and field") {
    check_malformed_pages(talkover(), {
        {"no-paginator.json", "pagination", "missing (neither pagination nor meta)"},
        {"paginator-without-last-page.json", "meta.last_page", "missing"},
        {"bad-updated-at.json", "data[0].updated_at", "expected a timestamp string, got a number"},
        {"unknown-direction.json", "data[0].direction", "unknown direction \"sideways\""},
        {"agent-a-string.json", "data[0].agent", "expected an object, got a string"},
        {"id-null.json", "data[0].id", "null"},
        {"success-false.json", "success", "the vendor reported a failure: Environment is suspended"},
    });
}

TEST_CASE("Error bodies: every Talkover shape") {
    const PageContext at = context("tk", 2);
    const Error documented = classify_error_fixture(talkover(), 401, "401-documented.json", at);
    CHECK(documented.is(errc::unauthorized));
    CHECK(documented.details().message == "Unauthorized");

    CHECK(classify_error_fixture(talkover(), 401, "401-invalid-token-code.json", at).details().message == "Invalid token (INVALID_TOKEN)");
    CHECK(classify_error_fixture(talkover(), 401, "401-error-string-and-message.json", at).details().message ==
          "Missing or invalid environment token (UNAUTHORIZED)");

    const Error validation = classify_error_fixture(talkover(), 422, "422-documented.json", at);
    CHECK(validation.is(errc::rejected_by_vendor));
    CHECK(validation.details().message == "The given data was invalid.");
    CHECK(validation.details().field_errors ==
          std::vector<FieldError>{{"status", {"The selected status is invalid."}},
                                  {"direction", {"The selected direction is invalid."}},
                                  {"date_from", {"The date from must be a valid date."}}});

    const Error nested = classify_error_fixture(talkover(), 422, "422-error-object.json", at);
    CHECK(nested.is(errc::rejected_by_vendor));
    CHECK(nested.details().message == "Query parameter validation failed (VALIDATION_ERROR)");
    CHECK(nested.details().field_errors ==
          std::vector<FieldError>{{"per_page", {"The per page may not be greater than 100."}},
                                  {"date_from", {"The date from must be a valid date."}}});

    const Error plain = classify_error_fixture(talkover(), 429, "429-success-false.json", at);
    CHECK(plain.is(errc::rate_limited));
    CHECK(plain.details().message == "Too many requests. Please try again later.");
    CHECK_FALSE(plain.details().retry_after.has_value());

    const Error hinted = classify_error_fixture(talkover(), 429, "429-error-object.json", at);
    CHECK(hinted.details().message == "Rate limit exceeded (RATE_LIMIT_EXCEEDED)");
    CHECK(hinted.details().retry_after == std::chrono::seconds(60));

    const Error server = classify_error_fixture(talkover(), 500, "500-documented.json", at);
    CHECK(server.is(errc::vendor_unavailable));
    CHECK(server.details().message == "Internal server error.");
    CHECK(classify_error_fixture(talkover(), 503, "503-message-only.json", at).details().message == "Server Error");
}

TEST_CASE("Plan: filters pushed to the vendor and checked locally") {
    const auto plan = plan_for({{"status", "completed"},
                                {"direction", "outbound"},
                                {"agent_id", "agent-uuid-1"},
                                {"customer_number", "+40712345678"},
                                {"search", "4071"}});
    REQUIRE(plan.has_value());
    CHECK(plan->vendor_params == Params{{"status", "completed"},
                                        {"direction", "outbound"},
                                        {"agent_id", "agent-uuid-1"},
                                        {"search", "+40712345678"}});
    // Everything can be checked on a Talkover record, so all stays local.
    CHECK(plan->local.agent_id == "agent-uuid-1");
    CHECK(plan->local.customer_number == "+40712345678");
    CHECK(plan->local.search == "4071");
}

TEST_CASE("Plan: in_progress and queued have two words each and are fetched wider") {
    CHECK(plan_for({{"status", "in_progress"}})->vendor_params.empty());
    CHECK(plan_for({{"status", "queued"}})->vendor_params.empty());
    CHECK(plan_for({{"provider_status", "answered"}})->vendor_params == Params{{"status", "answered"}});
    CHECK(plan_for({{"provider_status", "scheduled"}})->vendor_params.empty());  // not a documented filter word
}

TEST_CASE("Plan: direction web matches nothing - no request is needed") {
    CHECK(plan_for({{"direction", "web"}})->matches_nothing);
    CHECK_FALSE(plan_for({{"direction", "inbound"}})->matches_nothing);
}

TEST_CASE("Plan: campaign_id is an unsupported filter refused before any request") {
    const auto plan = plan_for({{"campaign_id", "4"}});
    REQUIRE(plan.has_error());
    CHECK(plan.error().is(errc::unsupported_filter));
    CHECK(plan.error().details().filter == "campaign_id");
    CHECK(plan.error().details().provider == "talkover");
}

TEST_CASE("Plan: a search term with + is sent as %2B") {
    const auto root = ApiRoot::parse(talkover().default_api_root());
    REQUIRE(root.has_value());
    const auto plan = plan_for({{"search", "+1234567890"}, {"created_from", "2024-01-01"}});
    const HttpRequest request = talkover().page_request(SourceAccess{*root, "talq_secret", {}, {}}, *plan, PageCursor{}, 100);
    CHECK(request.origin == Origin{"https", "app.talkover.ai", 443});
    CHECK(request.target == "/api/v1/calls?search=%2B1234567890&date_from=2023-12-31&page=1&per_page=100");
    CHECK(find_header(request.headers, "Authorization") == "Bearer talq_secret");
    CHECK(find_header(request.headers, "Accept") == "application/json");
}

}  // TEST_SUITE
