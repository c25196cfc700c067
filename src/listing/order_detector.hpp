#pragma once
// Internal: which way to walk a source, read from its first pages.
//
// The vendors document no order, so it is read from page 1, or from pages 1
// and 2 when page 1 alone does not show it (one call, or calls of one
// second):
//  - newest first (or no sign either way: most vendors list so) is walked
//    forward from page 1;
//  - oldest first is walked backward from the last page, each page
//    reversed, when the vendor numbers its pages and says how many; else in
//    the vendor's order;
//  - no clear order is listed in the vendor's order.

#include <callbridge/call_page.hpp>

#include <optional>

namespace callbridge::detail {

enum class Walk {
    forward,   ///< newest first: page 1 on, records newer than any delivered left out
    backward,  ///< oldest first: the last page first, each reversed
    in_order,  ///< no clear order: the vendor's order
};

struct WalkPlan {
    Walk walk = Walk::forward;
    /// The order as read (what progress reports).
    PageOrder order = PageOrder::unknown;
    /// The vendor numbers its pages and counts its records: pages may be
    /// fetched ahead, and their totals show calls created or deleted.
    bool numbered = false;
    /// Where the walk starts: page 1, or the last page walking backward.
    PageCursor start;
};

/// The vendor's order of one page: what the page says of itself (before
/// local filtering), else what its records show.
PageOrder order_of(const CallPage& page) noexcept;

/// The oldest created_at on a vendor page (before local filtering when the
/// source says), or nothing for a page without records.
std::optional<Timestamp> oldest_time(const CallPage& page) noexcept;

class OrderDetector {
public:
    /// Reads page 1: the plan, or nothing when page 1 does not show the
    /// order and second_page() must be read too.
    std::optional<WalkPlan> read_first(const CallPage& first);

    /// The page to read after page 1, once read_first() asked for it.
    [[nodiscard]] const std::optional<PageCursor>& second_page() const noexcept { return second_; }

    /// Reads the page after page 1: the plan.
    WalkPlan read_second(const CallPage& second);

    /// Whether a page met on a forward walk breaks the newest-first order;
    /// the walk then goes on in the vendor's order, leaving nothing out for
    /// its time.
    [[nodiscard]] static bool breaks_forward(const CallPage& page) noexcept;

private:
    WalkPlan plan(PageOrder order) const;

    bool numbered_ = false;
    std::optional<std::uint32_t> last_page_;
    std::optional<Timestamp> first_page_last_time_;
    std::optional<PageCursor> second_;
};

}  // namespace callbridge::detail
