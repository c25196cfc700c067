#pragma once
// Internal: keeping a source's token out of everything it reports.

#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <string>
#include <string_view>

namespace callbridge::detail {

/// `text` with every occurrence of `secret` replaced by "[REDACTED]".
std::string redact(std::string text, std::string_view secret);

/// Every text an error carries, redacted.
Error redact(Error error, std::string_view secret);

/// A copy of a request fit for logs: credential headers' values replaced.
HttpRequest redacted(const HttpRequest& request, std::string_view secret);

}  // namespace callbridge::detail
