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
    /// The next page, or nothing when this page is the last.
    std::optional<PageCursor> next;

    friend bool operator==(const PageInfo&, const PageInfo&) = default;
};

struct CallPage {
    /// The page's records that satisfy the query, in the vendor's order.
    std::vector<CallRecord> records;
    PageInfo info;
};

}  // namespace callbridge
