#include "listing/digest_set.hpp"

#include <boost/container_hash/hash.hpp>

namespace callbridge::detail {
namespace {

constexpr std::size_t initial_slots = 1024;

// Slots are chosen by the high bits: the digest's mixing is best there.
std::size_t slot_of(std::uint64_t value, std::size_t slots) noexcept {
    return static_cast<std::size_t>((value * 0x9E3779B97F4A7C15ull) >> 32) & (slots - 1);
}

}  // namespace

std::uint64_t DigestSet::digest(std::string_view id) noexcept {
    static_assert(sizeof(std::size_t) == sizeof(std::uint64_t), "64-bit digests need a 64-bit boost::hash");
    return boost::hash<std::string_view>()(id);
}

std::size_t DigestSet::find(std::uint64_t value) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = slot_of(value, slots_.size());
    while (slots_[at] != 0 && slots_[at] != value) at = (at + 1) & mask;
    return at;
}

bool DigestSet::contains(std::uint64_t digest) const noexcept {
    if (digest == 0) return has_zero_;
    if (slots_.empty()) return false;
    return slots_[find(digest)] != 0;
}

bool DigestSet::insert(std::uint64_t digest) {
    if (digest == 0) {
        if (has_zero_) return false;
        has_zero_ = true;
        ++size_;
        return true;
    }
    if (slots_.empty()) slots_.assign(initial_slots, 0);
    std::size_t at = find(digest);
    if (slots_[at] == digest) return false;
    if (4 * (size_ + 1) > 3 * slots_.size()) {
        grow();
        at = find(digest);
    }
    slots_[at] = digest;
    ++size_;
    return true;
}

void DigestSet::grow() {
    std::vector<std::uint64_t> old(2 * slots_.size(), 0);
    old.swap(slots_);
    for (const std::uint64_t value : old)
        if (value != 0) slots_[find(value)] = value;
}

}  // namespace callbridge::detail
