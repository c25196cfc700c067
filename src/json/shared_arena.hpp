#pragma once
// Internal: the memory a page's JSON lives in. One arena a page: allocation
// is a bump and freeing is one step, not a walk over every node. Records of
// a page share it (through raw and their object members), so allocations are
// locked: records of one page may be copied or changed on different threads.

#include <boost/json/memory_resource.hpp>
#include <boost/json/monotonic_resource.hpp>

#include <mutex>

namespace callbridge::detail {

class SharedArena final : public boost::json::memory_resource {
public:
    explicit SharedArena(std::size_t initial_size) : arena_(initial_size) {}

private:
    void* do_allocate(std::size_t bytes, std::size_t alignment) override {
        std::lock_guard lock(mutex_);
        return arena_.allocate(bytes, alignment);
    }
    void do_deallocate(void*, std::size_t, std::size_t) override {}  // freed with the arena
    bool do_is_equal(const memory_resource& other) const noexcept override { return this == &other; }

    std::mutex mutex_;
    boost::json::monotonic_resource arena_;
};

}  // namespace callbridge::detail

// Freeing is a no-op: Boost.JSON may skip destroying what lives here.
template <>
struct boost::json::is_deallocate_trivial<callbridge::detail::SharedArena> : std::true_type {};
