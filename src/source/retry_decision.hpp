#pragma once
// Internal: what a source does after a failed attempt at a page: retry it
// after a delay, or give up. A pure function of the attempt, the failure,
// the wait the vendor asked for and the options, so it is tested alone.

#include "source/wait_hints.hpp"

#include <callbridge/error.hpp>
#include <callbridge/retry_policy.hpp>

#include <chrono>
#include <optional>

namespace callbridge::detail {

struct RetryDecision {
    bool retry = false;
    std::chrono::milliseconds delay{0};
    /// Given up because the vendor asked to wait longer than allowed.
    std::optional<std::chrono::seconds> refused_wait;
};

/// `attempt` counts from 1; `status` is the failed response's, or nothing
/// for a transport failure; `random_fraction` in [0, 1) draws the jitter.
RetryDecision decide_retry(int attempt, const Error& failure, std::optional<int> status, const WaitHints& hints,
                           const RetryOptions& options, double random_fraction);

/// The exponential backoff before retry `attempt`, capped and jittered.
std::chrono::milliseconds backoff(int attempt, const RetryOptions& options, double random_fraction);

}  // namespace callbridge::detail
