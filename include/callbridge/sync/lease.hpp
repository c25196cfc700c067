#pragma once
// Leases (spec/sync.md, "Many sources, many workers"): one worker at a time
// runs a source. A lease names its holder and a generation that grows each
// time the source is granted; a store commits for a lease only while that
// generation is still the source's latest.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace callbridge {

struct Lease {
    std::string source;
    std::string holder;
    std::uint64_t generation = 0;

    friend bool operator==(const Lease&, const Lease&) = default;
};

/// What a worker asks for when it takes a source.
struct LeaseRequest {
    std::string holder;
    /// How long the lease lasts unless renewed.
    std::chrono::milliseconds duration{std::chrono::seconds(60)};
    /// Refuse when the source's last run (by any worker) ended less than
    /// this long ago: the interval of `sync --watch`. Zero: always due.
    std::chrono::milliseconds due_after{0};
};

/// A lease granted, or why not and when to ask again.
struct LeaseOutcome {
    enum class State {
        granted,
        held,     ///< a live worker holds it (`holder`) until its lease expires
        not_due,  ///< it ran less than due_after ago
    };
    State state = State::granted;
    std::optional<Lease> lease;           ///< when granted
    std::string holder;                   ///< when held
    std::chrono::milliseconds retry_in{0};  ///< when held or not due
};

}  // namespace callbridge
