#pragma once
// Internal: a source's pace: the pause the vendor's rate limit asks for
// (X-RateLimit-Remaining: 0 until X-RateLimit-Reset) and the request-rate
// ceiling of the options. All of a source's pacing state is here.

#include "source/wait_hints.hpp"

#include <callbridge/retry_policy.hpp>

#include <chrono>
#include <optional>

namespace callbridge::detail {

class Pacer {
public:
    using time_point = std::chrono::system_clock::time_point;

    explicit Pacer(const RateLimitOptions& options) : options_(options) {}

    /// How long to wait before the next request sent at `now` (zero: none),
    /// counting it against the ceiling; or the pause still to go when it is
    /// longer than `max_wait` (the source fails rather than sleep for hours).
    struct Wait {
        std::chrono::milliseconds delay{0};
        std::optional<std::chrono::system_clock::duration> too_long;
    };
    Wait before_request(time_point now, std::chrono::seconds max_wait);

    /// Reads the rate-limit state a response reports.
    void note(const WaitHints& hints, time_point now);

private:
    RateLimitOptions options_;
    time_point paused_until_{};
    time_point next_slot_{};
};

}  // namespace callbridge::detail
