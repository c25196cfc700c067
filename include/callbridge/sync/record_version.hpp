#pragma once
// The version of a call (spec/sync.md): SHA-256 of its canonical JSON
// (call-record.md, `raw` excluded), in lower-case hex. Two reads of a call
// with the same version are the same call.

#include <callbridge/call_record.hpp>

#include <string>
#include <string_view>

namespace callbridge {

std::string record_version(const CallRecord& record);

/// The same, of canonical JSON text already written by to_json(record).
std::string canonical_json_version(std::string_view canonical_json);

}  // namespace callbridge
