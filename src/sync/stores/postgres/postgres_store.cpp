#include "sync/stores/postgres/postgres_store.hpp"

#include "sync/commit_plan.hpp"
#include "sync/store_failure.hpp"

#include <callbridge/sync/open_call_store.hpp>

#include <boost/json/serialize.hpp>

#include <libpq-fe.h>

#include <memory>
#include <optional>

namespace callbridge::detail {
namespace {

// The schema, one step per version: a store at version N runs steps N+1...
constexpr const char* migrations[] = {
    // 1: calls, the change feed and checkpoints (one worker).
    R"(CREATE TABLE callbridge_calls (
         source text NOT NULL, id text NOT NULL, version text NOT NULL,
         created_at timestamptz NOT NULL, status text NOT NULL, record json NOT NULL,
         stored_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (source, id));
       CREATE TABLE callbridge_changes (
         seq bigint PRIMARY KEY, op text NOT NULL CHECK (op IN ('insert', 'update')),
         source text NOT NULL, id text NOT NULL, version text NOT NULL, record json NOT NULL,
         committed_at timestamptz NOT NULL DEFAULT now());
       CREATE TABLE callbridge_feed (last_seq bigint NOT NULL);
       INSERT INTO callbridge_feed VALUES (0);
       CREATE TABLE callbridge_checkpoints (
         source text PRIMARY KEY, checkpoint text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());)",
    // 2: leases, so that several workers share the sources.
    R"(CREATE TABLE callbridge_leases (
         source text PRIMARY KEY, holder text, generation bigint NOT NULL DEFAULT 0,
         expires_at timestamptz, last_run_at timestamptz);)",
};
static_assert(std::size(migrations) == store_schema_version);

// Any number; only callbridge's migrations take this advisory lock.
constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(7460238810455)";

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};

class Rows {
public:
    explicit Rows(PGresult* r) : result_(r) {}
    [[nodiscard]] int size() const { return PQntuples(result_.get()); }
    [[nodiscard]] bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
    [[nodiscard]] std::string text(int row, int column) const {
        return {PQgetvalue(result_.get(), row, column),
                static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
    }
    [[nodiscard]] std::int64_t integer(int row, int column) const { return std::stoll(text(row, column)); }
    [[nodiscard]] bool has_result() const { return result_ != nullptr; }
    [[nodiscard]] bool ok() const {
        const auto status = PQresultStatus(result_.get());
        return result_ != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
    }
    [[nodiscard]] std::string error() const { return PQresultErrorMessage(result_.get()); }

private:
    std::unique_ptr<PGresult, ResultDeleter> result_;
};

class PostgresStore final : public CallStore {
public:
    PostgresStore(PGconn* connection, std::string url) : connection_(connection), url_(std::move(url)) {
        // The server's notices ("relation exists, skipping") are not ours to print.
        PQsetNoticeProcessor(connection_, [](void*, const char*) {}, nullptr);
    }
    ~PostgresStore() override { PQfinish(connection_); }

    void open() {
        Transaction t(*this);
        exec(migration_lock);
        exec("CREATE TABLE IF NOT EXISTS callbridge_schema (version integer NOT NULL)");
        const Rows read = exec("SELECT version FROM callbridge_schema");
        const int version = read.size() > 0 ? static_cast<int>(read.integer(0, 0)) : 0;
        if (version > store_schema_version)
            throw StoreFailure(sync_errc::store_unavailable,
                               "its schema version " + std::to_string(version) + " is newer than this callbridge's (" +
                                   std::to_string(store_schema_version) + "); upgrade callbridge");
        for (int step = version; step < store_schema_version; ++step) exec_script(migrations[step]);
        if (version == 0) exec("INSERT INTO callbridge_schema VALUES (0)");
        exec("UPDATE callbridge_schema SET version = $1", {std::to_string(store_schema_version)});
        t.commit();
    }

    boost::system::result<LeaseOutcome, Error> acquire_lease(std::string_view source,
                                                             const LeaseRequest& request) override {
        return guard<LeaseOutcome>([&] {
            const std::string name(source);
            Transaction t(*this);
            exec("INSERT INTO callbridge_leases (source) VALUES ($1) ON CONFLICT DO NOTHING", {name});
            const Rows read = exec(
                "SELECT holder, generation, "
                "(extract(epoch FROM expires_at - clock_timestamp()) * 1000)::bigint, "
                "(extract(epoch FROM clock_timestamp() - last_run_at) * 1000)::bigint "
                "FROM callbridge_leases WHERE source = $1 FOR UPDATE",
                {name});
            LeaseOutcome outcome;
            if (!read.is_null(0, 0) && !read.is_null(0, 2) && read.integer(0, 2) > 0) {
                outcome.state = LeaseOutcome::State::held;
                outcome.holder = read.text(0, 0);
                outcome.retry_in = std::chrono::milliseconds(read.integer(0, 2));
                return outcome;
            }
            if (request.due_after.count() > 0 && !read.is_null(0, 3) && read.integer(0, 3) < request.due_after.count()) {
                outcome.state = LeaseOutcome::State::not_due;
                outcome.retry_in = std::chrono::milliseconds(request.due_after.count() - read.integer(0, 3));
                return outcome;
            }
            const Rows granted = exec("UPDATE callbridge_leases SET holder = $2, generation = generation + 1, "
                                      "expires_at = clock_timestamp() + $3 * interval '1 millisecond' "
                                      "WHERE source = $1 RETURNING generation",
                                      {name, request.holder, std::to_string(request.duration.count())});
            t.commit();
            outcome.lease = Lease{name, request.holder, static_cast<std::uint64_t>(granted.integer(0, 0))};
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
            exec("UPDATE callbridge_leases SET holder = NULL, expires_at = NULL, "
                 "last_run_at = CASE WHEN $4 THEN clock_timestamp() ELSE last_run_at END "
                 "WHERE source = $1 AND generation = $2 AND holder = $3",
                 {lease.source, std::to_string(lease.generation), lease.holder, ran ? "true" : "false"});
        });
    }

    boost::system::result<std::optional<Checkpoint>, Error> load_checkpoint(std::string_view source) override {
        return guard<std::optional<Checkpoint>>([&]() -> boost::system::result<std::optional<Checkpoint>, Error> {
            const Rows read = exec("SELECT checkpoint FROM callbridge_checkpoints WHERE source = $1", {std::string(source)});
            if (read.size() == 0) return std::optional<Checkpoint>();
            auto checkpoint = checkpoint_from_json(read.text(0, 0));
            if (!checkpoint) return checkpoint.error();
            return std::optional<Checkpoint>(std::move(*checkpoint));
        });
    }

    Error reset_checkpoint(const Lease& lease) override {
        return guard_error([&] {
            Transaction t(*this);
            check_lease(lease);
            exec("DELETE FROM callbridge_checkpoints WHERE source = $1", {lease.source});
            t.commit();
        });
    }

    boost::system::result<CommitResult, Error> commit(const Lease& lease, std::span<const VersionedRecord> records,
                                                     const Checkpoint* checkpoint,
                                                     std::chrono::milliseconds renew_for) override {
        return guard<CommitResult>([&] {
            Transaction t(*this);
            check_lease(lease);
            // The batch goes to the server as one JSON parameter per statement:
            // a round trip per statement, not per record.
            boost::json::array ids;
            for (const auto& r : records) ids.emplace_back(r.record.id);
            const Rows known = exec("SELECT id, version FROM callbridge_calls WHERE source = $1 AND id = ANY "
                                    "(ARRAY(SELECT json_array_elements_text($2::json)))",
                                    {lease.source, boost::json::serialize(ids)});
            std::unordered_map<std::string, std::string> stored;
            for (int row = 0; row < known.size(); ++row) stored.emplace(known.text(row, 0), known.text(row, 1));
            const CommitPlan plan = plan_commit(records, std::move(stored));
            CommitResult result;
            result.unchanged = plan.unchanged;
            if (!plan.changes.empty()) {
                boost::json::array rows;
                for (const auto& change : plan.changes) {
                    const auto& r = records[change.index];
                    rows.push_back(boost::json::object{{"id", r.record.id},
                                                       {"version", r.version},
                                                       {"created_at", format_rfc3339(r.record.created_at)},
                                                       {"status", to_string(r.record.status)},
                                                       {"op", to_string(change.op)},
                                                       {"record", r.json}});
                }
                // One statement (the batch parsed once, as jsonb): the calls
                // are written, then the feed's numbers taken under
                // the feed row's lock, held until this transaction commits:
                // numbers become visible in the order they were given.
                const Rows last = exec(
                    "WITH batch AS (SELECT b.n, b.value->>'id' AS id, b.value->>'version' AS version, "
                    "    (b.value->>'created_at')::timestamptz AS created_at, b.value->>'status' AS status, "
                    "    b.value->>'op' AS op, (b.value->>'record')::json AS record "
                    "  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS b(value, n)), "
                    "stored AS (INSERT INTO callbridge_calls AS c (source, id, version, created_at, status, record) "
                    "  SELECT DISTINCT ON (id) $1, id, version, created_at, status, record FROM batch ORDER BY id, n DESC "
                    "  ON CONFLICT (source, id) DO UPDATE SET version = excluded.version, "
                    "  created_at = excluded.created_at, status = excluded.status, record = excluded.record, "
                    "  stored_at = now()), "
                    "numbers AS (UPDATE callbridge_feed SET last_seq = last_seq + $3 RETURNING last_seq) "
                    "INSERT INTO callbridge_changes (seq, op, source, id, version, record) "
                    "  SELECT numbers.last_seq - $3 + batch.n, batch.op, $1, batch.id, batch.version, batch.record "
                    "  FROM batch, numbers RETURNING seq",
                    {lease.source, boost::json::serialize(rows), std::to_string(plan.changes.size())});
                std::int64_t first = 0;
                for (int row = 0; row < last.size(); ++row)
                    first = row == 0 ? last.integer(row, 0) : std::min(first, last.integer(row, 0));
                for (std::size_t i = 0; i < plan.changes.size(); ++i)
                    result.changes.push_back({plan.changes[i].index, plan.changes[i].op,
                                              static_cast<std::uint64_t>(first) + i});
            }
            if (checkpoint != nullptr)
                exec("INSERT INTO callbridge_checkpoints (source, checkpoint) VALUES ($1, $2) "
                     "ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = now()",
                     {lease.source, to_json(*checkpoint)});
            renew(lease, renew_for);
            t.commit();
            return result;
        });
    }

    boost::system::result<std::vector<Change>, Error> changes_since(std::uint64_t after, std::size_t max) override {
        return guard<std::vector<Change>>([&]() -> boost::system::result<std::vector<Change>, Error> {
            const Rows read = exec("SELECT seq, op, version, record::text FROM callbridge_changes WHERE seq > $1 "
                                   "ORDER BY seq LIMIT $2",
                                   {std::to_string(after), std::to_string(max)});
            std::vector<Change> out;
            for (int row = 0; row < read.size(); ++row) {
                auto record = record_from_json(read.text(row, 3));
                if (!record)
                    return sync_error(sync_errc::store_failed, "change " + read.text(row, 0) +
                                                                   " holds a record that cannot be read: " +
                                                                   record.error().message());
                out.push_back({static_cast<std::uint64_t>(read.integer(row, 0)),
                               parse_change_op(read.text(row, 1)).value_or(ChangeOp::update), read.text(row, 2),
                               std::move(*record)});
            }
            return out;
        });
    }

    boost::system::result<std::vector<StoredCall>, Error> stored_calls() override {
        return guard<std::vector<StoredCall>>([&] {
            const Rows read = exec("SELECT source, id, version, record::text FROM callbridge_calls ORDER BY source, id");
            std::vector<StoredCall> out;
            for (int row = 0; row < read.size(); ++row)
                out.push_back({read.text(row, 0), read.text(row, 1), read.text(row, 2), read.text(row, 3)});
            return out;
        });
    }

private:
    class Transaction {
    public:
        explicit Transaction(PostgresStore& store) : store_(store) { store_.exec("BEGIN"); }
        ~Transaction() {
            if (!done_) PQclear(PQexec(store_.connection_, "ROLLBACK"));
        }
        void commit() {
            store_.exec("COMMIT");
            done_ = true;
        }

    private:
        PostgresStore& store_;
        bool done_ = false;
    };

    // A lost connection is tried again once, at the start of the next member.
    void reconnect_if_lost() {
        if (PQstatus(connection_) == CONNECTION_OK) return;
        PQreset(connection_);
        if (PQstatus(connection_) != CONNECTION_OK)
            throw StoreFailure(sync_errc::store_failed, "the connection is lost: " +
                                                            std::string(PQerrorMessage(connection_)));
    }

    Rows exec(const char* sql, const std::vector<std::string>& params = {}) {
        if (PQtransactionStatus(connection_) == PQTRANS_IDLE) reconnect_if_lost();
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p.c_str());
        Rows rows(PQexecParams(connection_, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0));
        check(rows);
        return rows;
    }

    // Several statements, no parameters (the migrations).
    void exec_script(const char* sql) {
        Rows rows(PQexec(connection_, sql));
        check(rows);
    }

    void check(const Rows& rows) {
        if (rows.ok()) return;
        throw StoreFailure(sync_errc::store_failed,
                           rows.has_result() ? rows.error() : std::string(PQerrorMessage(connection_)));
    }

    void check_lease(const Lease& lease) {
        const Rows read = exec("SELECT holder, generation FROM callbridge_leases WHERE source = $1 FOR UPDATE", {lease.source});
        if (read.size() == 0 || read.is_null(0, 0) || read.text(0, 0) != lease.holder ||
            static_cast<std::uint64_t>(read.integer(0, 1)) != lease.generation)
            throw StoreFailure(sync_errc::lease_lost, "another worker took the source over (lease generation " +
                                                          std::to_string(lease.generation) + " is no longer its latest)");
    }

    void renew(const Lease& lease, std::chrono::milliseconds duration) {
        exec("UPDATE callbridge_leases SET expires_at = clock_timestamp() + $2 * interval '1 millisecond' "
             "WHERE source = $1",
             {lease.source, std::to_string(duration.count())});
    }

    template <class T, class Body>
    boost::system::result<T, Error> guard(Body&& body) {
        return guarded<T>(redacted_store_url(url_), std::forward<Body>(body));
    }

    template <class Body>
    Error guard_error(Body&& body) {
        return guarded_error(redacted_store_url(url_), std::forward<Body>(body));
    }

    PGconn* connection_;
    std::string url_;
};

}  // namespace

boost::system::result<std::unique_ptr<CallStore>, Error> open_postgres_store(const std::string& url) {
    PGconn* connection = PQconnectdb(url.c_str());
    if (connection == nullptr) return sync_error(sync_errc::store_unavailable, redacted_store_url(url) + ": out of memory");
    if (PQstatus(connection) != CONNECTION_OK) {
        std::string why = one_line_message(PQerrorMessage(connection));
        PQfinish(connection);
        return sync_error(sync_errc::store_unavailable, redacted_store_url(url) + ": cannot connect: " + why);
    }
    auto store = std::make_unique<PostgresStore>(connection, url);
    try {
        store->open();
    } catch (const StoreFailure& failure) {
        return sync_error(sync_errc::store_unavailable, redacted_store_url(url) + ": " + one_line_message(failure.what()));
    }
    return std::unique_ptr<CallStore>(std::move(store));
}

}  // namespace callbridge::detail
