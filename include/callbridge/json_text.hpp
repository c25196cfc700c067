#pragma once
// JSON text as canonical records write the vendor's nested values: numbers
// in their shortest plain form (8.5, never Boost.JSON's 8.5E0; 1e+21 only
// past 10^21), -0 as 0, strings escaped as RFC 8259 requires.

#include <boost/json/value.hpp>

#include <string>

namespace callbridge {

std::string json_text(const boost::json::value& value);
void append_json_text(std::string& out, const boost::json::value& value);

}  // namespace callbridge
