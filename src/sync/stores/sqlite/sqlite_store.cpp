#include "sync/stores/sqlite/sqlite_store.hpp"

#include "sync/commit_plan.hpp"
#include "sync/store_failure.hpp"

#include <callbridge/sync/open_call_store.hpp>

#include <sqlite3.h>

#include <chrono>
#include <optional>
#include <thread>

namespace callbridge::detail {
namespace {

// The schema, one step per version: a store at version N runs steps N+1...
constexpr const char* migrations[] = {
    // 1: calls, the change feed and checkpoints (one worker).
    R"(CREATE TABLE callbridge_calls (
         source TEXT NOT NULL, id TEXT NOT NULL, version TEXT NOT NULL,
         created_at TEXT NOT NULL, status TEXT NOT NULL, record TEXT NOT NULL,
         stored_at INTEGER NOT NULL,
         PRIMARY KEY (source, id));
       CREATE TABLE callbridge_changes (
         seq INTEGER PRIMARY KEY, op TEXT NOT NULL CHECK (op IN ('insert', 'update')),
         source TEXT NOT NULL, id TEXT NOT NULL, version TEXT NOT NULL, record TEXT NOT NULL,
         committed_at INTEGER NOT NULL);
       CREATE TABLE callbridge_feed (last_seq INTEGER NOT NULL);
       INSERT INTO callbridge_feed VALUES (0);
       CREATE TABLE callbridge_checkpoints (
         source TEXT PRIMARY KEY, checkpoint TEXT NOT NULL, updated_at INTEGER NOT NULL);)",
    // 2: leases, so that several workers share the sources.
    R"(CREATE TABLE callbridge_leases (
         source TEXT PRIMARY KEY, holder TEXT, generation INTEGER NOT NULL DEFAULT 0,
         expires_at INTEGER NOT NULL DEFAULT 0, last_run_at INTEGER);)",
};
static_assert(std::size(migrations) == store_schema_version);

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK)
            throw StoreFailure(sync_errc::store_failed, std::string("preparing a statement: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::string_view text) {
        check(sqlite3_bind_text(statement_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bind(int i, std::int64_t value) {
        check(sqlite3_bind_int64(statement_, i, value));
        return *this;
    }
    /// True while there is a row.
    bool step() {
        const int rc = sqlite3_step(statement_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw StoreFailure(sync_errc::store_failed, sqlite3_errmsg(db_));
    }
    void run() {
        while (step()) {
        }
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }
    void reset() {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }
    [[nodiscard]] bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
    [[nodiscard]] std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
    [[nodiscard]] std::string text(int column) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
        return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) throw StoreFailure(sync_errc::store_failed, sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

class SqliteStore final : public CallStore {
public:
    SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    ~SqliteStore() override { sqlite3_close_v2(db_); }

    void open() {
        // Several workers opening a new file at once: switching it to WAL can
        // answer SQLITE_BUSY without waiting on the busy handler.
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (true) {
            const int rc = sqlite3_exec(db_, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", nullptr,
                                        nullptr, nullptr);
            if (rc == SQLITE_OK) break;
            if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || std::chrono::steady_clock::now() > give_up)
                throw StoreFailure(sync_errc::store_failed, std::string("switching to WAL: ") + sqlite3_errmsg(db_));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        Transaction t(*this);
        exec("CREATE TABLE IF NOT EXISTS callbridge_schema (version INTEGER NOT NULL)");
        Statement read(db_, "SELECT version FROM callbridge_schema");
        const int version = read.step() ? static_cast<int>(read.integer(0)) : 0;
        read.reset();
        if (version > store_schema_version)
            throw StoreFailure(sync_errc::store_unavailable,
                               "its schema version " + std::to_string(version) + " is newer than this callbridge's (" +
                                   std::to_string(store_schema_version) + "); upgrade callbridge");
        for (int step = version; step < store_schema_version; ++step) exec(migrations[step]);
        if (version == 0) exec("INSERT INTO callbridge_schema VALUES (0)");
        Statement(db_, "UPDATE callbridge_schema SET version = ?").bind(1, std::int64_t{store_schema_version}).run();
        t.commit();
    }

    boost::system::result<LeaseOutcome, Error> acquire_lease(std::string_view source,
                                                             const LeaseRequest& request) override {
        return guard<LeaseOutcome>([&] {
            Transaction t(*this);
            Statement(db_, "INSERT OR IGNORE INTO callbridge_leases (source) VALUES (?)").bind(1, source).run();
            Statement read(db_, "SELECT holder, generation, expires_at, last_run_at FROM callbridge_leases WHERE source = ?");
            read.bind(1, source).step();
            const std::int64_t now = now_ms();
            LeaseOutcome outcome;
            if (!read.is_null(0) && read.integer(2) > now) {
                outcome.state = LeaseOutcome::State::held;
                outcome.holder = read.text(0);
                outcome.retry_in = std::chrono::milliseconds(read.integer(2) - now);
                return outcome;
            }
            if (request.due_after.count() > 0 && !read.is_null(3) && now - read.integer(3) < request.due_after.count()) {
                outcome.state = LeaseOutcome::State::not_due;
                outcome.retry_in = std::chrono::milliseconds(read.integer(3) + request.due_after.count() - now);
                return outcome;
            }
            const auto generation = static_cast<std::uint64_t>(read.integer(1)) + 1;
            read.reset();
            Statement(db_, "UPDATE callbridge_leases SET holder = ?, generation = ?, expires_at = ? WHERE source = ?")
                .bind(1, request.holder)
                .bind(2, static_cast<std::int64_t>(generation))
                .bind(3, now + request.duration.count())
                .bind(4, source)
                .run();
            t.commit();
            outcome.lease = Lease{std::string(source), request.holder, generation};
            return outcome;
        });
    }

    Error renew_lease(const Lease& lease, std::chrono::milliseconds duration) override {
        return guard_error([&] {
            Transaction t(*this);
            check_lease(lease);
            renew(lease, duration);
            t.commit();
        });
    }

    Error release_lease(const Lease& lease, bool ran) override {
        return guard_error([&] {
            Transaction t(*this);
            Statement(db_, "UPDATE callbridge_leases SET holder = NULL, expires_at = 0, "
                           "last_run_at = CASE WHEN ? THEN ? ELSE last_run_at END "
                           "WHERE source = ? AND generation = ? AND holder = ?")
                .bind(1, std::int64_t{ran ? 1 : 0})
                .bind(2, now_ms())
                .bind(3, lease.source)
                .bind(4, static_cast<std::int64_t>(lease.generation))
                .bind(5, lease.holder)
                .run();
            t.commit();
        });
    }

    boost::system::result<std::optional<Checkpoint>, Error> load_checkpoint(std::string_view source) override {
        return guard<std::optional<Checkpoint>>([&]() -> boost::system::result<std::optional<Checkpoint>, Error> {
            Statement read(db_, "SELECT checkpoint FROM callbridge_checkpoints WHERE source = ?");
            if (!read.bind(1, source).step()) return std::optional<Checkpoint>();
            auto checkpoint = checkpoint_from_json(read.text(0));
            if (!checkpoint) return checkpoint.error();
            return std::optional<Checkpoint>(std::move(*checkpoint));
        });
    }

    Error reset_checkpoint(const Lease& lease) override {
        return guard_error([&] {
            Transaction t(*this);
            check_lease(lease);
            Statement(db_, "DELETE FROM callbridge_checkpoints WHERE source = ?").bind(1, lease.source).run();
            t.commit();
        });
    }

    boost::system::result<CommitResult, Error> commit(const Lease& lease, std::span<const VersionedRecord> records,
                                                     const Checkpoint* checkpoint,
                                                     std::chrono::milliseconds renew_for) override {
        return guard<CommitResult>([&] {
            Transaction t(*this);
            check_lease(lease);
            std::unordered_map<std::string, std::string> stored;
            Statement read(db_, "SELECT version FROM callbridge_calls WHERE source = ? AND id = ?");
            for (const auto& r : records) {
                if (read.bind(1, r.record.source).bind(2, r.record.id).step()) stored.emplace(r.record.id, read.text(0));
                read.reset();
            }
            const CommitPlan plan = plan_commit(records, std::move(stored));
            CommitResult result;
            result.unchanged = plan.unchanged;
            const std::int64_t now = now_ms();
            if (!plan.changes.empty()) {
                Statement write(db_, "INSERT INTO callbridge_calls (source, id, version, created_at, status, record, stored_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, id) DO UPDATE SET "
                                     "version = excluded.version, created_at = excluded.created_at, "
                                     "status = excluded.status, record = excluded.record, stored_at = excluded.stored_at");
                for (const auto& change : plan.changes) {
                    const auto& r = records[change.index];
                    write.bind(1, r.record.source)
                        .bind(2, r.record.id)
                        .bind(3, r.version)
                        .bind(4, format_rfc3339(r.record.created_at))
                        .bind(5, to_string(r.record.status))
                        .bind(6, r.json)
                        .bind(7, now)
                        .run();
                }
                // The feed's numbers: taken under the write lock this
                // transaction holds until it commits.
                Statement take(db_, "UPDATE callbridge_feed SET last_seq = last_seq + ? RETURNING last_seq");
                take.bind(1, static_cast<std::int64_t>(plan.changes.size())).step();
                std::uint64_t seq = static_cast<std::uint64_t>(take.integer(0)) - plan.changes.size();
                take.reset();
                Statement append(db_, "INSERT INTO callbridge_changes (seq, op, source, id, version, record, committed_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
                for (const auto& change : plan.changes) {
                    const auto& r = records[change.index];
                    append.bind(1, static_cast<std::int64_t>(++seq))
                        .bind(2, to_string(change.op))
                        .bind(3, r.record.source)
                        .bind(4, r.record.id)
                        .bind(5, r.version)
                        .bind(6, r.json)
                        .bind(7, now)
                        .run();
                    result.changes.push_back({change.index, change.op, seq});
                }
            }
            if (checkpoint != nullptr)
                Statement(db_, "INSERT INTO callbridge_checkpoints (source, checkpoint, updated_at) VALUES (?, ?, ?) "
                               "ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint, "
                               "updated_at = excluded.updated_at")
                    .bind(1, lease.source)
                    .bind(2, to_json(*checkpoint))
                    .bind(3, now)
                    .run();
            renew(lease, renew_for);
            t.commit();
            return result;
        });
    }

    boost::system::result<std::vector<Change>, Error> changes_since(std::uint64_t after, std::size_t max) override {
        return guard<std::vector<Change>>([&]() -> boost::system::result<std::vector<Change>, Error> {
            Statement read(db_, "SELECT seq, op, version, record FROM callbridge_changes WHERE seq > ? ORDER BY seq LIMIT ?");
            read.bind(1, static_cast<std::int64_t>(after)).bind(2, static_cast<std::int64_t>(max));
            std::vector<Change> out;
            while (read.step()) {
                auto record = record_from_json(read.text(3));
                if (!record)
                    return sync_error(sync_errc::store_failed, "change " + std::to_string(read.integer(0)) +
                                                                   " holds a record that cannot be read: " +
                                                                   record.error().message());
                out.push_back({static_cast<std::uint64_t>(read.integer(0)),
                               parse_change_op(read.text(1)).value_or(ChangeOp::update), read.text(2),
                               std::move(*record)});
            }
            return out;
        });
    }

    boost::system::result<std::vector<StoredCall>, Error> stored_calls() override {
        return guard<std::vector<StoredCall>>([&] {
            Statement read(db_, "SELECT source, id, version, record FROM callbridge_calls ORDER BY source, id");
            std::vector<StoredCall> out;
            while (read.step()) out.push_back({read.text(0), read.text(1), read.text(2), read.text(3)});
            return out;
        });
    }

private:
    // BEGIN IMMEDIATE: the write lock from the start, so that what is read
    // to decide (a lease, a version) cannot change before the commit.
    class Transaction {
    public:
        explicit Transaction(SqliteStore& store) : store_(store) { store_.exec("BEGIN IMMEDIATE"); }
        ~Transaction() {
            if (!done_) sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        void commit() {
            store_.exec("COMMIT");
            done_ = true;
        }

    private:
        SqliteStore& store_;
        bool done_ = false;
    };

    void exec(const char* sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            std::string why = message != nullptr ? message : sqlite3_errmsg(db_);
            sqlite3_free(message);
            throw StoreFailure(sync_errc::store_failed, why);
        }
    }

    void check_lease(const Lease& lease) {
        Statement read(db_, "SELECT holder, generation FROM callbridge_leases WHERE source = ?");
        if (!read.bind(1, lease.source).step() || read.text(0) != lease.holder ||
            static_cast<std::uint64_t>(read.integer(1)) != lease.generation)
            throw StoreFailure(sync_errc::lease_lost, "another worker took the source over (lease generation " +
                                                          std::to_string(lease.generation) + " is no longer its latest)");
    }

    void renew(const Lease& lease, std::chrono::milliseconds duration) {
        Statement(db_, "UPDATE callbridge_leases SET expires_at = ? WHERE source = ?")
            .bind(1, now_ms() + duration.count())
            .bind(2, lease.source)
            .run();
    }

    template <class T, class Body>
    boost::system::result<T, Error> guard(Body&& body) {
        return guarded<T>("sqlite:" + path_, std::forward<Body>(body));
    }

    template <class Body>
    Error guard_error(Body&& body) {
        return guarded_error("sqlite:" + path_, std::forward<Body>(body));
    }

    sqlite3* db_;
    std::string path_;
};

}  // namespace

boost::system::result<std::unique_ptr<CallStore>, Error> open_sqlite_store(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return sync_error(sync_errc::store_unavailable, "sqlite:" + path + ": cannot open: " + why);
    }
    // Several workers on one machine wait for each other's transactions.
    sqlite3_busy_timeout(db, 30000);
    auto store = std::make_unique<SqliteStore>(db, path);
    try {
        store->open();
    } catch (const StoreFailure& failure) {
        return sync_error(sync_errc::store_unavailable, "sqlite:" + path + ": " + one_line_message(failure.what()));
    }
    return std::unique_ptr<CallStore>(std::move(store));
}

}  // namespace callbridge::detail
