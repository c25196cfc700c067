#pragma once
// Internal: the ids of the most recent records of one source. A record met
// again at a page boundary (the vendor's pages shifted under a new call) is
// found here and dropped. Bounded, so memory does not grow with the listing.

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_set>

namespace callbridge::detail {

class IdWindow {
public:
    explicit IdWindow(std::size_t capacity) : capacity_(capacity) {}

    [[nodiscard]] bool contains(const std::string& id) const { return ids_.contains(id); }

    /// Remembers `id`, forgetting the oldest beyond the capacity.
    void add(const std::string& id) {
        if (!ids_.insert(id).second) return;
        order_.push_back(id);
        shrink();
    }

    void set_capacity(std::size_t capacity) {
        capacity_ = capacity;
        shrink();
    }

    [[nodiscard]] std::size_t size() const noexcept { return order_.size(); }

private:
    void shrink() {
        while (order_.size() > capacity_) {
            ids_.erase(order_.front());
            order_.pop_front();
        }
    }

    std::size_t capacity_;
    std::deque<std::string> order_;
    std::unordered_set<std::string> ids_;
};

}  // namespace callbridge::detail
