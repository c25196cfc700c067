#include "source/pacer.hpp"

#include <algorithm>

namespace callbridge::detail {

using namespace std::chrono;

Pacer::Wait Pacer::before_request(time_point now, seconds max_wait) {
    time_point ready = now;
    if (options_.pause_when_exhausted && paused_until_ > now) {
        if (paused_until_ - now > max_wait) return {.too_long = paused_until_ - now};
        ready = paused_until_;
    }
    if (const auto& rate = options_.max_requests_per_second; rate && *rate > 0) {
        const auto interval = duration_cast<system_clock::duration>(duration<double>(1.0 / *rate));
        ready = std::max(ready, next_slot_);
        next_slot_ = ready + interval;
    }
    return {.delay = ready <= now ? milliseconds(0) : duration_cast<milliseconds>(ready - now)};
}

void Pacer::note(const WaitHints& hints, time_point now) {
    if (!hints.remaining) return;
    if (*hints.remaining == 0 && hints.reset_after)
        paused_until_ = now + *hints.reset_after;
    else if (*hints.remaining > 0)
        paused_until_ = {};
}

}  // namespace callbridge::detail
