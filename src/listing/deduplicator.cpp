#include "listing/deduplicator.hpp"

#include <algorithm>

namespace callbridge::detail {

Deduplicator::Verdict Deduplicator::admit(const CallRecord& record, bool newest_first) {
    if (newest_first && oldest_ && record.created_at > *oldest_) return Verdict::newer_left_out;
    const std::uint64_t digest = DigestSet::digest(record.id);
    if (seen_.contains(digest)) return Verdict::repeated;
    if (seen_.size() >= capacity_) return Verdict::over_capacity;
    seen_.insert(digest);
    oldest_ = oldest_ ? std::min(*oldest_, record.created_at) : record.created_at;
    return Verdict::fresh;
}

}  // namespace callbridge::detail
