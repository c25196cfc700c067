#include <callbridge/call_page.hpp>

namespace callbridge {

PageOrder order_of(const std::vector<CallRecord>& records) noexcept {
    bool later = false;
    bool earlier = false;
    for (std::size_t i = 1; i < records.size(); ++i) {
        later = later || records[i].created_at > records[i - 1].created_at;
        earlier = earlier || records[i].created_at < records[i - 1].created_at;
    }
    if (later && earlier) return PageOrder::unordered;
    if (earlier) return PageOrder::newest_first;
    if (later) return PageOrder::oldest_first;
    return PageOrder::unknown;
}

}  // namespace callbridge
