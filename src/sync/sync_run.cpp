#include <callbridge/sync/sync_run.hpp>

#include <callbridge/sync/record_version.hpp>
#include <callbridge/sync/sync_error.hpp>

#include "async/use_tuple.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <random>

namespace callbridge {
namespace {

namespace asio = boost::asio;
using Strand = asio::strand<asio::any_io_executor>;
using namespace std::chrono;

// A call that may still change (spec/sync.md, "open call").
bool is_open(CallStatus status) { return !is_final(status); }

std::string default_holder() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown-host");
    std::random_device random;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", random());
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" + suffix;
}

// A blocking job as an awaitable, for co_spawn onto the store's thread.
template <class R>
asio::awaitable<R> blocking(std::function<R()> job) {
    co_return job();
}

// A store job started now and awaited later, so that the listing goes on
// reading while a batch commits.
template <class R>
class InFlight {
public:
    explicit InFlight(Strand strand) : strand_(std::move(strand)) {}

    void start(asio::thread_pool& pool, std::function<R()> job) {
        auto state = std::make_shared<State>(strand_);
        state_ = state;
        auto task = blocking<R>(std::move(job));
        asio::co_spawn(pool, std::move(task), [state, strand = strand_](std::exception_ptr, R value) mutable {
            asio::post(strand, [state, value = std::move(value)]() mutable {
                state->value = std::move(value);
                state->wake.cancel();
            });
        });
    }

    [[nodiscard]] bool active() const { return state_ != nullptr; }
    [[nodiscard]] bool ready() const { return state_ != nullptr && state_->value.has_value(); }

    asio::awaitable<R> wait() {
        auto state = std::move(state_);
        while (!state->value) {
            auto [ec] = co_await state->wake.async_wait(detail::use_tuple);
            (void)ec;
        }
        co_return std::move(*state->value);
    }

private:
    struct State {
        explicit State(const Strand& strand) : wake(strand, steady_clock::time_point::max()) {}
        std::optional<R> value;
        asio::steady_timer wake;
    };
    Strand strand_;
    std::shared_ptr<State> state_;
};

// What one commit job hands back.
struct Committed {
    Error error;
    std::vector<Change> changes;
    std::uint64_t unchanged = 0;
};

Committed commit_batch(CallStore& store, const Lease& lease, std::vector<CallRecord> records,
                       const std::optional<Checkpoint>& checkpoint, milliseconds renew_for) {
    std::vector<VersionedRecord> versioned;
    versioned.reserve(records.size());
    for (auto& record : records) {
        std::string json = to_json(record);
        std::string version = canonical_json_version(json);
        versioned.push_back({std::move(record), std::move(json), std::move(version)});
    }
    auto result = store.commit(lease, versioned, checkpoint ? &*checkpoint : nullptr, renew_for);
    Committed out;
    if (!result) {
        out.error = result.error();
        return out;
    }
    out.unchanged = result->unchanged;
    for (const auto& change : result->changes) {
        auto& v = versioned[change.index];
        out.changes.push_back({change.seq, change.op, v.version, v.record});
    }
    return out;
}

// A running source's lease, shared with its heartbeat.
struct LeaseKeeper {
    explicit LeaseKeeper(const Strand& strand, Lease held) : lease(std::move(held)), timer(strand) {}
    Lease lease;
    asio::steady_timer timer;
    bool done = false;
    bool lost = false;
    Listing* listing = nullptr;
};

}  // namespace

std::string_view to_string(SourceReport::Outcome outcome) noexcept {
    switch (outcome) {
        case SourceReport::Outcome::synced: return "synced";
        case SourceReport::Outcome::failed: return "failed";
        case SourceReport::Outcome::refused: return "refused";
        case SourceReport::Outcome::held: return "held by another worker";
        case SourceReport::Outcome::lease_lost: return "lease lost";
        case SourceReport::Outcome::interrupted: return "interrupted";
    }
    return "?";
}

namespace {

// The run's state, on its strand.
struct Engine : std::enable_shared_from_this<Engine> {
    Engine(asio::any_io_executor executor, std::shared_ptr<CallStore> s, std::vector<SyncSource> list, SyncOptions o)
        : strand(asio::make_strand(std::move(executor))),
          store(std::move(s)),
          sources(std::move(list)),
          options(std::move(o)),
          wake(strand, steady_clock::time_point::max()),
          reset_pending(options.reset) {
        if (options.holder.empty()) options.holder = default_holder();
        if (!options.now) options.now = [] { return system_clock::now(); };
        options.concurrency = std::max<std::size_t>(1, options.concurrency);
        options.sources_at_once = std::max<std::size_t>(1, options.sources_at_once);
        options.batch_records = std::max<std::size_t>(1, options.batch_records);
        slots.resize(sources.size());
    }

    ~Engine() { pool.join(); }

    // One blocking store member on the store's thread, awaited.
    template <class R>
    asio::awaitable<R> on_store(std::function<R()> job) {
        auto task = blocking<R>(std::move(job));
        auto operation = asio::co_spawn(pool, std::move(task), asio::use_awaitable);
        co_return co_await std::move(operation);
    }

    void poke() {
        poked = true;
        wake.cancel();
    }

    void finish(SourceReport report) {
        if (options.on_source_done) options.on_source_done(report);
        reports.push_back(std::move(report));
    }

    struct Slot {
        bool running = false;
        bool done = false;  // one-shot: ran, or was skipped
        steady_clock::time_point next_try{};
    };

    Strand strand;
    std::shared_ptr<CallStore> store;
    std::vector<SyncSource> sources;
    SyncOptions options;
    asio::thread_pool pool{1};
    asio::steady_timer wake;
    bool poked = false;
    bool cancelled = false;
    std::set<std::string> reset_pending;
    std::vector<Slot> slots;
    std::size_t running = 0;
    std::vector<std::shared_ptr<LeaseKeeper>> keepers;
    std::vector<SourceReport> reports;
    std::atomic<bool> active{false};  // between async_run and its completion
};

using Impl = Engine;

asio::awaitable<void> keep_lease(std::shared_ptr<Impl> self, std::shared_ptr<LeaseKeeper> keeper) {
    const auto every = std::max(milliseconds(10), self->options.lease / 3);
    while (!keeper->done) {
        keeper->timer.expires_after(every);
        auto [ec] = co_await keeper->timer.async_wait(detail::use_tuple);
        (void)ec;
        if (keeper->done) break;
        auto store = self->store;
        const Lease lease = keeper->lease;
        const auto duration = self->options.lease;
        std::function<Error()> job = [store, lease, duration] { return store->renew_lease(lease, duration); };
        auto renewal = self->on_store(std::move(job));
        Error renewed = co_await std::move(renewal);
        if (keeper->done) break;
        if (renewed.code() == make_error_code(sync_errc::lease_lost)) {
            keeper->lost = true;
            if (keeper->listing != nullptr) keeper->listing->cancel();
            break;
        }
    }
}

// Where the listing starts (spec/sync.md, step 2).
std::optional<Timestamp> window_start(const Checkpoint& checkpoint, const SyncOptions& options) {
    if (!checkpoint.high_water) return std::nullopt;
    Timestamp start = *checkpoint.high_water - options.lookback;
    const auto cutoff = floor<seconds>(options.now()) - options.max_open_age;
    for (const auto& open : checkpoint.open_calls)  // oldest first
        if (open.created_at >= cutoff) {
            start = std::min(start, open.created_at);
            break;
        }
    return start;
}

asio::awaitable<void> run_source(std::shared_ptr<Impl> self, std::size_t index, Lease lease) {
    const SyncSource& sync_source = self->sources[index];
    const std::string name = sync_source.source->name();
    const auto started = steady_clock::now();
    SourceReport report;
    report.source = name;
    auto store = self->store;
    bool ran = true;

    auto end = [&](SourceReport::Outcome outcome, Error error = {}) {
        report.outcome = outcome;
        report.error = std::move(error);
        if (report.error && report.error.details().source.empty()) report.error.details().source = name;
        report.elapsed = duration_cast<milliseconds>(steady_clock::now() - started);
    };

    do {
        if (self->reset_pending.erase(name) != 0) {
            std::function<Error()> job = [store, lease] { return store->reset_checkpoint(lease); };
            auto resetting = self->on_store(std::move(job));
            Error reset = co_await std::move(resetting);
            if (reset) {
                end(reset.code() == make_error_code(sync_errc::lease_lost) ? SourceReport::Outcome::lease_lost
                                                                             : SourceReport::Outcome::failed,
                    reset);
                break;
            }
        }
        std::function<boost::system::result<std::optional<Checkpoint>, Error>()> load = [store, name] {
            return store->load_checkpoint(name);
        };
        auto loading = self->on_store(std::move(load));
        auto loaded = co_await std::move(loading);
        if (!loaded) {
            end(SourceReport::Outcome::failed, loaded.error());
            break;
        }
        const std::optional<Checkpoint> previous = std::move(*loaded);
        const SourceFingerprint fingerprint = make_fingerprint(sync_source.source->provider(), sync_source.api_root,
                                                               name, sync_source.query);
        if (previous && previous->fingerprint != fingerprint) {
            std::string what;
            for (const auto& difference : describe_differences(previous->fingerprint, fingerprint))
                what += (what.empty() ? "" : "; ") + difference;
            ran = false;
            end(SourceReport::Outcome::refused,
                sync_error(sync_errc::checkpoint_mismatch,
                           "the checkpoint was taken under other settings (" + what +
                               "); reset the source to start afresh (sync --reset " + name + ")",
                           name));
            break;
        }

        CallQuery query = sync_source.query;
        query.limit.reset();
        if (previous)
            if (auto start = window_start(*previous, self->options); start && (!query.created_from || *query.created_from < *start))
                query.created_from = *start;
        Checkpoint next{fingerprint, previous ? previous->high_water : std::nullopt, {}};
        const auto open_cutoff = floor<seconds>(self->options.now()) - self->options.max_open_age;

        // Nothing can match: the window begins after the filters' end.
        const bool nothing_to_list = query.created_from && query.created_to && *query.created_from > *query.created_to;

        // Requests so far, from the listing's progress (reported on its own strand).
        auto requests = std::make_shared<std::atomic<std::uint64_t>>(0);
        ListingOptions listing_options{
            .concurrency = self->options.concurrency,
            .on_progress = [requests, forward = self->options.on_progress](const ListingProgress& progress) {
                if (!progress.sources.empty())
                    requests->store(progress.sources.front().pages + progress.sources.front().retries);
                if (forward) forward(progress);
            }};
        Listing listing(self->strand, {sync_source.source}, query, std::move(listing_options));
        if (!nothing_to_list)
            if (Error refused = listing.check()) {
                ran = false;
                end(SourceReport::Outcome::failed, refused);
                break;
            }
        auto keeper = std::make_shared<LeaseKeeper>(self->strand, lease);
        keeper->listing = &listing;
        self->keepers.push_back(keeper);
        asio::co_spawn(self->strand, keep_lease(self, keeper), asio::detached);
        if (self->cancelled) listing.cancel();

        std::vector<CallRecord> batch;
        InFlight<Committed> pending(self->strand);
        Error failure;
        bool complete = nothing_to_list;
        auto take = [&](Committed committed) {
            if (committed.error) {
                if (!failure) failure = committed.error;
                return;
            }
            report.unchanged += committed.unchanged;
            for (const auto& change : committed.changes) ++(change.op == ChangeOp::insert ? report.inserted : report.updated);
            if (!committed.changes.empty() && self->options.on_changes) self->options.on_changes(committed.changes);
        };
        auto start_commit = [&](std::optional<Checkpoint> checkpoint) {
            const auto renew_for = self->options.lease;
            pending.start(self->pool, [store, lease, records = std::move(batch), checkpoint = std::move(checkpoint),
                                       renew_for]() mutable {
                return commit_batch(*store, lease, std::move(records), checkpoint, renew_for);
            });
            batch = {};
        };

        while (!complete && !failure) {
            auto [error, record] = co_await listing.async_next(detail::use_tuple);
            if (error) {
                failure = error;
                break;
            }
            if (!record) {
                complete = true;
                break;
            }
            if (!next.high_water || record->created_at > *next.high_water) next.high_water = record->created_at;
            if (is_open(record->status) && record->created_at >= open_cutoff)
                next.open_calls.push_back({record->id, record->created_at});
            batch.push_back(std::move(*record));
            // Group commit: a batch goes as soon as the store is done with
            // the one before (a slow store gets bigger batches), and at the
            // latest when it is full.
            const bool store_idle = !pending.active() || pending.ready();
            if (batch.size() >= self->options.batch_records ||
                (store_idle && batch.size() >= std::max<std::size_t>(1, self->options.batch_records / 10))) {
                if (pending.active()) {
                    auto waiting = pending.wait();
                    Committed committed = co_await std::move(waiting);
                    take(std::move(committed));
                }
                if (failure) break;
                start_commit(std::nullopt);
            }
        }
        if (pending.active()) {
            auto waiting = pending.wait();
            Committed committed = co_await std::move(waiting);
            take(std::move(committed));
        }
        const bool lost = keeper->lost || failure.code() == make_error_code(sync_errc::lease_lost);
        // What was read is committed even when the listing did not finish;
        // the checkpoint advances only when it did.
        if (!lost && (!batch.empty() || (complete && !failure))) {
            std::optional<Checkpoint> checkpoint;
            if (complete && !failure) {
                std::stable_sort(next.open_calls.begin(), next.open_calls.end(),
                                 [](const OpenCall& a, const OpenCall& b) { return a.created_at < b.created_at; });
                // An unchanged poll writes no checkpoint either.
                if (!previous || next != *previous) checkpoint = std::move(next);
            }
            start_commit(std::move(checkpoint));
            auto waiting = pending.wait();
            Committed committed = co_await std::move(waiting);
            take(std::move(committed));
        }
        keeper->done = true;
        keeper->listing = nullptr;
        keeper->timer.cancel();
        std::erase(self->keepers, keeper);
        report.requests = requests->load();

        const bool lease_lost = keeper->lost || failure.code() == make_error_code(sync_errc::lease_lost);
        if (lease_lost) {
            ran = false;
            end(SourceReport::Outcome::lease_lost,
                failure.code() == make_error_code(sync_errc::lease_lost)
                    ? failure
                    : sync_error(sync_errc::lease_lost, "another worker took the source over; this run commits nothing more", name));
        } else if (failure.code() == asio::error::operation_aborted) {
            ran = false;
            end(SourceReport::Outcome::interrupted, failure);
        } else if (failure) {
            end(SourceReport::Outcome::failed, failure);
        } else {
            end(SourceReport::Outcome::synced);
        }
    } while (false);

    const bool release_ran = ran;
    std::function<Error()> release = [store, lease, release_ran] { return store->release_lease(lease, release_ran); };
    auto releasing = self->on_store(std::move(release));
    co_await std::move(releasing);
    self->finish(std::move(report));
}

asio::awaitable<void> schedule(std::shared_ptr<Impl> self) {
    const bool watching = self->options.watch.has_value();
    LeaseRequest request{self->options.holder, self->options.lease,
                         watching ? duration_cast<milliseconds>(*self->options.watch) : milliseconds(0)};
    auto store = self->store;
    while (true) {
        const auto now = steady_clock::now();
        for (std::size_t i = 0; i < self->sources.size() && !self->cancelled; ++i) {
            auto& slot = self->slots[i];
            if (self->running >= self->options.sources_at_once) break;
            if (slot.running || slot.done || slot.next_try > now) continue;
            const std::string name = self->sources[i].source->name();
            std::function<boost::system::result<LeaseOutcome, Error>()> acquire = [store, name, request] {
                return store->acquire_lease(name, request);
            };
            auto acquiring = self->on_store(std::move(acquire));
            auto outcome = co_await std::move(acquiring);
            if (self->cancelled) break;
            if (!outcome) {
                SourceReport report;
                report.source = name;
                report.outcome = SourceReport::Outcome::failed;
                report.error = outcome.error();
                report.error.details().source = name;
                self->finish(std::move(report));
                slot.done = !watching;
                slot.next_try = steady_clock::now() + std::min<milliseconds>(request.due_after, seconds(10));
                continue;
            }
            switch (outcome->state) {
                case LeaseOutcome::State::granted: {
                    slot.running = true;
                    ++self->running;
                    auto run = run_source(self, i, *outcome->lease);
                    asio::co_spawn(self->strand, std::move(run), [self, i, watching](std::exception_ptr) {
                        auto& s = self->slots[i];
                        s.running = false;
                        s.done = !watching;
                        s.next_try = steady_clock::now();
                        --self->running;
                        self->poke();
                    });
                    break;
                }
                case LeaseOutcome::State::held:
                    if (!watching) {
                        SourceReport report;
                        report.source = name;
                        report.outcome = SourceReport::Outcome::held;
                        report.holder = outcome->holder;
                        self->finish(std::move(report));
                        slot.done = true;
                    } else {
                        slot.next_try = steady_clock::now() + outcome->retry_in + milliseconds(20);
                    }
                    break;
                case LeaseOutcome::State::not_due:
                    slot.next_try = steady_clock::now() + outcome->retry_in + milliseconds(20);
                    break;
            }
        }
        const bool all_done = std::all_of(self->slots.begin(), self->slots.end(), [](const auto& s) { return s.done; });
        if (self->running == 0 && (self->cancelled || (!watching && all_done))) break;
        // Sleep until a run ends, a source may be tried again, or cancel().
        auto until = steady_clock::time_point::max();
        if (!self->cancelled && self->running < self->options.sources_at_once)
            for (const auto& slot : self->slots)
                if (!slot.running && !slot.done) until = std::min(until, slot.next_try);
        if (!self->poked && until > steady_clock::now()) {
            self->wake.expires_at(until);
            auto [ec] = co_await self->wake.async_wait(detail::use_tuple);
            (void)ec;
        }
        self->poked = false;
    }
}

}  // namespace

struct SyncRun::Impl : Engine {
    using Engine::Engine;
};

SyncRun::SyncRun(asio::any_io_executor executor, std::shared_ptr<CallStore> store, std::vector<SyncSource> sources,
                 SyncOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(store), std::move(sources), std::move(options))) {}

SyncRun::~SyncRun() {
    if (impl_->active) cancel();
}

void SyncRun::do_run(asio::any_completion_handler<run_signature> handler) {
    std::shared_ptr<Engine> self = impl_;
    self->active = true;
    auto scheduler = schedule(self);
    asio::co_spawn(self->strand, std::move(scheduler),
                   [self, handler = std::move(handler)](std::exception_ptr) mutable {
                       self->active = false;
                       std::move(handler)(std::move(self->reports));
                   });
}

std::vector<SourceReport> SyncRun::run(asio::io_context& io) {
    std::optional<std::vector<SourceReport>> out;
    async_run([&out](std::vector<SourceReport> reports) { out = std::move(reports); });
    io.restart();
    while (!out && io.run_one() != 0) {
    }
    return out.value_or(std::vector<SourceReport>{});
}

void SyncRun::cancel() {
    asio::post(impl_->strand, [self = std::shared_ptr<Engine>(impl_)] {
        self->cancelled = true;
        for (const auto& keeper : self->keepers)
            if (keeper->listing != nullptr) keeper->listing->cancel();
        self->poke();
    });
}

}  // namespace callbridge
