// The page walker's parts on their own, without Asio: reading the vendor's
// order, noticing drifting and stalled pages, and delivering each call once.

#include "listing/deduplicator.hpp"
#include "listing/digest_set.hpp"
#include "listing/drift_detector.hpp"
#include "listing/order_detector.hpp"

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <set>
#include <tuple>

using namespace callbridge;
using namespace callbridge::detail;
using callbridge::test::utc;
using namespace std::chrono_literals;

namespace {

const Timestamp noon = utc(2025, 8, 4, 12, 0, 0);

CallRecord call(std::string id, Timestamp created) {
    CallRecord r;
    r.id = std::move(id);
    r.created_at = created;
    r.updated_at = created;
    return r;
}

// Page `number` of a numbered vendor: `times` as offsets from noon, in the
// vendor's order, ids "c<offset>".
CallPage page_of(std::uint32_t number, std::vector<int> seconds, std::optional<std::uint64_t> total = 100,
                 std::uint32_t last_page = 10) {
    CallPage page;
    page.info.page = number;
    page.info.per_page = 10;
    page.info.total = total;
    if (total) page.info.last_page = last_page;
    if (number < last_page) page.info.next = PageCursor{number + 1, {}};
    for (int s : seconds) page.records.push_back(call("c" + std::to_string(s), noon + std::chrono::seconds(s)));
    page.info.vendor_records = static_cast<std::uint32_t>(page.records.size());
    return page;
}

using Action = DriftDetector::Verdict::Action;

}  // namespace

TEST_SUITE("listing") {

TEST_CASE("Order: a newest-first page 1 is walked forward from page 1") {
    OrderDetector order;
    const auto plan = order.read_first(page_of(1, {0, -10, -20}));
    REQUIRE(plan.has_value());
    CHECK(plan->walk == Walk::forward);
    CHECK(plan->order == PageOrder::newest_first);
    CHECK(plan->numbered);
    CHECK(plan->start == PageCursor{1, {}});
}

TEST_CASE("Order: an oldest-first numbered vendor is walked backward from its last page") {
    OrderDetector order;
    const auto plan = order.read_first(page_of(1, {-30, -20, -10}, 100, 7));
    REQUIRE(plan.has_value());
    CHECK(plan->walk == Walk::backward);
    CHECK(plan->order == PageOrder::oldest_first);
    CHECK(plan->start == PageCursor{7, {}});
}

TEST_CASE("Order: oldest first without totals is kept in the vendor's order") {
    OrderDetector order;
    CallPage first = page_of(1, {-30, -20, -10}, std::nullopt);
    first.info.next = PageCursor{2, "opaque"};
    const auto plan = order.read_first(first);
    REQUIRE(plan.has_value());
    CHECK(plan->walk == Walk::in_order);
    CHECK_FALSE(plan->numbered);
}

TEST_CASE("Order: a page 1 of one second asks for page 2 and page 2 decides") {
    for (const auto& [second, walk, read] :
         {std::tuple{-60, Walk::forward, PageOrder::newest_first}, std::tuple{60, Walk::backward, PageOrder::oldest_first}}) {
        CAPTURE(second);
        OrderDetector order;
        CHECK_FALSE(order.read_first(page_of(1, {0, 0, 0})).has_value());
        REQUIRE(order.second_page().has_value());
        CHECK(order.second_page()->page == 2);
        const WalkPlan plan = order.read_second(page_of(2, {second, second}));
        CHECK(plan.walk == walk);
        CHECK(plan.order == read);
    }
}

TEST_CASE("Order: a page 1 whose next page is page 1 again decides at once") {
    OrderDetector order;
    CallPage first = page_of(1, {0}, std::nullopt);
    first.info.next = PageCursor{1, "same"};
    CHECK(order.read_first(first).has_value());
}

TEST_CASE("Order: a page that runs both ways breaks a forward walk") {
    CHECK(OrderDetector::breaks_forward(page_of(3, {0, -10, 5})));
    CHECK(OrderDetector::breaks_forward(page_of(3, {-10, 0})));
    CHECK_FALSE(OrderDetector::breaks_forward(page_of(3, {0, -10, -10})));
    CHECK(oldest_time(page_of(3, {-10, 0, -40, -20})) == noon - 20s);  // the page's ends, not its middle
}

TEST_CASE("Digest set: holds what it was given and grows within 22 bytes an id") {
    DigestSet set;
    CHECK_FALSE(set.contains(DigestSet::digest("a")));
    CHECK(set.insert(DigestSet::digest("a")));
    CHECK_FALSE(set.insert(DigestSet::digest("a")));
    CHECK(set.insert(0));  // the empty-slot marker is a digest like any other
    CHECK(set.contains(0));
    CHECK_FALSE(set.contains(1));
    for (int i = 0; i < 200000; ++i) set.insert(DigestSet::digest("call-" + std::to_string(i)));
    CHECK(set.size() == 200002);
    for (int i = 0; i < 200000; i += 997) CHECK(set.contains(DigestSet::digest("call-" + std::to_string(i))));
    CHECK_FALSE(set.contains(DigestSet::digest("call-200000")));
    CHECK(static_cast<double>(set.memory()) / static_cast<double>(set.size()) <= 21.4);
}

TEST_CASE("Digest set: ids that differ in one character have different digests") {
    std::set<std::uint64_t> digests;
    const std::string base = "0b8f6d2e-5c1a-4e7b-9d3f-";
    for (char c = '0'; c <= 'z'; ++c) digests.insert(DigestSet::digest(base + c));
    for (int i = 0; i < 1000; ++i) digests.insert(DigestSet::digest(std::to_string(i)));
    CHECK(digests.size() == std::size_t('z' - '0' + 1) + 1000);
}

TEST_CASE("Dedupe: each id once in any walk and an updated copy too") {
    Deduplicator dedupe(100);
    CHECK(dedupe.admit(call("a", noon), false) == Deduplicator::Verdict::fresh);
    CHECK(dedupe.admit(call("b", noon + 60s), false) == Deduplicator::Verdict::fresh);
    CallRecord updated = call("a", noon - 3600s);  // even with another created_at
    updated.status = CallStatus::failed;
    CHECK(dedupe.admit(updated, false) == Deduplicator::Verdict::repeated);
    CHECK(dedupe.admit(call("a", noon), true) == Deduplicator::Verdict::repeated);
    CHECK(dedupe.size() == 2);
}

TEST_CASE("Dedupe: walking newest first nothing newer than the oldest delivered gets through") {
    Deduplicator dedupe(100);
    CHECK(dedupe.admit(call("a", noon), true) == Deduplicator::Verdict::fresh);
    CHECK(dedupe.admit(call("b", noon - 60s), true) == Deduplicator::Verdict::fresh);
    CHECK(dedupe.admit(call("new", noon - 30s), true) == Deduplicator::Verdict::newer_left_out);
    CHECK(dedupe.admit(call("same-second", noon - 60s), true) == Deduplicator::Verdict::fresh);
    CHECK(dedupe.admit(call("b", noon - 60s), true) == Deduplicator::Verdict::repeated);
    CHECK(dedupe.admit(call("new", noon - 30s), false) == Deduplicator::Verdict::fresh);  // in the vendor's order
}

TEST_CASE("Dedupe: one call past the capacity is refused and not remembered") {
    Deduplicator dedupe(2);
    CHECK(dedupe.admit(call("a", noon), false) == Deduplicator::Verdict::fresh);
    CHECK(dedupe.admit(call("b", noon), false) == Deduplicator::Verdict::fresh);
    CHECK(dedupe.admit(call("a", noon), false) == Deduplicator::Verdict::repeated);  // still known
    CHECK(dedupe.admit(call("c", noon), false) == Deduplicator::Verdict::over_capacity);
    CHECK(dedupe.size() == 2);
}

TEST_CASE("Drift: a page with a smaller total is fetched again then the page before read again then a failure") {
    DriftDetector drift(10, 4);
    const WalkPlan plan{.walk = Walk::forward, .numbered = true};
    REQUIRE(drift.check_frontier(page_of(1, {0}, 100), PageCursor{1, {}}, plan).action == Action::deliver);
    REQUIRE_FALSE(drift.after_delivery(page_of(1, {0}, 100), 1, PageCursor{2, {}}, PageCursor{1, {}}, plan));
    const CallPage shrunk = page_of(2, {-10}, 97);
    const PageCursor two{2, {}};
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        CHECK(drift.check_frontier(shrunk, two, plan).action == Action::fetch_again);
        CHECK(drift.check_frontier(shrunk, two, plan).action == Action::reread_previous);
    }
    CHECK(drift.check_frontier(shrunk, two, plan).action == Action::fetch_again);
    const auto verdict = drift.check_frontier(shrunk, two, plan);
    CHECK(verdict.action == Action::fail);
    CHECK(verdict.why.find("kept shrinking") != std::string::npos);
}

TEST_CASE("Drift: a total that shrinks walking backward is no shift") {
    DriftDetector drift(10, 4);
    const WalkPlan plan{.walk = Walk::backward, .numbered = true};
    REQUIRE_FALSE(drift.after_delivery(page_of(10, {0}, 100), 1, PageCursor{9, {}}, PageCursor{10, {}}, plan));
    CHECK(drift.check_frontier(page_of(9, {-10}, 90), PageCursor{9, {}}, plan).action == Action::deliver);
}

TEST_CASE("Drift: an empty page the vendor counts calls on fails") {
    DriftDetector drift(10, 4);
    CallPage empty = page_of(3, {}, 50);
    const auto verdict = drift.check_frontier(empty, PageCursor{3, {}}, WalkPlan{});
    CHECK(verdict.action == Action::fail);
    CHECK(verdict.why == "the page is empty but the vendor counts 50 calls, 10 a page");
    CHECK(drift.check_frontier(page_of(6, {}, 50), PageCursor{6, {}}, WalkPlan{}).action == Action::deliver);
}

TEST_CASE("Drift: a next page that is the page just read fails") {
    DriftDetector drift(10, 4);
    const auto why = drift.after_delivery(page_of(1, {0}), 1, PageCursor{1, {}}, PageCursor{1, {}}, WalkPlan{});
    REQUIRE(why.has_value());
    CHECK(why->find("next page is the page just read") != std::string::npos);
}

TEST_CASE("Drift: pages that bring nothing new and nothing older stop the walk at the second") {
    DriftDetector drift(10, 4);
    const WalkPlan plan{.walk = Walk::forward, .numbered = true};
    const std::vector<int> same{0, -10, -20};
    CHECK_FALSE(drift.after_delivery(page_of(1, same), 3, PageCursor{2, {}}, PageCursor{1, {}}, plan));
    CHECK_FALSE(drift.after_delivery(page_of(2, same), 0, PageCursor{3, {}}, PageCursor{2, {}}, plan));
    const auto why = drift.after_delivery(page_of(3, same), 0, PageCursor{4, {}}, PageCursor{3, {}}, plan);
    REQUIRE(why.has_value());
    CHECK(why->find("only calls already listed") != std::string::npos);
    CHECK(why->find("counts 100 calls on 10 pages") != std::string::npos);
}

TEST_CASE("Drift: a still page at the end is no failure and a page with older calls moves the walk") {
    DriftDetector drift(10, 4);
    const WalkPlan plan{.walk = Walk::forward, .numbered = true};
    CHECK_FALSE(drift.after_delivery(page_of(1, {0, -10}), 2, PageCursor{2, {}}, PageCursor{1, {}}, plan));
    // Nothing delivered from pages 2 to 5 (all filtered out here), but each
    // reaches further back.
    for (std::uint32_t p = 2; p <= 5; ++p) {
        const int back = -100 * static_cast<int>(p);
        CHECK_FALSE(drift.after_delivery(page_of(p, {back, back - 10}), 0, PageCursor{p + 1, {}}, PageCursor{p, {}}, plan));
    }
    CHECK_FALSE(drift.after_delivery(page_of(6, {-500}), 0, PageCursor{7, {}}, PageCursor{6, {}}, plan));
    CHECK_FALSE(drift.after_delivery(page_of(7, {-500}), 0, std::nullopt, PageCursor{7, {}}, plan));  // the end
}

TEST_CASE("Drift: calls created meanwhile allow as many still pages as they fill and one more") {
    DriftDetector drift(10, 4);
    const WalkPlan plan{.walk = Walk::forward, .numbered = true};
    REQUIRE_FALSE(drift.on_arrival(page_of(1, {0}, 100).info));
    CHECK_FALSE(drift.after_delivery(page_of(1, {0}, 100), 1, PageCursor{2, {}}, PageCursor{1, {}}, plan));
    REQUIRE_FALSE(drift.on_arrival(page_of(2, {0}, 125).info));  // 25 created: 3 pages' worth
    CHECK(drift.growth() == 25);
    std::uint32_t p = 2;
    for (; p <= 5; ++p) CHECK_FALSE(drift.after_delivery(page_of(p, {0}, 125), 0, PageCursor{p + 1, {}}, PageCursor{p, {}}, plan));
    CHECK(drift.after_delivery(page_of(p, {0}, 125), 0, PageCursor{p + 1, {}}, PageCursor{p, {}}, plan).has_value());
}

TEST_CASE("Drift: a list growing faster than it is read fails on arrival") {
    DriftDetector drift(10, 2);
    REQUIRE_FALSE(drift.on_arrival(page_of(1, {0}, 100).info));
    CHECK_FALSE(drift.on_arrival(page_of(2, {0}, 400).info));  // 2 x 100 + slack of 10 x 2 x 10
    const auto why = drift.on_arrival(page_of(3, {0}, 401).info);
    REQUIRE(why.has_value());
    CHECK(*why == "the vendor's list grew by 301 calls while it was read (from 100); stopping rather than chasing it");
}

}  // TEST_SUITE

// ---------------------------------------------------------------------------
// WaitClock: waits in wall-clock time.

#include "listing/wait_clock.hpp"

TEST_SUITE("listing") {

TEST_CASE("WaitClock: waits at once count once and a running wait its part so far - never more than elapsed") {
    WaitClock waits;
    const auto t0 = WaitClock::clock::now();
    CHECK(waits.waited(t0) == 0ms);
    // Four pages rate-limited at once for a second each: one second.
    for (int i = 0; i < 4; ++i) waits.add(t0 + std::chrono::milliseconds(i), 1000ms);
    CHECK(waits.waited(t0 + 500ms) == 500ms);  // half way
    CHECK(waits.waited(t0 + 1003ms) == 1003ms);
    CHECK(waits.waited(t0 + 5000ms) == 1003ms);
    // A later wait that overlaps none: added.
    waits.add(t0 + 2000ms, 300ms);
    CHECK(waits.waited(t0 + 2100ms) == 1103ms);
    CHECK(waits.waited(t0 + 9000ms) == 1303ms);
    // One inside the span adds nothing; one that goes past it adds the rest.
    waits.add(t0 + 2100ms, 100ms);
    CHECK(waits.waited(t0 + 9000ms) == 1303ms);
    waits.add(t0 + 2200ms, 400ms);
    CHECK(waits.waited(t0 + 9000ms) == 1603ms);
    waits.add(t0 + 3000ms, 0ms);
    CHECK(waits.waited(t0 + 9000ms) == 1603ms);
}

}  // TEST_SUITE
