#include "listing/wait_clock.hpp"

#include <algorithm>

namespace callbridge::detail {

void WaitClock::add(clock::time_point start, std::chrono::milliseconds delay) {
    if (delay <= std::chrono::milliseconds::zero()) return;
    const std::lock_guard lock(mutex_);
    const clock::time_point end = start + delay;
    if (!any_ || start > until_) {  // a new span, after the current one
        if (any_) closed_ += until_ - start_;
        start_ = start;
        until_ = end;
        any_ = true;
        return;
    }
    until_ = std::max(until_, end);  // overlaps the current span
}

std::chrono::milliseconds WaitClock::waited(clock::time_point now) const {
    const std::lock_guard lock(mutex_);
    clock::duration total = closed_;
    if (any_ && now > start_) total += std::min(now, until_) - start_;
    return std::chrono::duration_cast<std::chrono::milliseconds>(total);
}

}  // namespace callbridge::detail
