#pragma once
// What a source reports while it works: for logs and progress lines. The
// request is a copy with `Authorization` (and any other credential header)
// replaced by "REDACTED".

#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace callbridge {

struct SourceEvent {
    enum class Kind {
        request,   ///< a request is about to be sent
        response,  ///< a response arrived (any status)
        retry,     ///< a failed attempt will be retried after `delay`
        wait,      ///< the source waits `delay` for the vendor's rate limit
    };
    Kind kind = Kind::request;
    std::string source;
    std::uint32_t page = 0;
    /// 1 for the first attempt at a page.
    int attempt = 1;
    /// request, response: what was sent, credentials redacted.
    HttpRequest request;
    /// response: the HTTP status; retry: the status that failed, or 0.
    int status = 0;
    /// response: how long the exchange took.
    std::chrono::milliseconds elapsed{0};
    /// response: the page's answer is in and is read next, with nothing
    /// more asked for it (a 2xx list response when no call's details
    /// follow). A listing then sends its next page on the free connection.
    bool page_answered = false;
    /// retry, wait: how long before the next attempt.
    std::chrono::milliseconds delay{0};
    /// retry: the failure being retried.
    Error error;
};

using SourceEventHandler = std::function<void(const SourceEvent&)>;

}  // namespace callbridge
