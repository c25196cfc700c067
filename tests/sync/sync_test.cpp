// What one run of a source promises (spec/sync.md), shown through the real
// engine against each shipped store: nothing missed, nothing twice, updates
// seen, cheap polls, fingerprinted checkpoints.

#include "sync/sync_harness.hpp"

#include <callbridge/sync/record_version.hpp>
#include <callbridge/sync/sync_error.hpp>

#include <map>
#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

std::size_t pages_for(std::size_t calls, std::size_t per_page = 20) {
    return std::max<std::size_t>(1, (calls + per_page - 1) / per_page);
}

std::size_t created_since(const FakeSource& source, std::chrono::sys_seconds from) {
    std::size_t n = 0;
    for (const auto& call : source.calls()) n += call.created_at >= from ? 1 : 0;
    return n;
}

std::map<std::string, std::string> versions_by_id(const std::vector<StoredCall>& stored) {
    std::map<std::string, std::string> out;
    for (const auto& call : stored) out[call.id] = call.version;
    return out;
}

}  // namespace

TEST_SUITE("sync") {

TEST_CASE("first run stores every call once and an unchanged poll writes nothing and costs only the lookback's pages") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            Account account(200);
            const auto first = sync_one(account, url);
            CHECK(first.outcome == SourceReport::Outcome::synced);
            CHECK(first.inserted == 200);
            CHECK(first.updated == 0);
            CHECK(first.requests == pages_for(200));
            const auto stored = stored_of(url);
            REQUIRE(stored.size() == 200);
            std::map<std::string, std::string> expected;
            for (const auto& call : account.source->calls()) expected[call.id] = to_json(call);
            for (const auto& call : stored) {
                CHECK(call.json == expected[call.id]);
                CHECK(call.version == canonical_json_version(call.json));
            }
            const auto feed = feed_of(url);
            REQUIRE(feed.size() == 200);
            for (std::size_t i = 0; i < feed.size(); ++i) {
                CHECK(feed[i].seq == i + 1);
                CHECK(feed[i].op == ChangeOp::insert);
            }
            const auto checkpoint = checkpoint_of(url, "acct");
            REQUIRE(checkpoint);
            const auto newest = account.source->calls().front().created_at;
            CHECK(checkpoint->high_water == newest);

            const auto fetches_before = account.source->fetches();
            const auto second = sync_one(account, url);
            CHECK(second.outcome == SourceReport::Outcome::synced);
            CHECK(second.inserted == 0);
            CHECK(second.updated == 0);
            const std::size_t window = created_since(*account.source, newest - 2h);
            CHECK(second.unchanged == window);
            CHECK(second.requests == pages_for(window));
            CHECK(account.source->fetches() - fetches_before == pages_for(window));
            CHECK(pages_for(window) < pages_for(200));
            CHECK(feed_of(url).size() == 200);
            CHECK(stored_of(url) == stored);
            CHECK(checkpoint_of(url, "acct") == checkpoint);
        }
    }
}

TEST_CASE("new calls between runs are inserted once") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            Account account(60);
            sync_one(account, url);
            std::set<std::string> fresh;
            const auto newest = account.source->calls().front().created_at;
            for (int i = 1; i <= 7; ++i) fresh.insert(account.source->add_call(newest + std::chrono::seconds(30 * i)));
            const auto second = sync_one(account, url);
            CHECK(second.inserted == 7);
            CHECK(second.updated == 0);
            const auto third = sync_one(account, url);
            CHECK(third.inserted == 0);
            const auto feed = feed_of(url);
            REQUIRE(feed.size() == 67);
            std::set<std::string> inserted_later;
            for (std::size_t i = 60; i < feed.size(); ++i) inserted_later.insert(feed[i].record.id);
            CHECK(inserted_later == fresh);
            CHECK(stored_of(url).size() == 67);
        }
    }
}

TEST_CASE("calls that change while open or within the lookback are updated once per new version") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            Account account(800);  // 5 minutes apart: back about 66 hours
            const auto calls = account.source->calls();
            const std::string recent = calls[3].id;          // within the lookback, completed
            const std::string open = calls[60].id;           // 5 hours old, still in progress
            const std::string stale_open = calls[700].id;    // 58 hours old, past max_open_age
            for (const auto& id : {open, stale_open})
                account.source->update_call(id, [](CallRecord& r) {
                    r.status = CallStatus::in_progress;
                    r.provider_status = "in-progress";
                });
            const auto first = sync_one(account, url);
            REQUIRE(first.inserted == 800);
            const auto checkpoint = checkpoint_of(url, "acct");
            REQUIRE(checkpoint);
            REQUIRE(checkpoint->open_calls.size() == 1);  // the stale one is past max_open_age
            CHECK(checkpoint->open_calls.front().id == open);

            auto finish = [](CallRecord& r) {
                r.status = CallStatus::completed;
                r.provider_status = "completed";
                r.duration_s = 95;
            };
            account.source->update_call(open, finish);
            account.source->update_call(stale_open, finish);
            account.source->update_call(recent, [](CallRecord& r) { r.transcript = "AI: Hello."; });
            const auto second = sync_one(account, url);
            CHECK(second.updated == 2);
            CHECK(second.inserted == 0);
            // Read back as far as the open call, not the whole history.
            CHECK(second.requests == pages_for(created_since(*account.source, calls[60].created_at)));
            const auto feed = feed_of(url);
            REQUIRE(feed.size() == 802);
            std::set<std::string> updated;
            for (std::size_t i = 800; i < feed.size(); ++i) {
                CHECK(feed[i].op == ChangeOp::update);
                CHECK(feed[i].version == record_version(feed[i].record));
                updated.insert(feed[i].record.id);
            }
            CHECK(updated == std::set<std::string>{open, recent});
            const auto stored = versions_by_id(stored_of(url));
            for (const auto& call : account.source->calls())
                if (call.id != stale_open) CHECK(stored.at(call.id) == record_version(call));
            // Past max_open_age: it stays as last seen, in progress.
            const auto first_seen = std::find_if(feed.begin(), feed.end(), [&](const Change& c) { return c.record.id == stale_open; });
            REQUIRE(first_seen != feed.end());
            CHECK(first_seen->record.status == CallStatus::in_progress);
            CHECK(stored.at(stale_open) == first_seen->version);
            CHECK(checkpoint_of(url, "acct")->open_calls.empty());

            const auto third = sync_one(account, url);
            CHECK(third.updated == 0);
            CHECK(feed_of(url).size() == 802);
        }
    }
}

TEST_CASE("calls sharing one second at the boundary are neither lost nor repeated") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            Account account(30);
            const auto boundary = account.source->calls().front().created_at + 1min;
            for (int i = 0; i < 3; ++i) account.source->add_call(boundary);
            SyncOptions no_lookback;
            no_lookback.lookback = 0s;
            CHECK(sync_one(account, url, no_lookback).inserted == 33);
            // The vendor shows two more calls of that same second late.
            const auto late_a = account.source->add_call(boundary);
            const auto late_b = account.source->add_call(boundary);
            const auto second = sync_one(account, url, no_lookback);
            CHECK(second.inserted == 2);
            CHECK(second.unchanged == 3);
            CHECK(second.requests == 1);
            const auto feed = feed_of(url);
            REQUIRE(feed.size() == 35);
            std::multiset<std::string> ids;
            for (const auto& change : feed) ids.insert(change.record.id);
            for (const auto& id : ids) CHECK(ids.count(id) == 1);
            CHECK(ids.count(late_a) == 1);
            CHECK(ids.count(late_b) == 1);
            CHECK(stored_of(url).size() == 35);
        }
    }
}

TEST_CASE("a changed filter is refused before any request and reset starts afresh without repeating changes") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            Account account(90);
            CallQuery completed = pages_of_20();
            completed.statuses = {CallStatus::completed};
            const auto first = sync_one(account, url, {}, completed);
            REQUIRE(first.outcome == SourceReport::Outcome::synced);
            const auto completed_count = first.inserted;
            CHECK(completed_count == 60);  // every third call is no_answer

            CallQuery wider = completed;
            wider.statuses = {CallStatus::completed, CallStatus::no_answer};
            const auto fetches = account.source->fetches();
            const auto refused = sync_one(account, url, {}, wider);
            CHECK(refused.outcome == SourceReport::Outcome::refused);
            CHECK(refused.error.code() == make_error_code(sync_errc::checkpoint_mismatch));
            CHECK(refused.error.message().find("filter status was [\"completed\"], is now [\"completed\",\"no_answer\"]") !=
                  std::string::npos);
            CHECK(account.source->fetches() == fetches);

            SyncOptions reset;
            reset.reset = {"acct"};
            const auto afresh = sync_one(account, url, reset, wider);
            CHECK(afresh.outcome == SourceReport::Outcome::synced);
            CHECK(afresh.inserted == 30);
            CHECK(afresh.unchanged == completed_count);
            CHECK(feed_of(url).size() == 90);

            // The order of values in a list does not count.
            CallQuery reordered = wider;
            reordered.statuses = {CallStatus::no_answer, CallStatus::completed, CallStatus::no_answer};
            CHECK(sync_one(account, url, {}, reordered).outcome == SourceReport::Outcome::synced);
            // Another API root is another source.
            auto moved = sync_once(account.io, url, {{account.source, reordered, "https://elsewhere.example/api"}});
            REQUIRE(moved.size() == 1);
            CHECK(moved.front().outcome == SourceReport::Outcome::refused);
            CHECK(moved.front().error.message().find("API root was 'fake://api', is now 'https://elsewhere.example/api'") !=
                  std::string::npos);
        }
    }
}

TEST_CASE("a failed source keeps its old checkpoint while the others go on") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            boost::asio::io_context io;
            const auto newest = now_seconds() - 10min;
            auto good = std::make_shared<FakeSource>(io.get_executor(), "good", 50, newest, 5min,
                                                     FakeBehaviour{.filters_on_server = true});
            auto bad = std::make_shared<FakeSource>(io.get_executor(), "bad", 50, newest, 5min,
                                                    FakeBehaviour{.failing_page = 2, .filters_on_server = true});
            SyncOptions small_batches;
            small_batches.batch_records = 10;
            auto reports = sync_once(io, url, {{good, pages_of_20(), ""}, {bad, pages_of_20(), ""}}, small_batches);
            REQUIRE(reports.size() == 2);
            std::map<std::string, SourceReport> by_name;
            for (auto& r : reports) by_name[r.source] = r;
            CHECK(by_name["good"].outcome == SourceReport::Outcome::synced);
            CHECK(by_name["good"].inserted == 50);
            CHECK(by_name["bad"].outcome == SourceReport::Outcome::failed);
            CHECK(by_name["bad"].error.is(errc::vendor_unavailable));
            CHECK(by_name["bad"].error.message().find("source 'bad'") != std::string::npos);
            CHECK(checkpoint_of(url, "good"));
            CHECK_FALSE(checkpoint_of(url, "bad"));
            // What it had delivered before failing was committed.
            const auto stored = stored_of(url);
            const auto bad_stored = std::count_if(stored.begin(), stored.end(), [](const auto& c) { return c.source == "bad"; });
            CHECK(static_cast<std::uint64_t>(bad_stored) == by_name["bad"].inserted);
            CHECK(by_name["bad"].inserted < 50);
        }
    }
}

TEST_CASE("a one-shot run skips a source that a live worker holds and says who holds it") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            auto other = open_store(url);
            auto held = other->acquire_lease("acct", {.holder = "worker-b", .duration = 60s});
            REQUIRE(held.has_value());
            REQUIRE(held->state == LeaseOutcome::State::granted);
            Account account(20);
            const auto report = sync_one(account, url);
            CHECK(report.outcome == SourceReport::Outcome::held);
            CHECK(report.holder == "worker-b");
            CHECK(account.source->fetches() == 0);
            CHECK(stored_of(url).empty());
        }
    }
}

}  // TEST_SUITE
