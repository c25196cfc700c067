#pragma once
// Internal: the kind check of a mapping's rules (can_fill), said once for
// every place that makes it, and the mapping entry that skips it for rules
// already checked when their dialect was made.

#include <callbridge/kit/call_mapping.hpp>

#include <string>

namespace callbridge::kit {

/// "'count' cannot fill created_at, a time field (read as time,
/// time_rfc2822, time_epoch_seconds or time_epoch_ms)".
std::string cannot_fill_message(Field field, Read read);

/// apply_mapping for a mapping every rule of which can fill its field
/// (a ListDialect's, checked when it was made): no kind check per call.
FieldsRead apply_prechecked_mapping(const CallMapping& mapping, FieldReader& in, const PageContext& context,
                                 CallRecord& record);

}  // namespace callbridge::kit
