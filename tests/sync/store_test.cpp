// The stores' own promises (spec/sync.md): leases with expiry and
// generation, a change feed visible in commit order with several writers,
// schemas created and migrated; and the plain values around them.

#include "sync/sync_harness.hpp"

#include <callbridge/sync/duration_text.hpp>
#include <callbridge/sync/record_version.hpp>
#include <callbridge/sync/sync_error.hpp>

#include <sqlite3.h>

#include <atomic>
#include <set>
#include <thread>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

VersionedRecord versioned(const std::string& source, const std::string& id, std::string transcript = {}) {
    CallRecord r;
    r.source = source;
    r.provider = "fake";
    r.id = id;
    r.status = CallStatus::completed;
    r.provider_status = "completed";
    r.created_at = now_seconds();
    r.updated_at = r.created_at;
    if (!transcript.empty()) r.transcript = transcript;
    std::string json = to_json(r);
    std::string version = canonical_json_version(json);
    return {r, json, version};
}

Lease granted(CallStore& store, const std::string& source, const std::string& holder,
              std::chrono::milliseconds duration = 60s) {
    auto outcome = store.acquire_lease(source, {.holder = holder, .duration = duration});
    REQUIRE(outcome.has_value());
    REQUIRE(outcome->state == LeaseOutcome::State::granted);
    return *outcome->lease;
}

void sqlite_exec(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    const std::string why = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, why);
}

// Runs SQL on the store at `url`, whichever kind it is.
void store_exec(const std::string& url, const char* sql) {
    if (url.starts_with("sqlite:"))
        sqlite_exec(url.substr(7), sql);
    else
        PostgresServer::execute(url, sql);
}

}  // namespace

TEST_SUITE("sync") {

TEST_CASE("a worker that lost its lease commits nothing and a killed worker's source is taken over after expiry") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            auto a = open_store(url);
            auto b = open_store(url);
            const Lease first = granted(*a, "acct", "worker-a", 150ms);
            CHECK(first.generation == 1);
            auto refused = b->acquire_lease("acct", {.holder = "worker-b", .duration = 60s});
            REQUIRE(refused.has_value());
            CHECK(refused->state == LeaseOutcome::State::held);
            CHECK(refused->holder == "worker-a");
            CHECK(refused->retry_in <= 150ms);

            const auto before = versioned("acct", "1");
            auto committed = a->commit(first, std::span(&before, 1), nullptr, 150ms);
            REQUIRE(committed.has_value());
            CHECK(committed->changes.size() == 1);

            // Worker A stalls past its lease; B takes the source over.
            std::this_thread::sleep_for(200ms);
            const Lease second = granted(*b, "acct", "worker-b");
            CHECK(second.generation == 2);
            const auto stale = versioned("acct", "2");
            auto lost = a->commit(first, std::span(&stale, 1), nullptr, 60s);
            REQUIRE_FALSE(lost.has_value());
            CHECK(lost.error().code() == make_error_code(sync_errc::lease_lost));
            CHECK(a->renew_lease(first, 60s).code() == make_error_code(sync_errc::lease_lost));
            CHECK(a->reset_checkpoint(first).code() == make_error_code(sync_errc::lease_lost));
            CHECK(a->release_lease(first, true).failed() == false);  // a no-op: B keeps it
            auto still_held = a->acquire_lease("acct", {.holder = "worker-a", .duration = 60s});
            REQUIRE(still_held.has_value());
            CHECK(still_held->state == LeaseOutcome::State::held);
            CHECK(still_held->holder == "worker-b");
            const auto stored = stored_of(url);
            REQUIRE(stored.size() == 1);
            CHECK(stored.front().id == "1");
            CHECK(feed_of(url).size() == 1);

            // Released after a run, it is due again only after the interval.
            REQUIRE_FALSE(b->release_lease(second, true).failed());
            auto not_due = a->acquire_lease("acct", {.holder = "worker-a", .duration = 60s, .due_after = 1h});
            REQUIRE(not_due.has_value());
            CHECK(not_due->state == LeaseOutcome::State::not_due);
            CHECK(not_due->retry_in > 59min);
            CHECK(granted(*a, "acct", "worker-a").generation == 3);
        }
    }
}

TEST_CASE("change numbers become visible in commit order while several workers commit at once") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            constexpr int writers = 4, commits = 40, per_commit = 3;
            std::atomic<bool> writing{true};
            std::atomic<int> gaps{0};
            std::atomic<std::uint64_t> seen{0};
            // The reader: whatever it sees after its last number must start
            // right after it, or a smaller number became visible later.
            std::thread reader([&] {
                auto store = open_store(url);
                std::uint64_t last = 0;
                while (true) {
                    const bool last_round = !writing.load();
                    auto changes = store->changes_since(last, 100000);
                    REQUIRE(changes.has_value());
                    for (const auto& change : *changes) {
                        if (change.seq != last + 1) ++gaps;
                        last = change.seq;
                    }
                    if (last_round) break;
                }
                seen = last;
            });
            std::vector<std::thread> threads;
            for (int w = 0; w < writers; ++w)
                threads.emplace_back([&, w] {
                    auto store = open_store(url);
                    const std::string source = "acct-" + std::to_string(w);
                    const Lease lease = granted(*store, source, "worker-" + std::to_string(w));
                    for (int c = 0; c < commits; ++c) {
                        std::vector<VersionedRecord> batch;
                        for (int i = 0; i < per_commit; ++i)
                            batch.push_back(versioned(source, std::to_string(c * per_commit + i)));
                        auto done = store->commit(lease, batch, nullptr, 60s);
                        REQUIRE(done.has_value());
                    }
                });
            for (auto& t : threads) t.join();
            writing = false;
            reader.join();
            CHECK(gaps == 0);
            CHECK(seen == writers * commits * per_commit);
            const auto feed = feed_of(url);
            REQUIRE(feed.size() == writers * commits * per_commit);
            for (std::size_t i = 0; i < feed.size(); ++i) CHECK(feed[i].seq == i + 1);
        }
    }
}

TEST_CASE("a store written by schema 1 is migrated and its checkpoint read") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            Account account(120);
            REQUIRE(sync_one(account, url).inserted == 120);
            // Schema 1 is schema 2 without the leases (its one change).
            store_exec(url, "DROP TABLE callbridge_leases; UPDATE callbridge_schema SET version = 1;");
            const auto newest = account.source->calls().front().created_at;
            account.source->add_call(newest + 1min);
            const auto fetches = account.source->fetches();
            const auto after = sync_one(account, url);
            CHECK(after.outcome == SourceReport::Outcome::synced);
            CHECK(after.inserted == 1);
            CHECK(after.updated == 0);
            // Incremental: the checkpoint written under schema 1 was used.
            CHECK(account.source->fetches() - fetches < 3);
            CHECK(feed_of(url).size() == 121);
            CHECK(open_store(url)->acquire_lease("acct", {.holder = "w"}).has_value());
        }
    }
}

TEST_CASE("a store whose schema is newer than this callbridge is refused naming both versions") {
    TempDir dir;
    for (const auto& kind : store_kinds(dir)) {
        SUBCASE(kind.name.c_str()) {
            const std::string url = kind.fresh_url();
            open_store(url);
            store_exec(url, "UPDATE callbridge_schema SET version = 7;");
            auto refused = open_call_store(url);
            REQUIRE_FALSE(refused.has_value());
            CHECK(refused.error().code() == make_error_code(sync_errc::store_unavailable));
            CHECK(refused.error().message().find("schema version 7 is newer than this callbridge's (2)") != std::string::npos);
        }
    }
}

TEST_CASE("store URLs: malformed ones are invalid options and unreachable ones unavailable and no password is shown") {
    auto bad = open_call_store("mysql://root:hunter2@db/calls");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().is(errc::invalid_option));
    CHECK(bad.error().message().find("hunter2") == std::string::npos);
    CHECK(open_call_store("sqlite:").error().is(errc::invalid_option));
    auto missing_dir = open_call_store("sqlite:/nonexistent-callbridge-dir/x.db");
    REQUIRE_FALSE(missing_dir.has_value());
    CHECK(missing_dir.error().code() == make_error_code(sync_errc::store_unavailable));
    // A closed port on loopback: nothing listens on port 1.
    auto unreachable = open_call_store("postgresql://callbridge:s3cret-pass@127.0.0.1:1/calls?connect_timeout=2");
    REQUIRE_FALSE(unreachable.has_value());
    CHECK(unreachable.error().code() == make_error_code(sync_errc::store_unavailable));
    CHECK(unreachable.error().message().find("s3cret-pass") == std::string::npos);
    CHECK(unreachable.error().message().find("callbridge:REDACTED@127.0.0.1:1") != std::string::npos);
    CHECK(redacted_store_url("postgresql://u@h/db?password=abc&sslmode=require") ==
          "postgresql://u@h/db?password=REDACTED&sslmode=require");
    CHECK(redacted_store_url("postgres://u:p@h:5432/db") == "postgres://u:REDACTED@h:5432/db");
    CHECK(redacted_store_url("sqlite:calls.db") == "sqlite:calls.db");
}

TEST_CASE("durations are a whole number and a unit of s m h or d") {
    CHECK(parse_duration("90s") == 90s);
    CHECK(parse_duration("15m") == 15min);
    CHECK(parse_duration("2h") == 2h);
    CHECK(parse_duration("2d") == 48h);
    CHECK(parse_duration("0s") == 0s);
    for (const char* bad : {"", "2", "h", "-2h", "+2h", "1.5h", "1h30m", "2 h", "2H", "99999999999999d"})
        CHECK_MESSAGE(!parse_duration(bad), bad);
    CHECK(format_duration(7200s) == "2h");
    CHECK(format_duration(90s) == "90s");
    CHECK(format_duration(0s) == "0s");
}

TEST_CASE("a checkpoint is plain JSON that reads back and a newer format is refused") {
    CallQuery query;
    query.statuses = {CallStatus::no_answer, CallStatus::completed};
    query.created_from = Timestamp(std::chrono::sys_days(std::chrono::year(2025) / 8 / 1));
    Checkpoint c{make_fingerprint("autocalls", "https://app.autocalls.ai/api", "main", query),
                 Timestamp(std::chrono::sys_days(std::chrono::year(2025) / 8 / 4)) + 18h,
                 {{"4211", Timestamp(std::chrono::sys_days(std::chrono::year(2025) / 8 / 4)) + 17h}}};
    const std::string json = to_json(c);
    CHECK(json.find(R"("filters":{"status":["completed","no_answer"],"created_from":"2025-08-01T00:00:00Z"})") !=
          std::string::npos);
    auto back = checkpoint_from_json(json);
    REQUIRE(back.has_value());
    CHECK(*back == c);
    auto newer = checkpoint_from_json(R"({"format":2,"fingerprint":{},"open":[]})");
    REQUIRE_FALSE(newer.has_value());
    CHECK(newer.error().message().find("format 2 is newer") != std::string::npos);
    CHECK_FALSE(checkpoint_from_json("{\"format\":1}").has_value());
    CHECK_FALSE(checkpoint_from_json("not json").has_value());

    CallQuery same = query;
    same.statuses = {CallStatus::completed, CallStatus::no_answer, CallStatus::completed};
    same.page_size = 10;
    CHECK(make_fingerprint("autocalls", "https://app.autocalls.ai/api", "main", same) == c.fingerprint);
    CallQuery other = query;
    other.direction = Direction::outbound;
    other.created_from.reset();
    const auto differences =
        describe_differences(c.fingerprint, make_fingerprint("talkover", "https://app.autocalls.ai/api", "main", other));
    REQUIRE(differences.size() == 3);
    CHECK(differences[0] == "provider was 'autocalls', is now 'talkover'");
    CHECK(differences[1] == "filter direction was not set, is now \"outbound\"");
    CHECK(differences[2] == "filter created_from was \"2025-08-01T00:00:00Z\", is now not set");
}

}  // TEST_SUITE
