#pragma once
// The command's exit statuses (spec/cli.md) and its one-line error reports.

#include <callbridge/error.hpp>

#include <string>
#include <string_view>

namespace callbridge::cli {

enum ExitStatus : int {
    exit_success = 0,
    exit_failure = 1,        ///< the output could not be written, or an unexpected failure
    exit_usage = 2,          ///< bad usage, invalid query or unsupported filter: nothing was sent
    exit_unauthorized = 3,   ///< 401/403
    exit_rejected = 4,       ///< 422
    exit_transport = 5,      ///< network or TLS, after retries
    exit_vendor_failing = 6, ///< 5xx or 429, after retries
    exit_malformed = 7,      ///< the vendor's response could not be understood
    exit_store = 8,          ///< the store could not be opened or written (sync, changes)
    exit_interrupted = 130,  ///< stopped by SIGINT or SIGTERM
};

/// Every status with its meaning, for --help, the man page and the spec's
/// table (a test holds docs/spec/cli.md to this list).
struct ExitStatusMeaning {
    ExitStatus status;
    const char* meaning;
};
inline constexpr ExitStatusMeaning exit_status_meanings[] = {
    {exit_success, "success"},
    {exit_failure, "the output could not be written (or an unexpected failure)"},
    {exit_usage, "bad usage, invalid query or unsupported filter: nothing was sent"},
    {exit_unauthorized, "the vendor rejected the credentials (401/403)"},
    {exit_rejected, "the vendor rejected the query (422)"},
    {exit_transport, "network or TLS failure (or --deadline passed), after retries"},
    {exit_vendor_failing, "the vendor kept failing (5xx, 429) after retries"},
    {exit_malformed, "the vendor's response could not be understood"},
    {exit_store, "the store could not be opened or written (sync, changes)"},
    {exit_interrupted, "interrupted (SIGINT or SIGTERM); the output holds whole records only"},
};

ExitStatus exit_status_for(const Error& error) noexcept;

/// What to do about an error, for the end of its line: "check the token in
/// AUTOCALLS_TOKEN". `token_env` names the variable the token came from.
std::string hint_for(const Error& error, std::string_view token_env = {});

/// Writes "callbridge: <message>" as one line on standard error.
void report(std::string_view message);

}  // namespace callbridge::cli
