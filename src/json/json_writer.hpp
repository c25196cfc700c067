#pragma once
// Internal: JSON text without Boost.JSON's exponent notation for doubles
// (it writes 8.5 as "8.5E0"); numbers come out in their shortest plain form.

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace callbridge::detail {

/// A JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

/// Any JSON value; doubles in the shortest form that reads back the same.
void append_json_value(std::string& out, const boost::json::value& value);
void append_json_object(std::string& out, const boost::json::object& object);

}  // namespace callbridge::detail
