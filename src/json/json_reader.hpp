#pragma once
// JSON text to a Boost.JSON value, with every double correctly rounded.
// Boost.JSON 1.81 reads some numbers one unit in the last place off (its
// fast path; 1.83 added parse_options::numbers for this), so a double written
// shortest-round-trip could read back as a neighbour and canonical JSON would
// drift a little on every write and read. Here doubles are read again from
// their text with std::from_chars.

#include <boost/json/parse_options.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

#include <string_view>

namespace callbridge::detail {

/// The value of `text`, which must be one JSON document and nothing after
/// it; on failure `ec` says why and the value is null.
boost::json::value read_json(std::string_view text, boost::system::error_code& ec,
                             boost::json::storage_ptr storage = {}, const boost::json::parse_options& options = {});

}  // namespace callbridge::detail
