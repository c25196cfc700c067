// The listing engine against fake sources: order, identity and completeness
// while pages shift under concurrent fetches, failures, limits, merges,
// back-pressure, cancellation and progress.

#include <callbridge/listing.hpp>

#include <callbridge/testing/drain.hpp>
#include <callbridge/testing/fake_source.hpp>
#include "support/fixtures.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <random>

using namespace callbridge;
using namespace callbridge::test;
using namespace callbridge::testing;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

const Timestamp newest = utc(2025, 8, 4, 18, 0, 0);

using Outcome = Drained;

std::shared_ptr<FakeSource> fake(asio::io_context& io, std::string name, std::size_t count,
                                 FakeSource::Behaviour behaviour = {}, Timestamp first = newest,
                                 std::chrono::seconds spacing = 60s) {
    return std::make_shared<FakeSource>(io.get_executor(), std::move(name), count, first, spacing,
                                        std::move(behaviour));
}

CallQuery pages_of(int size) {
    CallQuery query;
    query.page_size = size;
    return query;
}

void check_newest_first_and_unique(const std::vector<CallRecord>& records) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < records.size(); ++i) {
        CHECK_MESSAGE(seen.insert(records[i].source + "/" + records[i].id).second, "twice: ", records[i].id);
        if (i > 0) CHECK(records[i - 1].created_at >= records[i].created_at);
    }
}

// The listing's promise: no failure, newest first, nothing twice, and every
// call that existed when it began delivered.
void check_complete(const Outcome& out, const std::set<std::string>& original) {
    CHECK(out.failures.empty());
    check_newest_first_and_unique(out.records);
    const auto delivered = ids_of(out.records);
    std::size_t missed = 0;
    for (const auto& id : original) {
        if (delivered.contains(id)) continue;
        if (++missed <= 5) MESSAGE("missed ", id);
    }
    CHECK(missed == 0);
}

// An oldest-first source of `count` calls whose pages go by number, listed
// whole in pages of 10 at concurrency 4 (a first wave of pages 1 to 4) and
// checked: every call once, newest first.
std::shared_ptr<FakeSource> list_oldest_first_by_number(asio::io_context& io, std::size_t count) {
    auto source = fake(io, "asc", count, {.pages_by_number = true, .order = FakeBehaviour::Order::oldest_first});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    CHECK(ids_of(out.records) == source->original_ids());
    check_newest_first_and_unique(out.records);
    return source;
}

}  // namespace

TEST_SUITE("listing") {

TEST_CASE("Every page of a source newest first with pages fetched concurrently") {
    asio::io_context io;
    auto source = fake(io, "a", 95, {.delay = [](std::uint32_t page, int) { return std::chrono::milliseconds(page % 3 * 5); }});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    REQUIRE(out.records.size() == 95);
    check_newest_first_and_unique(out.records);
    CHECK(ids_of(out.records) == source->original_ids());
    CHECK(source->max_in_flight() > 1);
    CHECK(source->max_in_flight() <= 4);
    CHECK(source->fetches() == 10);
}

TEST_CASE("Pages that shift between fetches: nothing missed and nothing twice") {
    // Three calls are created after every page served, and page 2 answers
    // last: its total is the largest, so pages 3 and 4 were served before it
    // and must be fetched again.
    asio::io_context io;
    auto source = fake(io, "a", 100,
                       {.created_per_page = 3, .delay = [](std::uint32_t page, int fetch) {
                            return std::chrono::milliseconds(page == 2 && fetch == 1 ? 60 : 5);
                        }});
    const auto original = source->original_ids();
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    check_complete(out, original);
    CHECK(listing.progress().sources[0].refetches > 0);
}

TEST_CASE("Shifting pages under random timing never lose or repeat a call") {
    for (unsigned seed = 1; seed <= 80; ++seed) {
        CAPTURE(seed);
        std::mt19937 random(seed);
        asio::io_context io;
        const std::size_t count = 30 + random() % 120;
        const int page_size = 3 + static_cast<int>(random() % 20);
        // New calls per page served stay under a quarter page: a list that
        // grows faster than pages are read has no end to reach (the walker
        // gives up on one; see "A list that grows without end...").
        const int created = static_cast<int>(random() % static_cast<unsigned>(page_size / 4 + 1));
        const std::size_t concurrency = 1 + random() % 8;
        auto delays = std::make_shared<std::mt19937>(seed * 7919u);
        const auto order = seed % 4 == 0 ? FakeBehaviour::Order::oldest_first : FakeBehaviour::Order::newest_first;
        // Two seeds in three ask for the first pages at once (pages by
        // number), oldest-first ones among them.
        auto source = fake(io, "a", count,
                           {.created_per_page = created,
                            .delay = [delays](std::uint32_t, int) { return std::chrono::milliseconds((*delays)() % 6); },
                            .pages_by_number = seed % 3 != 0,
                            .order = order});
        const auto original = source->original_ids();
        Listing listing(io.get_executor(), {source}, pages_of(page_size), {.concurrency = concurrency});
        const Outcome out = drain(io, listing);
        check_complete(out, original);
    }
}

TEST_CASE("An oldest-first vendor is walked from its last page and comes out newest first") {
    asio::io_context io;
    auto source = fake(io, "asc", 95, {.order = FakeBehaviour::Order::oldest_first});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 3});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    REQUIRE(out.records.size() == 95);
    check_newest_first_and_unique(out.records);
    CHECK(ids_of(out.records) == source->original_ids());
    CHECK(listing.progress().sources[0].order == PageOrder::oldest_first);
}

TEST_CASE("An oldest-first vendor gaining calls at its end during the listing loses none") {
    asio::io_context io;
    auto source = fake(io, "asc", 120, {.created_per_page = 2, .order = FakeBehaviour::Order::oldest_first});
    const auto original = source->original_ids();
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    check_complete(out, original);
}

TEST_CASE("A vendor with no clear order keeps everything in its own order") {
    asio::io_context io;
    auto source = fake(io, "mixed", 57, {.order = FakeBehaviour::Order::swapped_pairs});
    Listing listing(io.get_executor(), {source}, pages_of(10));
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    CHECK(ids_of(out.records) == source->original_ids());
    CHECK(out.records.size() == 57);
    CHECK(listing.progress().sources[0].order == PageOrder::unordered);
}

TEST_CASE("A burst of new calls larger than a page between two fetches repeats nothing") {
    for (int burst : {5, 150, 250, 600}) {
        CAPTURE(burst);
        asio::io_context io;
        auto source = fake(io, "a", 1000, {.burst_after_page = std::pair{5u, burst}});
        const auto original = source->original_ids();
        Listing listing(io.get_executor(), {source}, pages_of(100), {.concurrency = 1});
        const Outcome out = drain(io, listing);
        check_complete(out, original);
    }
}

TEST_CASE("Calls deleted mid-listing pull records back a page and they are still found") {
    // After page 2 is served, the three newest calls (delivered with page 1)
    // are deleted: every later record moves up three places, and the first
    // three of page 3 move onto page 2, already read.
    asio::io_context io;
    auto source = fake(io, "a", 100, {.delete_after_page = std::pair{2u, 3}});
    const auto original = source->original_ids();
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 1});
    const Outcome out = drain(io, listing);
    check_complete(out, original);
    CHECK(listing.progress().sources[0].refetches > 0);
}

TEST_CASE("A list that keeps shrinking under the listing is an error not a silent gap") {
    asio::io_context io;
    auto source = fake(io, "a", 100, {.delete_after_page = std::pair{0u, 2}});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 1});
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::malformed_response));
    CHECK(out.failures[0].details().message.find("kept shrinking") != std::string::npos);
    check_newest_first_and_unique(out.records);
}

TEST_CASE("Destroying a listing completes its pending async_next") {
    asio::io_context io;
    auto source = fake(io, "a", 100, {.delay = [](std::uint32_t, int) { return 200ms; }});
    std::optional<Error> outcome;
    {
        Listing listing(io.get_executor(), {source}, pages_of(10));
        listing.async_next([&](Error e, std::optional<CallRecord>) { outcome = e; });
        io.run_for(20ms);
    }
    io.restart();
    io.run();
    REQUIRE(outcome.has_value());
    CHECK(outcome->code() == asio::error::operation_aborted);
}

TEST_CASE("A cancellation emitted as soon as async_next returns is not missed") {
    asio::io_context io;
    auto source = fake(io, "a", 100);
    Listing listing(io.get_executor(), {source}, pages_of(10));
    asio::cancellation_signal cancel;
    std::optional<Error> outcome;
    listing.async_next(asio::bind_cancellation_slot(cancel.slot(), [&](Error e, std::optional<CallRecord>) { outcome = e; }));
    cancel.emit(asio::cancellation_type::terminal);
    io.run();
    REQUIRE(outcome.has_value());
    CHECK(outcome->code() == asio::error::operation_aborted);
}

TEST_CASE("A list that grows without end is an error not a hang") {
    asio::io_context io;
    auto source = fake(io, "runaway", 50, {.created_per_page = 12});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::malformed_response));
    CHECK(out.failures[0].details().source == "runaway");
    CHECK(out.failures[0].details().message.find("grew by") != std::string::npos);
    check_newest_first_and_unique(out.records);
}

TEST_CASE("An empty vendor page ends a source even when the vendor claims more pages") {
    asio::io_context io;
    auto source = fake(io, "a", 25, {.endless_empty_pages = true});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    CHECK(out.records.size() == 25);
    CHECK(source->fetches() <= 8);  // page 4 is empty; at most a window of pages beyond it
}

TEST_CASE("An empty page the vendor still counts calls on is an error not a short listing") {
    asio::io_context io;
    auto source = fake(io, "glitch", 50, {.empty_page = 3});
    Listing listing(io.get_executor(), {source}, pages_of(10));
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::malformed_response));
    CHECK(out.failures[0].details().page == 3u);
    CHECK(out.failures[0].details().message == "the page is empty but the vendor counts 50 calls, 10 a page");
    CHECK(out.records.size() == 20);
}

TEST_CASE("A cursor that does not move is an error not an endless loop") {
    asio::io_context io;
    auto source = fake(io, "stuck", 25, {.totals = false, .stuck_cursor = true});
    Listing listing(io.get_executor(), {source}, pages_of(10));
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::malformed_response));
    CHECK(out.failures[0].details().message.find("next page is the page just read") != std::string::npos);
    CHECK(out.records.size() == 10);
}

TEST_CASE("A failure on page 7 of 10 ends that source with an error naming it") {
    asio::io_context io;
    auto failing = fake(io, "failing", 100, {.failing_page = 7});
    Listing listing(io.get_executor(), {failing}, pages_of(10), {.concurrency = 3});
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::vendor_unavailable));
    CHECK(out.failures[0].details().source == "failing");
    CHECK(out.failures[0].details().page == 7u);
    REQUIRE(out.records.size() == 60);  // pages 1 to 6, whole and in order
    check_newest_first_and_unique(out.records);
    CHECK(listing.progress().sources[0].state == SourceProgress::State::failed);
}

TEST_CASE("A failing source does not disturb the others in a merge") {
    asio::io_context io;
    auto failing = fake(io, "failing", 100, {.failing_page = 7}, newest, 60s);
    auto healthy = fake(io, "healthy", 100, {}, newest - 30s, 60s);
    Listing listing(io.get_executor(), {failing, healthy}, pages_of(10));
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].details().source == "failing");
    std::size_t from_healthy = 0;
    for (const auto& r : out.records) from_healthy += r.source == "healthy" ? 1 : 0;
    CHECK(from_healthy == 100);
    CHECK(out.records.size() == 160);
    check_newest_first_and_unique(out.records);
}

TEST_CASE("Three sources merged into one newest-first sequence") {
    asio::io_context io;
    auto a = fake(io, "a", 50, {}, newest, 70s);
    auto b = fake(io, "b", 80, {.delay = [](std::uint32_t, int) { return 3ms; }}, newest - 20s, 45s);
    auto c = fake(io, "c", 10, {}, newest - 3600s, 10s);
    Listing listing(io.get_executor(), {a, b, c}, pages_of(7), {.concurrency = 2});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    REQUIRE(out.records.size() == 140);
    check_newest_first_and_unique(out.records);
    std::map<std::string, int> per_source;
    for (const auto& r : out.records) ++per_source[r.source];
    CHECK(per_source == std::map<std::string, int>{{"a", 50}, {"b", 80}, {"c", 10}});
}

TEST_CASE("A limit stops the listing without fetching more than needed") {
    asio::io_context io;
    auto source = fake(io, "a", 1000);
    CallQuery query = pages_of(10);
    query.limit = 25;
    Listing listing(io.get_executor(), {source}, query, {.concurrency = 8});
    const Outcome out = drain(io, listing);
    CHECK(out.records.size() == 25);
    CHECK(source->fetches() == 3);
    check_newest_first_and_unique(out.records);
}

TEST_CASE("A limit with local filtering fetches on until it is met") {
    asio::io_context io;
    auto source = fake(io, "a", 300);  // every third call is no_answer
    CallQuery query = pages_of(10);
    query.statuses = {CallStatus::no_answer};
    query.limit = 12;
    Listing listing(io.get_executor(), {source}, query, {.concurrency = 4});
    const Outcome out = drain(io, listing);
    REQUIRE(out.records.size() == 12);
    for (const auto& r : out.records) CHECK(r.status == CallStatus::no_answer);
    CHECK(source->fetches() <= 5);  // 12 of 3-4 a page: 4 pages, one more at most in flight
}

TEST_CASE("A limit over several sources counts records not sources") {
    asio::io_context io;
    auto a = fake(io, "a", 100, {}, newest, 60s);
    auto b = fake(io, "b", 100, {}, newest - 30s, 60s);
    CallQuery query = pages_of(10);
    query.limit = 15;
    Listing listing(io.get_executor(), {a, b}, query);
    const Outcome out = drain(io, listing);
    REQUIRE(out.records.size() == 15);
    check_newest_first_and_unique(out.records);
    CHECK(out.records[0].source == "a");
    CHECK(out.records[1].source == "b");
}

TEST_CASE("Back-pressure: a reader that stops stops the fetching") {
    asio::io_context io;
    auto source = fake(io, "a", 10000);
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 3});
    auto first = listing.next(io);
    REQUIRE(first.has_value());
    io.restart();
    io.run_for(100ms);  // nobody reads meanwhile
    // About 2 x concurrency pages of records at most, never the 1000 pages.
    CHECK(source->fetches() <= 7);
    CHECK(source->max_in_flight() <= 3);
}

TEST_CASE("Sources without totals are walked one page at a time") {
    asio::io_context io;
    auto source = fake(io, "a", 47, {.totals = false});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 6});
    const Outcome out = drain(io, listing);
    CHECK(out.records.size() == 47);
    CHECK(source->max_in_flight() == 1);
    check_newest_first_and_unique(out.records);
}

TEST_CASE("A query a source refuses fails before any fetch") {
    asio::io_context io;
    auto source = fake(io, "a", 10);
    CallQuery query;
    query.campaign_id = "4";
    Listing listing(io.get_executor(), {source}, query);
    CHECK(listing.check().is(errc::unsupported_filter));
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::unsupported_filter));
    CHECK(out.records.empty());
    CHECK(source->fetches() == 0);
}

TEST_CASE("Cancelling ends the listing with operation_aborted") {
    asio::io_context io;
    auto source = fake(io, "a", 1000, {.delay = [](std::uint32_t, int) { return 20ms; }});
    Listing listing(io.get_executor(), {source}, pages_of(10));
    REQUIRE(listing.next(io).has_value());
    listing.cancel();
    auto next = listing.next(io);
    REQUIRE(next.has_error());
    CHECK(next.error().code() == asio::error::operation_aborted);
    CHECK(source->fetches() < 100);
}

TEST_CASE("Cancelling through async_next's cancellation slot") {
    asio::io_context io;
    auto source = fake(io, "a", 100, {.delay = [](std::uint32_t, int) { return 500ms; }});
    Listing listing(io.get_executor(), {source}, pages_of(10));
    asio::cancellation_signal cancel;
    std::optional<Error> outcome;
    listing.async_next(asio::bind_cancellation_slot(cancel.slot(), [&](Error e, std::optional<CallRecord>) { outcome = e; }));
    io.run_for(50ms);
    cancel.emit(asio::cancellation_type::terminal);
    io.restart();
    io.run();
    REQUIRE(outcome.has_value());
    CHECK(outcome->code() == asio::error::operation_aborted);
}

TEST_CASE("Coroutines read the listing with co_await") {
    asio::io_context io;
    auto source = fake(io, "a", 33);
    Listing listing(io.get_executor(), {source}, pages_of(10));
    std::size_t count = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            while (true) {
                auto [error, record] = co_await listing.async_next(asio::use_awaitable);
                if (error || !record) break;
                ++count;
            }
        },
        asio::detached);
    io.run();
    CHECK(count == 33);
}

TEST_CASE("Progress reports pages and records per source") {
    asio::io_context io;
    auto a = fake(io, "a", 25);
    auto b = fake(io, "b", 5, {.failing_page = 1});
    std::vector<ListingProgress> reports;
    Listing listing(io.get_executor(), {a, b}, pages_of(10),
                    {.on_progress = [&](const ListingProgress& p) { reports.push_back(p); }});
    drain(io, listing);
    REQUIRE_FALSE(reports.empty());
    const ListingProgress end = listing.progress();
    REQUIRE(end.sources.size() == 2);
    CHECK(end.sources[0].source == "a");
    CHECK(end.sources[0].pages == 3);
    CHECK(end.sources[0].records == 25);
    CHECK(end.sources[0].total == 25u);
    CHECK(end.sources[0].state == SourceProgress::State::done);
    CHECK(end.sources[1].state == SourceProgress::State::failed);
    CHECK(end.records == 25);
}

TEST_CASE("A vendor that ignores the page asked for fails naming the page instead of ending short") {
    // Every page holds page 1's calls while the vendor counts 300 on 30
    // pages: a cache in front of it that drops the query string.
    for (std::size_t concurrency : {1u, 4u}) {
        CAPTURE(concurrency);
        asio::io_context io;
        auto source = fake(io, "cached", 300, {.ignores_page = true});
        Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = concurrency});
        const Outcome out = drain(io, listing);
        REQUIRE(out.failures.size() == 1);
        CHECK(out.failures[0].is(errc::malformed_response));
        CHECK(out.failures[0].details().source == "cached");
        CHECK(out.failures[0].details().page == 3u);
        CHECK(out.failures[0].message().find("only calls already listed") != std::string::npos);
        CHECK(out.failures[0].message().find("counts 300 calls on 30 pages") != std::string::npos);
        CHECK(out.records.size() == 10);
        check_newest_first_and_unique(out.records);
        CHECK(source->fetches() <= 3 + concurrency);
    }
}

TEST_CASE("A vendor that ignores the page in any order fails rather than end short") {
    for (auto order : {FakeBehaviour::Order::newest_first, FakeBehaviour::Order::oldest_first,
                       FakeBehaviour::Order::swapped_pairs}) {
        CAPTURE(static_cast<int>(order));
        asio::io_context io;
        auto source = fake(io, "cached", 100, {.order = order, .ignores_page = true});
        Listing listing(io.get_executor(), {source}, pages_of(10));
        const Outcome out = drain(io, listing);
        REQUIRE(out.failures.size() == 1);
        CHECK(out.failures[0].message().find("only calls already listed") != std::string::npos);
        CHECK(out.records.size() == 10);
    }
}

TEST_CASE("A call repeated on a later page comes out once in every walk") {
    // Page 8 of 10 ends with the first call of page 1 again, as it was or
    // updated: newest first this breaks the page's order (the walk goes on
    // in the vendor's order), oldest first the walk meets it seven pages
    // before page 1 is read, and with no clear order it comes long after.
    using Order = FakeBehaviour::Order;
    for (auto order : {Order::newest_first, Order::oldest_first, Order::swapped_pairs}) {
        for (bool updated : {false, true}) {
            for (std::size_t concurrency : {1u, 4u}) {
                CAPTURE(static_cast<int>(order));
                CAPTURE(updated);
                CAPTURE(concurrency);
                asio::io_context io;
                const FakeBehaviour::Repeat repeat{.from = order == Order::oldest_first ? 10u : 1u,
                                                   .onto = order == Order::oldest_first ? 3u : 8u,
                                                   .updated = updated};
                auto source = fake(io, "a", 100, {.order = order, .repeat = repeat});
                Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = concurrency});
                const Outcome out = drain(io, listing);
                CHECK(out.failures.empty());
                std::set<std::string> seen;
                for (const auto& r : out.records) CHECK_MESSAGE(seen.insert(r.id).second, "twice: ", r.id);
                CHECK(ids_of(out.records) == source->original_ids());
                CHECK(out.records.size() == 100);
            }
        }
    }
}

TEST_CASE("Past the calls a listing remembers a source fails with a clear error") {
    asio::io_context io;
    auto source = fake(io, "big", 95);
    Listing listing(io.get_executor(), {source}, pages_of(10), {.max_calls_per_source = 50});
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].details().source == "big");
    CHECK(out.failures[0].details().page == 6u);
    CHECK(out.failures[0].message().find("more than 50 calls from this source") != std::string::npos);
    CHECK(out.failures[0].message().find("max_calls_per_source") != std::string::npos);
    CHECK(out.records.size() == 50);
    check_newest_first_and_unique(out.records);
}

TEST_CASE("A deadline fails the sources not done and the listing ends") {
    asio::io_context io;
    auto slow = fake(io, "slow", 100, {.delay = [](std::uint32_t page, int) { return page == 1 ? 1ms : 10s; }});
    auto quick = fake(io, "quick", 20, {}, newest - 30s);
    Listing listing(io.get_executor(), {slow, quick}, pages_of(10), {.deadline = 100ms});
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::transport));
    CHECK(out.failures[0].details().source == "slow");
    CHECK(out.failures[0].details().page == 2u);
    CHECK(out.failures[0].message().find("the listing's deadline of 100 ms passed") != std::string::npos);
    std::map<std::string, int> per_source;
    for (const auto& r : out.records) ++per_source[r.source];
    CHECK(per_source == std::map<std::string, int>{{"quick", 20}, {"slow", 10}});  // what slow had fetched, too
    CHECK(listing.progress().sources[0].state == SourceProgress::State::failed);
}

TEST_CASE("Pages asked for by number go out with page 1 as one first wave") {
    // Page 1 answers after 300 ms: pages 2 to 4 are asked for meanwhile, not
    // after it, and page 5 only once page 1 is in (the wave is the concurrency).
    asio::io_context io;
    auto asked = std::make_shared<std::map<std::uint32_t, std::chrono::steady_clock::time_point>>();
    auto source = fake(io, "a", 95,
                       {.delay = [asked](std::uint32_t page, int fetch) {
                            if (fetch == 1) (*asked)[page] = std::chrono::steady_clock::now();
                            return page == 1 ? 300ms : 0ms;
                        },
                        .pages_by_number = true});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    CHECK(ids_of(out.records) == source->original_ids());
    check_newest_first_and_unique(out.records);
    CHECK(source->fetches() == 10);
    REQUIRE(asked->size() == 10);
    const auto since_page_1 = [&](std::uint32_t page) { return asked->at(page) - asked->at(1); };
    for (std::uint32_t page : {2u, 3u, 4u}) CHECK(since_page_1(page) < 250ms);
    CHECK(since_page_1(5) >= 300ms);
}

TEST_CASE("A first wave whose page 2 answers before page 1 still reads the order from both") {
    // Pages of one call do not show the order: page 2 decides, and it is in
    // before page 1 is.
    for (auto order : {FakeBehaviour::Order::newest_first, FakeBehaviour::Order::oldest_first}) {
        CAPTURE(static_cast<int>(order));
        asio::io_context io;
        auto source = fake(io, "a", 7,
                           {.delay = [](std::uint32_t page, int) { return page == 1 ? 30ms : 0ms; },
                            .pages_by_number = true,
                            .order = order});
        Listing listing(io.get_executor(), {source}, pages_of(1), {.concurrency = 3, .deadline = 10s});
        const Outcome out = drain(io, listing);
        CHECK(out.failures.empty());
        CHECK(ids_of(out.records) == source->original_ids());
        check_newest_first_and_unique(out.records);
        CHECK(listing.progress().sources[0].order ==
              (order == FakeBehaviour::Order::newest_first ? PageOrder::newest_first : PageOrder::oldest_first));
    }
}

TEST_CASE("A first wave serves an oldest-first walk from its last page when the account is that short") {
    asio::io_context io;
    const auto source = list_oldest_first_by_number(io, 35);
    CHECK(source->fetches() == 4);
    for (const auto& [page, fetches] : source->fetches_per_page()) CHECK_MESSAGE(fetches == 1, "page ", page);
}

TEST_CASE("First-wave pages far from where an oldest-first walk starts are asked for again when it reaches them") {
    // Read at the start, pages 2 to 4 would be minutes old by the time a
    // walk from page 10 comes to them: calls deleted meanwhile shift onto
    // them unseen.
    asio::io_context io;
    const auto source = list_oldest_first_by_number(io, 95);
    for (const auto& [page, fetches] : source->fetches_per_page())
        CHECK_MESSAGE(fetches == (page >= 2 && page <= 4 ? 2 : 1), "page ", page);
    CHECK(source->fetches() == 13);
}

TEST_CASE("A first wave is bounded by the limit and pages past the end end the walk") {
    asio::io_context io;
    auto many = fake(io, "many", 1000, {.pages_by_number = true});
    CallQuery query = pages_of(10);
    query.limit = 25;
    Listing limited(io.get_executor(), {many}, query, {.concurrency = 8});
    const Outcome first = drain(io, limited);
    CHECK(first.records.size() == 25);
    CHECK(many->fetches() == 3);

    auto few = fake(io, "few", 15, {.pages_by_number = true});
    Listing whole(io.get_executor(), {few}, pages_of(10), {.concurrency = 8});
    const Outcome second = drain(io, whole);
    CHECK(second.failures.empty());
    CHECK(ids_of(second.records) == few->original_ids());
    CHECK(few->fetches() <= 8);  // pages 3 to 8 come back empty (or are cancelled), and end nothing early
}

TEST_CASE("A first-wave page past the end that the vendor refuses fails nothing") {
    asio::io_context io;
    auto source = fake(io, "a", 15, {.failing_page = 3, .pages_by_number = true});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    CHECK(ids_of(out.records) == source->original_ids());
}

TEST_CASE("A first-wave page that fails is asked for again when the walk reaches it and fails then") {
    asio::io_context io;
    auto source = fake(io, "a", 95,
                       {.delay = [](std::uint32_t page, int) { return page == 1 ? 20ms : 0ms; },
                        .failing_page = 2,
                        .pages_by_number = true});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 4});
    const Outcome out = drain(io, listing);
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].is(errc::vendor_unavailable));
    CHECK(out.failures[0].details().page == 2u);
    CHECK(source->fetches_per_page().at(2) == 2);
    CHECK(out.records.size() == 10);  // page 1's
}

TEST_CASE("A listing that ends before its deadline leaves no timer behind") {
    asio::io_context io;
    auto source = fake(io, "a", 25);
    Listing listing(io.get_executor(), {source}, pages_of(10), {.deadline = std::chrono::hours(1)});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    CHECK(out.records.size() == 25);
    io.restart();
    io.poll();             // the cancelled timer's handler, if any
    CHECK(io.stopped());  // nothing pending: run() would return at once, not in an hour
}

// Every batch, and every failure, in the order next_batch gave them.
struct DrainedInBatches {
    Outcome out;
    std::vector<std::size_t> sizes;
};

DrainedInBatches drain_in_batches(asio::io_context& io, Listing& listing) {
    DrainedInBatches drained;
    while (true) {
        auto batch = listing.next_batch(io);
        if (!batch) {
            drained.out.failures.push_back(batch.error());
            continue;
        }
        if (batch->empty()) break;
        drained.sizes.push_back(batch->size());
        for (CallRecord& record : *batch) drained.out.records.push_back(std::move(record));
    }
    return drained;
}

std::vector<std::string> id_sequence(const std::vector<CallRecord>& records) {
    std::vector<std::string> ids;
    for (const auto& r : records) ids.push_back(r.source + "/" + r.id);
    return ids;
}

TEST_CASE("Batches hand over the records one at a time would give in the same order") {
    for (unsigned seed = 1; seed <= 6; ++seed) {
        CAPTURE(seed);
        // Three sources paging at different speeds, merged newest first.
        auto sources = [seed](asio::io_context& io) {
            std::vector<std::shared_ptr<CallSource>> made;
            for (unsigned s = 0; s < 3; ++s) {
                const auto step = std::chrono::milliseconds((seed * 7 + s * 3) % 5);
                made.push_back(fake(io, "s" + std::to_string(s), 40 + 17 * s,
                                    {.delay = [step](std::uint32_t page, int) { return step * (page % 3); },
                                     .pages_by_number = (seed + s) % 2 == 0},
                                    newest - std::chrono::seconds(13 * s), std::chrono::seconds(50 + 20 * s)));
            }
            return made;
        };
        asio::io_context one_io;
        Listing one_at_a_time(one_io.get_executor(), sources(one_io), pages_of(10), {.concurrency = 3});
        const Outcome singly = drain(one_io, one_at_a_time);

        asio::io_context batch_io;
        Listing batched(batch_io.get_executor(), sources(batch_io), pages_of(10), {.concurrency = 3});
        const DrainedInBatches in_batches = drain_in_batches(batch_io, batched);

        CHECK(singly.failures.empty());
        CHECK(in_batches.out.failures.empty());
        CHECK(singly.records.size() == 40 + 57 + 74);
        CHECK(id_sequence(in_batches.out.records) == id_sequence(singly.records));
        // Handed over in batches indeed: fewer batches than records.
        CHECK(in_batches.sizes.size() < in_batches.out.records.size());
    }
}

TEST_CASE("Batches report a failed source while the others go on and keep to the limit") {
    asio::io_context io;
    auto failing = fake(io, "failing", 50, {.failing_page = 3});
    auto healthy = fake(io, "healthy", 30, {}, newest - 30s);
    Listing listing(io.get_executor(), {failing, healthy}, pages_of(10), {.concurrency = 2});
    const DrainedInBatches drained = drain_in_batches(io, listing);
    REQUIRE(drained.out.failures.size() == 1);
    CHECK(drained.out.failures[0].is(errc::vendor_unavailable));
    CHECK(drained.out.failures[0].details().source == "failing");
    CHECK(drained.out.records.size() == 20 + 30);  // the failing source's first two pages, the other whole
    check_newest_first_and_unique(drained.out.records);

    auto many = fake(io, "many", 1000, {.pages_by_number = true});
    CallQuery query = pages_of(10);
    query.limit = 25;
    Listing limited(io.get_executor(), {many}, query, {.concurrency = 4});
    const DrainedInBatches first = drain_in_batches(io, limited);
    CHECK(first.out.failures.empty());
    CHECK(first.out.records.size() == 25);
}

TEST_CASE("A batch asked for while another call is pending is refused as in progress") {
    asio::io_context io;
    auto source = fake(io, "a", 30, {.delay = [](std::uint32_t, int) { return 5ms; }});
    Listing listing(io.get_executor(), {source}, pages_of(10));
    std::size_t first_batch = 0;
    Error second;
    listing.async_next([&](Error, std::optional<CallRecord> record) { first_batch = record ? 1 : 0; });
    listing.async_next_batch([&](Error error, std::vector<CallRecord> records) {
        second = std::move(error);
        CHECK(records.empty());
    });
    io.run_for(2s);
    CHECK(first_batch == 1);
    CHECK(second.code() == asio::error::in_progress);
}

TEST_CASE("Pages asked for by number go out while answered pages are still read") {
    // Each page answers after 5 ms and is then read for 150 ms (a parse on
    // another thread): the connection of an answered page is free, and the
    // walk sends the next pages on it, never more than the concurrency at
    // once on the wire, and at most twice the concurrency unfinished.
    asio::io_context io;
    auto source = fake(io, "numbered", 120,
                       {.delay = [](std::uint32_t, int) { return 5ms; }, .reading = 150ms, .pages_by_number = true});
    Listing listing(io.get_executor(), {source}, pages_of(10), {.concurrency = 2});
    const Outcome out = drain(io, listing);
    CHECK(out.failures.empty());
    CHECK(ids_of(out.records) == source->original_ids());
    CHECK(source->max_in_flight() <= 2);
    CHECK(source->max_unfinished() > 2);
    CHECK(source->max_unfinished() <= 4);

    // Walked backward from the last page (the vendor lists oldest first):
    // the first wave's other pages, answered while page 1 is read, take
    // none of the walk's connections and free none.
    auto oldest_first = fake(io, "oldest", 120,
                             {.delay = [](std::uint32_t, int) { return 5ms; },
                              .reading = 150ms,
                              .pages_by_number = true,
                              .order = FakeBehaviour::Order::oldest_first});
    Listing backward(io.get_executor(), {oldest_first}, pages_of(10), {.concurrency = 2});
    const Outcome back = drain(io, backward);
    CHECK(back.failures.empty());
    CHECK(ids_of(back.records) == oldest_first->original_ids());
    CHECK(oldest_first->max_in_flight() <= 2);
    CHECK(oldest_first->max_unfinished() > 2);

    // A source that does not say its pages go by number sends the next page
    // only once the one before is read.
    auto by_cursor = fake(io, "cursor", 60, {.delay = [](std::uint32_t, int) { return 5ms; }, .reading = 20ms});
    Listing walk(io.get_executor(), {by_cursor}, pages_of(10), {.concurrency = 2});
    const Outcome walked = drain(io, walk);
    CHECK(walked.failures.empty());
    CHECK(ids_of(walked.records) == by_cursor->original_ids());
    CHECK(by_cursor->max_unfinished() <= 2);
}

}  // TEST_SUITE
