#pragma once
// A deterministic set of one mock vendor's calls, newest first. The same
// module, seed and count always give the same calls.

#include "mock_call.hpp"
#include "random.hpp"
#include "vendor_module.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

namespace callbridge::mock {

class Dataset {
public:
    /// `count` calls, the newest created `stagger` × 97 s before `newest`
    /// (so that vendors' lists interleave), older ones spaced by up to 15 minutes.
    Dataset(const VendorModule& module, std::size_t count, std::uint64_t seed, unsigned stagger = 0,
            std::chrono::sys_seconds newest = default_newest());
    /// Calls given, such as those of fixture pages; sorted newest first.
    Dataset(const VendorModule& module, std::vector<MockCall> calls);

    static std::chrono::sys_seconds default_newest();

    [[nodiscard]] const VendorModule& module() const noexcept { return *module_; }
    /// Newest first.
    [[nodiscard]] const std::vector<MockCall>& calls() const noexcept { return calls_; }

    /// A call created now (one second after the newest), put first, as a
    /// vendor's list shows a call placed while someone pages through it.
    const MockCall& add_newer_call();

private:
    const VendorModule* module_;
    Random random_;
    std::size_t serial_ = 0;
    std::vector<MockCall> calls_;
};

}  // namespace callbridge::mock
