#pragma once
// The sync suites' shared pieces: the stores to run each test against
// (SQLite in a temporary file, PostgreSQL on the throwaway test server), and
// a fake account synced through the real engine.

#include <callbridge/sync/open_call_store.hpp>
#include <callbridge/sync/sync_run.hpp>

#include <callbridge/testing/fake_source.hpp>
#include "support/postgres_server.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

namespace callbridge::test {

using namespace callbridge::testing;

struct StoreKind {
    std::string name;
    std::function<std::string()> fresh_url;
};

/// A temporary directory, removed when done with.
class TempDir {
public:
    TempDir() {
        char pattern[] = "/tmp/callbridge-sync-XXXXXX";
        if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

/// Both shipped stores; each test runs once per store (a SUBCASE each).
inline std::vector<StoreKind> store_kinds(const TempDir& dir) {
    static int counter = 0;
    return {
        {"sqlite", [&dir] { return "sqlite:" + dir.file("store-" + std::to_string(++counter) + ".db"); }},
        {"postgresql", [] { return PostgresServer::shared().create_database(); }},
    };
}

inline std::unique_ptr<CallStore> open_store(const std::string& url) {
    auto store = open_call_store(url);
    REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error().message()));
    return std::move(*store);
}

inline std::chrono::sys_seconds now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// One fake account, its calls `spacing` apart up to ten minutes ago, on
/// pages of 20, filtered by the vendor itself.
struct Account {
    boost::asio::io_context io;
    std::shared_ptr<FakeSource> source;

    explicit Account(std::size_t calls, std::chrono::seconds spacing = std::chrono::minutes(5), std::string name = "acct",
                     FakeBehaviour behaviour = {.filters_on_server = true})
        : source(std::make_shared<FakeSource>(io.get_executor(), std::move(name), calls,
                                              now_seconds() - std::chrono::minutes(10), spacing, std::move(behaviour))) {}
};

inline CallQuery pages_of_20() {
    CallQuery q;
    q.page_size = 20;
    return q;
}

/// One run of `sources` into the store at `url`.
inline std::vector<SourceReport> sync_once(boost::asio::io_context& io, const std::string& url,
                                           std::vector<SyncSource> sources, SyncOptions options = {}) {
    SyncRun run(io.get_executor(), open_store(url), std::move(sources), std::move(options));
    return run.run(io);
}

inline SourceReport sync_one(Account& account, const std::string& url, SyncOptions options = {},
                             CallQuery query = pages_of_20()) {
    auto reports = sync_once(account.io, url, {{account.source, std::move(query), "fake://api"}}, std::move(options));
    REQUIRE(reports.size() == 1);
    return reports.front();
}

inline std::vector<Change> feed_of(const std::string& url) {
    auto changes = open_store(url)->changes_since(0, 1000000);
    REQUIRE(changes.has_value());
    return std::move(*changes);
}

inline std::vector<StoredCall> stored_of(const std::string& url) {
    auto calls = open_store(url)->stored_calls();
    REQUIRE(calls.has_value());
    return std::move(*calls);
}

inline std::optional<Checkpoint> checkpoint_of(const std::string& url, const std::string& source) {
    auto checkpoint = open_store(url)->load_checkpoint(source);
    REQUIRE(checkpoint.has_value());
    return *checkpoint;
}

}  // namespace callbridge::test
