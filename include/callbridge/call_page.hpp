#pragma once
// One page of a listing: the matching records and where the vendor's paging
// stands.

#include <callbridge/call_record.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace callbridge {

/// Where a page starts. Numbered paginators use `page`; a vendor that pages
/// by opaque token (a plugin's, say) puts it in `token` and leaves `page` as
/// a running count.
struct PageCursor {
    std::uint32_t page = 1;
    std::string token;

    friend bool operator==(const PageCursor&, const PageCursor&) = default;
};

/// How a vendor orders its list, judged from one page by created_at.
enum class PageOrder {
    unknown,       ///< fewer than two different times on the page
    newest_first,  ///< never later than the call before
    oldest_first,  ///< never earlier than the call before
    unordered,     ///< both ways
};

/// The order of `records` as they stand.
PageOrder order_of(const std::vector<CallRecord>& records) noexcept;

/// What the vendor said about its paging when it served the page.
struct PageInfo {
    std::uint32_t page = 1;
    std::optional<std::uint32_t> last_page;
    /// Records matching the vendor-side filters, over all pages, at the time
    /// the page was served. A listing compares totals between pages to
    /// notice calls created while it runs.
    std::optional<std::uint64_t> total;
    std::optional<std::uint32_t> per_page;
    /// How many records the vendor's page held before local filtering.
    std::uint32_t vendor_records = 0;
    /// Of those, the calls that cannot be listed (a Retell call that never
    /// started has no time to list it by): left out, and counted here.
    std::uint32_t unlisted = 0;
    /// Not a page to deliver: the answer only moved the walk on to `next`
    /// (a time window that was empty, or full and so read again in halves).
    /// A source fetches `next` at once instead of handing this page over.
    bool intermediate = false;
    /// The next page, or nothing when this page is the last.
    std::optional<PageCursor> next;
    /// The vendor page's order and its first and last created_at, before
    /// local filtering (a listing reads the vendor's order from them; a
    /// source that leaves them unset is judged by the records it returns).
    PageOrder order = PageOrder::unknown;
    std::optional<Timestamp> first_created_at;
    std::optional<Timestamp> last_created_at;

    friend bool operator==(const PageInfo&, const PageInfo&) = default;
};

struct CallPage {
    /// The page's records that satisfy the query, in the vendor's order.
    std::vector<CallRecord> records;
    PageInfo info;
};

}  // namespace callbridge
