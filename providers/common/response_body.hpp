#pragma once
// Reading a list response body as JSON with bounded nesting. Failures are
// malformed response errors that name the source, the page and what was wrong.

#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge::providers {

/// Deepest nesting accepted in a body; deeper is a malformed response.
inline constexpr std::size_t max_body_depth = 64;

/// The body as a JSON object.
boost::system::result<boost::json::object, Error> parse_body_object(std::string_view body, std::string_view provider,
                                                                     const PageContext& context);

/// A malformed response error for this page.
Error malformed(std::string_view provider, const PageContext& context, std::string field, std::string message);

/// Sets source, provider and page on an error from a field reader.
Error at_page(Error error, std::string_view provider, const PageContext& context);

}  // namespace callbridge::providers
