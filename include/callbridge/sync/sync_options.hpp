#pragma once
// How a sync run reads its sources (spec/sync.md) and what it reports.

#include <callbridge/call_query.hpp>
#include <callbridge/call_source.hpp>
#include <callbridge/error.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/sync/change.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace callbridge {

/// One source to keep in sync, with the filters that define its calls.
struct SyncSource {
    std::shared_ptr<CallSource> source;
    CallQuery query;  ///< no limit (a run reads every matching call)
    /// Part of the fingerprint: the API root the source reads (empty for a
    /// source that has none).
    std::string api_root;
};

/// How one source's run ended.
struct SourceReport {
    enum class Outcome {
        synced,        ///< listed to the end; checkpoint advanced
        failed,        ///< the listing or the store failed (`error`); old checkpoint kept
        refused,       ///< the checkpoint's fingerprint differs (`error` names what); nothing sent
        held,          ///< a live worker holds it (one-shot runs skip it)
        lease_lost,    ///< another worker took it over; this run committed nothing more
        interrupted,   ///< cancelled; what was committed stays, the checkpoint did not advance
    };
    std::string source;
    Outcome outcome = Outcome::synced;
    Error error;
    std::string holder;  ///< held: who holds it
    std::uint64_t inserted = 0;
    std::uint64_t updated = 0;
    std::uint64_t unchanged = 0;
    std::uint64_t requests = 0;  ///< pages fetched plus retries
    std::chrono::milliseconds elapsed{0};
};

std::string_view to_string(SourceReport::Outcome outcome) noexcept;

struct SyncOptions {
    /// Read back this far before the newest call seen (late calls, clocks).
    std::chrono::seconds lookback = std::chrono::hours(2);
    /// Open calls created longer ago than this (from now) are no longer read
    /// again and stay as last seen.
    std::chrono::seconds max_open_age = std::chrono::hours(48);
    /// Pages in flight per source.
    std::size_t concurrency = 4;
    /// Sources run at once by this worker.
    std::size_t sources_at_once = 4;
    /// At most this many records per transaction while a source is listed;
    /// a batch of a tenth of it goes as soon as the store finished the one
    /// before, so that the listing never waits for a store that keeps up.
    std::size_t batch_records = 1000;
    /// A lease lasts this long; it is renewed as the run commits and every
    /// third of it while the run goes on.
    std::chrono::milliseconds lease = std::chrono::seconds(60);
    /// Who this worker is, in leases; default: host name, process id and a
    /// random part.
    std::string holder;
    /// Set: run every source again each time this long has passed since its
    /// last run (by any worker), until cancelled (`sync --watch`). Unset:
    /// run each source once.
    std::optional<std::chrono::milliseconds> watch;
    /// Sources whose checkpoint is forgotten before their first run.
    std::set<std::string> reset;
    /// Now, for max_open_age; default: the system clock.
    std::function<std::chrono::system_clock::time_point()> now;
    /// After each commit (on the run's executor): the changes it made.
    std::function<void(const std::vector<Change>&)> on_changes;
    /// When a source's run ends, however it ended.
    std::function<void(const SourceReport&)> on_source_done;
    /// The listing's progress, per source's listing.
    std::function<void(const ListingProgress&)> on_progress;
};

}  // namespace callbridge
