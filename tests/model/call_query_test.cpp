#include <callbridge/call_query.hpp>

#include <doctest/doctest.h>

using namespace callbridge;
using namespace std::chrono;

namespace {

Timestamp at(int y, unsigned mo, unsigned d, int h, int mi, int s) {
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) + seconds(s);
}

// set_filter must fail on `filter` with a message containing `why`.
void check_refused(std::string_view filter, std::string_view value, std::string_view why) {
    CallQuery q;
    const Error e = set_filter(q, filter, value);
    CAPTURE(filter);
    CAPTURE(value);
    REQUIRE(e.failed());
    CHECK(e.is(errc::invalid_query));
    CHECK(e.details().filter == filter);
    CHECK_MESSAGE(e.details().message.find(why) != std::string::npos, e.details().message);
}

CallRecord sample() {
    CallRecord r;
    r.source = "tk";
    r.provider = "talkover";
    r.id = "c1";
    r.provider_call_sid = "CA-abc-123";
    r.direction = Direction::inbound;
    r.status = CallStatus::completed;
    r.provider_status = "completed";
    r.agent.id = "agent-7";
    r.campaign = CampaignRef{"42", "Spring"};
    r.agent_number = "+14155550100";
    r.customer_number = "+40712345678";
    r.created_at = at(2025, 8, 4, 14, 30, 0);
    return r;
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("The default query is valid and matches everything") {
    const CallQuery q;
    CHECK(q.page_size == 100);
    CHECK_FALSE(validate(q));
    CHECK(matches(q, sample()));
    CHECK(matches(q, CallRecord{}));
}

TEST_CASE("set_filter reads every filter") {
    CallQuery q;
    REQUIRE_FALSE(set_filter(q, "status", "completed, no_answer"));
    REQUIRE_FALSE(set_filter(q, "status", "busy,completed"));
    CHECK(q.statuses == std::vector{CallStatus::completed, CallStatus::no_answer, CallStatus::busy});
    REQUIRE_FALSE(set_filter(q, "provider_status", "ended_by_customer"));
    CHECK(q.provider_status == "ended_by_customer");
    REQUIRE_FALSE(set_filter(q, "direction", "web"));
    CHECK(q.direction == Direction::web);
    REQUIRE_FALSE(set_filter(q, "agent_id", "17"));
    REQUIRE_FALSE(set_filter(q, "campaign_id", "4"));
    REQUIRE_FALSE(set_filter(q, "customer_number", "+40712345678"));
    REQUIRE_FALSE(set_filter(q, "search", "0712"));
    CHECK(q.agent_id == "17");
    CHECK(q.campaign_id == "4");
    CHECK(q.customer_number == "+40712345678");
    CHECK(q.search == "0712");
    REQUIRE_FALSE(set_filter(q, "limit", "250"));
    CHECK(q.limit == 250u);
    REQUIRE_FALSE(set_filter(q, "page_size", "25"));
    CHECK(q.page_size == 25);
    CHECK_FALSE(validate(q));
}

TEST_CASE("A date bound covers the whole UTC day - instants round inwards") {
    CallQuery q;
    REQUIRE_FALSE(set_filter(q, "created_from", "2025-08-04"));
    REQUIRE_FALSE(set_filter(q, "created_to", "2025-08-04"));
    CHECK(q.created_from == at(2025, 8, 4, 0, 0, 0));
    CHECK(q.created_to == at(2025, 8, 4, 23, 59, 59));

    REQUIRE_FALSE(set_filter(q, "created_from", "2025-08-04T10:00:00.250+02:00"));
    REQUIRE_FALSE(set_filter(q, "created_to", "2025-08-04T12:00:00.750Z"));
    CHECK(q.created_from == at(2025, 8, 4, 8, 0, 1));
    CHECK(q.created_to == at(2025, 8, 4, 12, 0, 0));
}

TEST_CASE("Every query validation error is precise") {
    check_refused("status", "done", "unknown status 'done'");
    check_refused("status", "no-answer", "did you mean no_answer?");
    check_refused("status", "completed,,busy", "empty status");
    check_refused("status", "", "empty status");
    check_refused("direction", "sideways", "unknown direction 'sideways'; expected one of: inbound outbound web");
    check_refused("created_from", "2025-02-30", "expected a date (YYYY-MM-DD) or an RFC 3339 instant");
    check_refused("created_to", "2025-08-04T14:30:00", "expected a date");
    check_refused("created_to", "04/08/2025", "got '04/08/2025'");
    check_refused("limit", "0", "must be a positive integer, got '0'");
    check_refused("limit", "-5", "must be a positive integer");
    check_refused("limit", "ten", "must be a positive integer");
    check_refused("page_size", "0", "between 1 and 100, got '0'");
    check_refused("page_size", "101", "between 1 and 100");
    check_refused("page_size", "1.5", "between 1 and 100");
    check_refused("customer_number", "0712345678", "E.164");
    check_refused("customer_number", "+0712345678", "E.164");
    check_refused("customer_number", "+1234567890123456", "E.164");
    check_refused("agent_id", "  ", "must not be empty");
    check_refused("search", "", "must not be empty");
    check_refused("colour", "red", "unknown filter; expected one of: status, provider_status");
}

TEST_CASE("validate checks a query built in code") {
    CallQuery q;
    q.page_size = 0;
    CHECK(validate(q).details().filter == "page_size");
    q.page_size = 101;
    CHECK(validate(q).details().message == "must be between 1 and 100, got 101");
    q = {};
    q.limit = 0;
    CHECK(validate(q).details().filter == "limit");
    q = {};
    q.created_from = at(2025, 8, 5, 0, 0, 0);
    q.created_to = at(2025, 8, 4, 0, 0, 0);
    const Error e = validate(q);
    CHECK(e.details().filter == "created_from");
    CHECK(e.details().message ==
          "is after created_to (2025-08-05T00:00:00Z > 2025-08-04T00:00:00Z)");
    q = {};
    q.customer_number = "12345";
    CHECK(validate(q).details().filter == "customer_number");
    q = {};
    q.provider_status = "";
    CHECK(validate(q).details().filter == "provider_status");
}

TEST_CASE("The canonical predicate filter by filter") {
    const CallRecord r = sample();
    auto check = [&](auto&& set, bool expected) {
        CallQuery q;
        set(q);
        CHECK(matches(q, r) == expected);
    };
    check([](CallQuery& q) { q.statuses = {CallStatus::busy, CallStatus::completed}; }, true);
    check([](CallQuery& q) { q.statuses = {CallStatus::busy}; }, false);
    check([](CallQuery& q) { q.provider_status = "completed"; }, true);
    check([](CallQuery& q) { q.provider_status = "ended"; }, false);
    check([](CallQuery& q) { q.direction = Direction::inbound; }, true);
    check([](CallQuery& q) { q.direction = Direction::web; }, false);
    check([](CallQuery& q) { q.agent_id = "agent-7"; }, true);
    check([](CallQuery& q) { q.agent_id = "agent-8"; }, false);
    check([](CallQuery& q) { q.campaign_id = "42"; }, true);
    check([](CallQuery& q) { q.campaign_id = "43"; }, false);
    check([](CallQuery& q) { q.customer_number = "+40712345678"; }, true);
    check([](CallQuery& q) { q.customer_number = "+4071234567"; }, false);
    check([](CallQuery& q) { q.search = "0712"; }, true);      // customer number
    check([](CallQuery& q) { q.search = "1415555"; }, true);   // agent number
    check([](CallQuery& q) { q.search = "abc-1"; }, true);     // call sid
    check([](CallQuery& q) { q.search = "ABC"; }, false);      // exact, case and all
    check([](CallQuery& q) { q.created_from = at(2025, 8, 4, 14, 30, 0); }, true);  // inclusive
    check([](CallQuery& q) { q.created_from = at(2025, 8, 4, 14, 30, 1); }, false);
    check([](CallQuery& q) { q.created_to = at(2025, 8, 4, 14, 30, 0); }, true);    // inclusive
    check([](CallQuery& q) { q.created_to = at(2025, 8, 4, 14, 29, 59); }, false);
    check([](CallQuery& q) { q.limit = 1; q.page_size = 1; }, true);  // not part of the predicate

    CallRecord no_campaign = r;
    no_campaign.campaign.reset();
    CallQuery q;
    q.campaign_id = "42";
    CHECK_FALSE(matches(q, no_campaign));
}

TEST_CASE("E.164 numbers") {
    CHECK(is_e164("+14155550100"));
    CHECK(is_e164("+40712345678"));
    CHECK(is_e164("+123456789012345"));
    CHECK_FALSE(is_e164("+1234567890123456"));
    CHECK_FALSE(is_e164("14155550100"));
    CHECK_FALSE(is_e164("+0123"));
    CHECK_FALSE(is_e164("+1"));
    CHECK_FALSE(is_e164("+1 415 555"));
}

}  // TEST_SUITE
