#pragma once
// Internal: the waits a vendor's response asks for, from headers and body.

#include <callbridge/http_message.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace callbridge::detail {

struct WaitHints {
    /// Retry-After: delta seconds, or an HTTP date minus now.
    std::optional<std::chrono::seconds> retry_after;
    /// "retry_after" in the body, top level or under error.details.
    std::optional<std::chrono::seconds> body_retry_after;
    /// X-RateLimit-Reset minus now (epoch seconds, or seconds to go when the
    /// value is too small to be an epoch time).
    std::optional<std::chrono::seconds> reset_after;
    /// X-RateLimit-Remaining.
    std::optional<std::uint64_t> remaining;

    /// The wait to honour, in the spec's order: Retry-After, then the body's
    /// retry_after, then X-RateLimit-Reset.
    [[nodiscard]] std::optional<std::chrono::seconds> preferred() const {
        if (retry_after) return retry_after;
        if (body_retry_after) return body_retry_after;
        return reset_after;
    }
};

WaitHints read_wait_hints(const HttpResponse& response, std::chrono::system_clock::time_point now);

/// "retry_after" at the top level of a JSON body or under error.details.
std::optional<std::chrono::seconds> body_retry_after(const boost::json::value& body);

/// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text) noexcept;

}  // namespace callbridge::detail
