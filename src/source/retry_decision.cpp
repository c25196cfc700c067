#include "source/retry_decision.hpp"

#include <callbridge/http_client.hpp>

#include <algorithm>
#include <cmath>

namespace callbridge::detail {

using namespace std::chrono;

milliseconds backoff(int attempt, const RetryOptions& options, double random_fraction) {
    const double exponential = static_cast<double>(options.base_delay.count()) * std::pow(2.0, attempt - 1);
    const double capped = std::min(exponential, static_cast<double>(options.max_delay.count()));
    const double cut = std::clamp(options.jitter, 0.0, 1.0) * random_fraction;
    return milliseconds(static_cast<std::int64_t>(capped * (1.0 - cut)));
}

RetryDecision decide_retry(int attempt, const Error& failure, std::optional<int> status, const WaitHints& hints,
                           const RetryOptions& options, double random_fraction) {
    const bool retryable_status =
        status && std::any_of(options.retry_statuses.begin(), options.retry_statuses.end(),
                              [&](const RetryOptions::StatusRange& range) { return *status >= range.first && *status <= range.last; });
    // What TLS itself refuses (a certificate) is refused again.
    const bool retryable = status ? retryable_status : is_transient(failure);
    if (!retryable || attempt > options.max_retries) return {};

    // Rate-limit hints are for 429s; a failing server's own word is its
    // Retry-After (a 503's, typically).
    const std::optional<seconds> asked = status == 429 ? hints.preferred() : hints.retry_after;
    if (asked && *asked > options.max_wait) return {.retry = false, .refused_wait = *asked};
    return {.retry = true, .delay = asked ? duration_cast<milliseconds>(*asked) : backoff(attempt, options, random_fraction)};
}

}  // namespace callbridge::detail
