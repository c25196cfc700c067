// Canonical JSON read back: record_from_json(std::string_view) on any bytes.
//
// The input is the JSON text, as is: every line of fixtures/*/expected/*.jsonl
// is a valid seed.
//
// Properties:
//  - never crashes, throws, leaks or trips ASan/UBSan;
//  - a failure is a malformed response error; message() can be built;
//  - a record it accepts: to_json(record, raw) is read back by
//    record_from_json into the same fields (ids, enums, numbers, money,
//    timestamps, ...), and to_json of that gives the same text again; without
//    raw it reads back too, with an empty raw.

#include "fuzz_common.hpp"

#include <callbridge/call_query.hpp>
#include <callbridge/call_record.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace callbridge;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto record = record_from_json(text);
    if (!record) {
        const std::string message = record.error().message();
        FUZZ_CHECK("error-shape", record.error().is(errc::malformed_response), "unexpected error kind: " + message);
        return 0;
    }
    FUZZ_CHECK("record-shape", record->duration_s >= 0, "negative duration " + std::to_string(record->duration_s));
    FUZZ_CHECK("record-shape", matches(CallQuery{}, *record), "the empty query does not match a record");
    fuzz::check_canonical_round_trip(*record);
    return 0;
}
