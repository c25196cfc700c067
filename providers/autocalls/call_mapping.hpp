#pragma once
// One Autocalls call object onto the canonical record (spec: the CallRecord
// table, Autocalls column). The quirks handled here are listed in QUIRKS.md.

#include <callbridge/call_record.hpp>
#include <callbridge/error.hpp>
#include <callbridge/time_zone.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace callbridge::providers::autocalls {

struct MappingContext {
    std::string_view provider;  ///< "autocalls", "clickspeak", ...
    std::string_view source;
    const TimeZone& zone;       ///< how the zone-less created_at/updated_at are read
};

/// Maps `call` (moved into the record's `raw`). `path` names the object in
/// errors, as in "data[3]"; the error is a malformed response naming the field.
boost::system::result<CallRecord, Error> map_call(boost::json::object&& call, std::string path,
                                                  const MappingContext& context);

}  // namespace callbridge::providers::autocalls
