#pragma once
// Durations as the sync command writes them: "90s", "15m", "2h", "2d".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge {

/// A whole number followed by s, m, h or d; "0s" is allowed. Nothing else
/// (no sign, no fraction, no combination such as "1h30m").
std::optional<std::chrono::seconds> parse_duration(std::string_view text) noexcept;

/// The largest unit that divides the duration: 7200 s as "2h", 90 s as "90s".
std::string format_duration(std::chrono::seconds duration);

}  // namespace callbridge
