#pragma once
// Time spent waiting, in wall-clock time: the union of the waits announced
// (a retry's backoff, a rate limit's pause), counted up to now. Waits that
// overlap (several pages of a source, or several sources, waiting at once)
// count once, so the total never exceeds the time elapsed; a wait still
// running counts only its part so far. Thread-safe (sources announce waits
// from their own executors).

#include <chrono>
#include <mutex>

namespace callbridge::detail {

class WaitClock {
public:
    using clock = std::chrono::steady_clock;

    /// A wait of `delay` starting at `start`.
    void add(clock::time_point start, std::chrono::milliseconds delay);
    /// The time during which at least one wait ran, up to `now`.
    [[nodiscard]] std::chrono::milliseconds waited(clock::time_point now) const;

private:
    mutable std::mutex mutex_;
    clock::duration closed_{0};  ///< spans that ended before start_
    clock::time_point start_{}, until_{};  ///< the current span
    bool any_ = false;
};

}  // namespace callbridge::detail
