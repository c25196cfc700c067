#pragma once
// Internal: a compact set of 64-bit digests, for telling whether an id was
// met before without keeping the ids themselves.
//
// Open addressing with linear probing over one array: 8 bytes a slot, grown
// to twice its size when three quarters full, so it holds n digests in
// 10.7 to 21.3 bytes each (32 for the moment it grows).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace callbridge::detail {

class DigestSet {
public:
    /// The digest of an id. Two different ids share one with a chance of
    /// about n^2 / 2^65 among n ids (below 3 in a million for ten million).
    [[nodiscard]] static std::uint64_t digest(std::string_view id) noexcept;

    /// Adds `digest`; false when it was there already.
    bool insert(std::uint64_t digest);
    [[nodiscard]] bool contains(std::uint64_t digest) const noexcept;

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// Bytes held by the table.
    [[nodiscard]] std::size_t memory() const noexcept { return slots_.capacity() * sizeof(std::uint64_t); }

private:
    [[nodiscard]] std::size_t find(std::uint64_t value) const noexcept;
    void grow();

    std::vector<std::uint64_t> slots_;  // 0: an empty slot
    bool has_zero_ = false;             // the digest 0, kept beside them
    std::size_t size_ = 0;
};

}  // namespace callbridge::detail
