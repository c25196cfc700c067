#pragma once
// Vendor error responses: the kind from the HTTP status, then whatever the
// body says, in any of the shapes vendors use:
//   {message}                          {message, errors: {field: [..]}}
//   {success: false, message[, code]}  {success: false, message, errors}
//   {error: {code, message, details}}  {error: "CODE", message, status_code}
//   {error: "..."}                     {success: false, error, error_code}
//   {status: false, error}             {status: "error", message}
//   {message: [..], error, statusCode} (NestJS)
//   {detail: "..."}                    (Django REST Framework)
//   {detail: {status, message}}        {detail: [{loc, msg, type}]} (FastAPI)
//   {code, message, more_info, status} (Twilio)
//   an HTML page or plain text

#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace callbridge::kit {

struct ErrorBody {
    /// The vendor's message, from whichever member its shape keeps it in.
    std::string message;
    /// A machine-readable code: `code`, `error.code`, `error_code`,
    /// `detail.status`, or `error` when a message is there too.
    std::string code;
    /// Per-field messages: `errors` (Laravel, Talkover), `error.details`
    /// (Talkover), `detail[].loc/msg` (FastAPI).
    std::vector<FieldError> field_errors;
    bool is_json = false;
};

ErrorBody read_error_body(std::string_view body);

/// The error for a response with a non-2xx status: 401/403 unauthorized,
/// 400/422 rejected by vendor, 429 rate limited, 5xx vendor unavailable,
/// 3xx (never followed) and anything else a malformed response. The wait a
/// 429 asks for is the source's to read (it has the clock).
Error classify_error_response(const HttpResponse& response, std::string_view provider, const PageContext& context);

/// The start of a body for a message: control characters and runs of white
/// space folded into one space, cut to `max_length` bytes (never inside a
/// UTF-8 character).
std::string body_excerpt(std::string_view body, std::size_t max_length = 200);

/// A malformed response error naming the source, provider, page and field.
Error malformed(std::string_view provider, const PageContext& context, std::string field, std::string message);

}  // namespace callbridge::kit
