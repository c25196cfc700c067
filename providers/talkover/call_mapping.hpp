#pragma once
// One Talkover call object onto the canonical record (spec: the CallRecord
// table, Talkover column). The quirks handled here are listed in QUIRKS.md.

#include <callbridge/call_record.hpp>
#include <callbridge/error.hpp>
#include <callbridge/time_zone.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace callbridge::providers::talkover {

struct MappingContext {
    std::string_view provider;
    std::string_view source;
    const TimeZone& zone;  ///< for timestamps that come without an offset
};

/// Maps `call` (moved into the record's `raw`); `path` names it in errors.
boost::system::result<CallRecord, Error> map_call(boost::json::object&& call, std::string path,
                                                  const MappingContext& context);

}  // namespace callbridge::providers::talkover
