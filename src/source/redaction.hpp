#pragma once
// Internal: keeping a source's secrets out of everything it reports.

#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace callbridge::detail {

/// `text` with every occurrence of `secret` replaced by "[REDACTED]".
std::string redact(std::string text, std::string_view secret);

/// Every text an error carries, redacted.
Error redact(Error error, std::string_view secret);

/// A copy of a request fit for logs: credential headers' values replaced.
HttpRequest redacted(const HttpRequest& request, std::string_view secret);

/// All of a source's secrets at once (the token, a Basic user and its
/// base64 form, parameters).
class Redactor {
public:
    explicit Redactor(std::vector<std::string> secrets);

    [[nodiscard]] std::string redact(std::string text) const;
    [[nodiscard]] Error redact(Error error) const;
    /// A copy fit for logs: credential headers and any header holding a
    /// secret replaced by "REDACTED", secrets in the target redacted.
    [[nodiscard]] HttpRequest redacted(const HttpRequest& request) const;
    /// The body and header values, redacted in place.
    void redact_response(HttpResponse& response) const;

private:
    std::vector<std::string> secrets_;  // longest first: a secret inside another goes with it
};

}  // namespace callbridge::detail
