#pragma once
// Internal: noticing a vendor's pages drifting under a walk, and a walk that
// stops moving.
//
// Calls created while a source is walked push records from one page onto the
// next; calls deleted pull them back onto a page already read. Totals show
// both: on a forward walk a page served later reports a total at least as
// large as one served earlier. A page at the frontier with a smaller total
// than the page delivered before it:
//  - was served first: calls created in between pushed records from its end
//    onto the next page, where they would be missed. It is fetched again.
//  - or, still smaller when fetched again, came after calls were deleted:
//    records moved from its start back onto the page before, already
//    delivered. That page is read again (what it holds that is new gets
//    through) and this one fetched again after it, up to three times.
//
// Walks that would never end or end silently short fail instead: a list
// growing faster than it is read, one that keeps shrinking, an empty page
// the vendor still counts calls on, a next page that is the page just read,
// and pages that stop moving - that bring no call not already listed, and
// nothing older, while the vendor still names a next page (a vendor, or a
// cache in front of it, that ignores the page asked for). Calls created
// meanwhile can push a few whole pages of calls already listed onto the
// next ones; as many such pages as the growth of the total explains, and
// one more, are allowed in a row.

#include "listing/order_detector.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace callbridge::detail {

class DriftDetector {
public:
    struct Verdict {
        enum class Action {
            deliver,          ///< the page joins up with the one before it
            fetch_again,      ///< the frontier page, fetched again
            reread_previous,  ///< the page before the frontier, read again first
            fail,             ///< stop the source: `why`
        };
        Action action = Action::deliver;
        std::string why;
    };

    /// `page_size`: records asked for a page; `concurrency`: pages in flight.
    DriftDetector(std::uint32_t page_size, std::size_t concurrency) : page_size_(page_size), concurrency_(concurrency) {}

    /// Every page as it arrives (fetched again or read again too): a reason
    /// to fail when the list grows without end.
    std::optional<std::string> on_arrival(const PageInfo& info);

    /// The page at the frontier, before it is delivered.
    Verdict check_frontier(const CallPage& page, const PageCursor& frontier, const WalkPlan& plan);

    /// The page at the frontier once delivered: `added` records of it were
    /// new; `next` is the page the walk goes to (nothing: the end). A reason
    /// to fail when the walk stopped moving.
    std::optional<std::string> after_delivery(const CallPage& page, std::size_t added,
                                              const std::optional<PageCursor>& next, const PageCursor& frontier,
                                              const WalkPlan& plan);

    /// The page before the frontier, read again: its total is the one to
    /// compare with.
    void after_reread(const PageInfo& info) { previous_total_ = info.total; }

    [[nodiscard]] std::optional<std::uint64_t> first_total() const noexcept { return first_total_; }
    /// How much the vendor's count grew since the walk began.
    [[nodiscard]] std::uint64_t growth() const noexcept {
        return first_total_ ? largest_total_ - std::min(largest_total_, *first_total_) : 0;
    }

private:
    std::uint32_t page_size_;
    std::size_t concurrency_;
    std::optional<std::uint64_t> first_total_;
    std::uint64_t largest_total_ = 0;
    std::optional<std::uint64_t> previous_total_;  // of the page delivered last
    int frontier_refetches_ = 0;                  // of the page at the frontier
    int boundary_rereads_ = 0;                    // of the page before it
    std::optional<Timestamp> oldest_;             // of the vendor pages delivered
    std::uint64_t still_pages_ = 0;               // in a row that brought nothing new
};

}  // namespace callbridge::detail
