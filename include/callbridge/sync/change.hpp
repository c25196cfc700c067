#pragma once
// One entry of a store's change feed: an insert or an update of a call,
// numbered in commit order (spec/sync.md, "The change feed").

#include <callbridge/call_record.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge {

enum class ChangeOp { insert, update };

std::string_view to_string(ChangeOp op) noexcept;
std::optional<ChangeOp> parse_change_op(std::string_view text) noexcept;

struct Change {
    /// Increasing in commit order; a change with a smaller number is never
    /// committed after one with a larger number became visible.
    std::uint64_t seq = 0;
    ChangeOp op = ChangeOp::insert;
    /// record_version(record).
    std::string version;
    CallRecord record;
};

/// `{"seq":12,"op":"insert","record":{...}}`: one line, the record in
/// canonical JSON.
std::string to_json(const Change& change);

}  // namespace callbridge
