#pragma once
// Autocalls' status words (spec: the status table, Autocalls column).

#include "common/status_table.hpp"

#include <optional>
#include <string_view>

namespace callbridge::providers::autocalls {

const StatusTable& status_table() noexcept;

/// Who ended the call, when the status word says so.
std::optional<EndedBy> ended_by(std::string_view vendor_status) noexcept;

}  // namespace callbridge::providers::autocalls
