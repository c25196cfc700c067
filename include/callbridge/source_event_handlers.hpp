#pragma once
// The handlers subscribed to a source's events, as a CallSource keeps them
// (CallSource::add_event_handler): added and removed from any thread, and
// called outside the lock, so that a handler may subscribe or unsubscribe,
// itself included.

#include <callbridge/source_events.hpp>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace callbridge {

class SourceEventHandlers {
public:
    /// The new handler's id, for remove().
    std::uint64_t add(SourceEventHandler handler) {
        std::lock_guard lock(mutex_);
        handlers_.emplace_back(++last_id_, std::move(handler));
        return last_id_;
    }

    void remove(std::uint64_t id) {
        std::lock_guard lock(mutex_);
        std::erase_if(handlers_, [id](const auto& entry) { return entry.first == id; });
    }

    /// The handlers subscribed now, to call outside the lock (empty: no one
    /// listens, and the event need not be made).
    [[nodiscard]] std::vector<SourceEventHandler> subscribed() const {
        std::vector<SourceEventHandler> now;
        std::lock_guard lock(mutex_);
        now.reserve(handlers_.size());
        for (const auto& entry : handlers_) now.push_back(entry.second);
        return now;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<std::uint64_t, SourceEventHandler>> handlers_;
    std::uint64_t last_id_ = 0;
};

}  // namespace callbridge
