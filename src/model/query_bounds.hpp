#pragma once
// Internal: reading query bounds, shared by set_filter and its tests.

#include <callbridge/timestamp.hpp>

namespace callbridge::detail {

/// As parse_rfc3339, rounding a nonzero fraction up instead of down.
std::optional<Timestamp> parse_rfc3339_ceil(std::string_view text) noexcept;

}  // namespace callbridge::detail
