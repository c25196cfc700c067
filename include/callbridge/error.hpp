#pragma once
// Every failure callbridge reports: an error code of the library's own
// category plus the details the spec's error table says each kind keeps.

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace callbridge {

/// The kinds of failure, as in the spec's error table.
enum class errc {
    /// A filter value is malformed or out of range; nothing was sent.
    invalid_query = 1,
    /// The vendor cannot honour a filter exactly; nothing was sent.
    unsupported_filter,
    /// The vendor rejected the credentials (HTTP 401 or 403).
    unauthorized,
    /// The vendor rejected the query (HTTP 422).
    rejected_by_vendor,
    /// The vendor kept answering 429 after the retry budget, or asked for a
    /// longer wait than allowed.
    rate_limited,
    /// The vendor kept answering 5xx after the retry budget.
    vendor_unavailable,
    /// DNS, connect, TLS, timeout or a lost connection.
    transport,
    /// The response could not be understood: not JSON, wrong shape, over the
    /// size cap, nested too deep, an unexpected status.
    malformed_response,
    /// A source or client option is invalid (API root, token, TLS files,
    /// time zone); nothing was sent.
    invalid_option,
};

const boost::system::error_category& error_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// The name of an error kind as used in messages: "invalid query", ...
std::string_view to_string(errc e) noexcept;

/// Where a transport failure happened.
enum class TransportStage {
    resolve,
    connect,
    tls_handshake,
    send_request,
    read_response,
};

std::string_view to_string(TransportStage stage) noexcept;

/// A vendor's validation message for one request field (HTTP 422).
struct FieldError {
    std::string field;
    std::vector<std::string> messages;

    friend bool operator==(const FieldError&, const FieldError&) = default;
};

/// What an error keeps beside its code. Which members are set depends on the
/// kind (see the spec's error table); the rest stay empty.
struct ErrorDetails {
    /// The source's configured name, when the error belongs to a source.
    std::string source;
    /// The provider (wire dialect) of that source.
    std::string provider;
    /// The page being fetched or parsed, when there was one.
    std::optional<std::uint32_t> page;
    /// invalid query / unsupported filter: the canonical filter's name.
    std::string filter;
    /// invalid option: the option's name ("api_root", "token", ...).
    std::string option;
    /// malformed response: where in the body (for example `data[3].created_at`).
    std::string field;
    /// Why, in words: ours, or the vendor's own message.
    std::string message;
    /// rejected by vendor: the vendor's per-field messages.
    std::vector<FieldError> field_errors;
    /// The HTTP status of the response that failed, when there was one.
    std::optional<int> http_status;
    /// vendor unavailable / malformed response: the start of the body.
    std::string body_excerpt;
    /// rate limited: the wait the vendor asked for, when it said.
    std::optional<std::chrono::seconds> retry_after;
    /// transport: the stage that failed, and the underlying error.
    std::optional<TransportStage> stage;
    boost::system::error_code cause;
};

/// A failure, or success when `code` is clear. Completion handlers receive
/// one as their first argument: `if (err) { ... err.message() ... }`.
class Error {
public:
    Error() = default;
    Error(boost::system::error_code code, ErrorDetails details = {})
        : code_(code), details_(std::move(details)) {}
    Error(errc kind, ErrorDetails details = {})
        : Error(make_error_code(kind), std::move(details)) {}

    explicit operator bool() const noexcept { return code_.failed(); }
    [[nodiscard]] bool failed() const noexcept { return code_.failed(); }
    [[nodiscard]] bool is(errc kind) const noexcept { return code_ == make_error_code(kind); }

    [[nodiscard]] const boost::system::error_code& code() const noexcept { return code_; }
    [[nodiscard]] const ErrorDetails& details() const noexcept { return details_; }
    [[nodiscard]] ErrorDetails& details() noexcept { return details_; }

    /// One line naming the source, the page, the kind and what went wrong.
    [[nodiscard]] std::string message() const;

private:
    boost::system::error_code code_;
    ErrorDetails details_;
};

/// Shorthands for the errors raised before any request is sent.
Error invalid_query(std::string filter, std::string why);
Error unsupported_filter(std::string filter, std::string provider, std::string why);
Error invalid_option(std::string option, std::string why);

/// Where a failure happened, as errors name it.
struct ErrorOrigin {
    std::string_view source;
    std::string_view provider;
    /// 0: not a page's (a query refused before any request, say).
    std::uint32_t page = 0;
};

/// `error` naming its source, provider and page. What the origin leaves
/// empty (or 0), the error keeps as it was.
[[nodiscard]] Error at_origin(Error error, const ErrorOrigin& origin);

/// Writes error.message(): `std::cerr << error`, doctest's REQUIRE(result).
std::ostream& operator<<(std::ostream& out, const Error& error);

/// What boost::system::result<T, Error>::value() throws on an error: a
/// boost::system::system_error with the error's code and its message().
[[noreturn]] void throw_exception_from_error(const Error& error, const boost::source_location& location);

}  // namespace callbridge

template <>
struct boost::system::is_error_code_enum<callbridge::errc> : std::true_type {};
