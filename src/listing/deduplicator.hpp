#pragma once
// Internal: each call of a source once, whichever way its pages are walked.
//
// Every id delivered is remembered as a 64-bit digest (DigestSet), so a call
// the vendor serves again (a shifted page, a page that repeats, an updated
// copy of it on a later page) is dropped in every walk. On a newest-first
// walk, a record newer than the oldest delivered so far is also left out:
// it was served again by a shifted page, or created during the listing
// (nothing that existed at the start can be newer), and delivering it would
// break the newest-first order.
//
// Memory: about 16 bytes a call delivered (DigestSet), up to `capacity`
// calls; one more is refused, and the walker fails the source rather than
// risk repeating calls.

#include "listing/digest_set.hpp"

#include <callbridge/call_record.hpp>

#include <cstdint>
#include <optional>

namespace callbridge::detail {

class Deduplicator {
public:
    enum class Verdict {
        fresh,           ///< deliver it (now remembered)
        repeated,        ///< delivered before: drop it
        newer_left_out,  ///< newest-first walk: newer than a record delivered
        over_capacity,   ///< a new call, but no room to remember it
    };

    explicit Deduplicator(std::uint64_t capacity) : capacity_(capacity) {}

    /// Whether to deliver `record`. `newest_first`: the walk delivers the
    /// vendor's newest-first order, so nothing newer than the oldest
    /// delivered may follow.
    Verdict admit(const CallRecord& record, bool newest_first);

    [[nodiscard]] std::uint64_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] std::size_t size() const noexcept { return seen_.size(); }
    [[nodiscard]] std::size_t memory() const noexcept { return seen_.memory(); }

private:
    std::uint64_t capacity_;
    DigestSet seen_;
    /// The oldest created_at delivered so far.
    std::optional<Timestamp> oldest_;
};

}  // namespace callbridge::detail
