#pragma once
// How a source retries failed reads and keeps within vendors' rate limits.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace callbridge {

/// Retries of a page read (GETs only). Transport failures (but not what TLS
/// itself refuses, such as a certificate), 5xx and 429 are retried; nothing
/// else is. A 429 waits as the vendor's rate-limit hints say, a 5xx only as
/// its Retry-After says; otherwise the backoff below.
struct RetryOptions {
    /// HTTP statuses worth another attempt, as inclusive ranges.
    struct StatusRange {
        int first;
        int last;
    };
    std::vector<StatusRange> retry_statuses{{429, 429}, {500, 599}};
    /// Retries after the first attempt. With the default time limits
    /// (HttpClientOptions) a server that accepts the connection and then
    /// never answers holds a page for at most 4 x 15 s + 0.5 + 1 + 2 s of
    /// backoff, about a minute; ListingOptions::deadline bounds a listing.
    int max_retries = 3;
    /// The first backoff; each retry doubles it, up to max_delay.
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{std::chrono::seconds(30)};
    /// Each backoff is shortened by a random part of up to this fraction of
    /// itself, so that many clients do not retry in step. 0: no jitter.
    double jitter = 0.5;
    /// The longest wait a vendor may ask for (Retry-After, retry_after,
    /// X-RateLimit-Reset). A longer one fails with errc::rate_limited at once
    /// instead of sleeping for hours.
    std::chrono::seconds max_wait{120};
};

/// Staying under a vendor's rate limit rather than provoking 429s.
struct RateLimitOptions {
    /// When X-RateLimit-Remaining reaches 0, pause the source until
    /// X-RateLimit-Reset.
    bool pause_when_exhausted = true;
    /// At most this many requests a second from one source; nothing: no ceiling.
    std::optional<double> max_requests_per_second;
};

/// The time a source's policy reads and waits on. The default is the system
/// clocks and an Asio timer; tests give one they control.
class Clock {
public:
    using wait_signature = void(boost::system::error_code);

    virtual ~Clock() = default;
    /// Wall-clock time, for HTTP dates and epoch reset times.
    [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
    /// Completes after `duration` (operation_aborted when cancelled through
    /// the handler's cancellation slot).
    virtual void async_wait(std::chrono::milliseconds duration,
                            boost::asio::any_completion_handler<wait_signature> handler) = 0;
};

}  // namespace callbridge
