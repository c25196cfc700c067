#pragma once
// Vendor error responses: the kind from the HTTP status, then whatever the
// body says, in any of the shapes the vendors use (vendor-docs/NOTES.md):
//   {message}                          {message, errors: {field: [..]}}
//   {success: false, message[, code]}  {success: false, message, errors}
//   {error: {code, message, details}}  {error: "CODE", message, status_code}
//   {error: "..."}                     {success: false, error, error_code}
//   {status: false, error}             an HTML page or plain text

#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace callbridge::providers {

struct ErrorBody {
    /// `message`, else `error.message`, else `error` when it is a string.
    std::string message;
    /// `code`, `error.code`, `error_code`, or `error` when `message` is also there.
    std::string code;
    /// `errors` (Laravel, Talkover) or `error.details` (Talkover), per field.
    std::vector<FieldError> field_errors;
    bool is_json = false;
};

ErrorBody read_error_body(std::string_view body);

/// The error for a response with a non-2xx status.
Error classify_error_response(const HttpResponse& response, std::string_view provider, const PageContext& context);

/// The start of a body for a message: control characters and runs of white
/// space folded into one space, cut to `max_length` bytes.
std::string body_excerpt(std::string_view body, std::size_t max_length = 200);

}  // namespace callbridge::providers
