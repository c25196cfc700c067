#pragma once
// Timestamps are std::chrono::sys_seconds: UTC, whole seconds. These helpers
// read the forms vendors send and write RFC 3339 with a `Z`.

#include <callbridge/time_zone.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge {

using Timestamp = std::chrono::sys_seconds;

/// The instants RFC 3339 can write: 0000-01-01T00:00:00Z to
/// 9999-12-31T23:59:59Z. The parsers below refuse text outside it (a leap
/// second on the last day, an offset pushing year 0 back), so every parsed
/// timestamp formats back as the same instant.
inline constexpr Timestamp earliest_timestamp =
    std::chrono::sys_days(std::chrono::year(0) / std::chrono::January / 1);
inline constexpr Timestamp latest_timestamp =
    std::chrono::sys_days(std::chrono::year(10000) / std::chrono::January / 1) - std::chrono::seconds(1);

/// "2025-08-04T14:30:00Z". An instant outside the range above is written as
/// the nearest end of it.
std::string format_rfc3339(Timestamp t);
void append_rfc3339(std::string& out, Timestamp t);

/// A calendar date "YYYY-MM-DD", checked (no February 30th).
std::optional<std::chrono::year_month_day> parse_date(std::string_view text) noexcept;

/// An RFC 3339 instant with an offset: "2025-08-04T14:30:00Z",
/// "2025-08-04T16:30:00.250+02:00". Fractional seconds are dropped (rounded
/// towards the past). Text without an offset is refused.
std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept;

/// A vendor timestamp: "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS", with
/// optional fractional seconds (dropped) and an optional offset (`Z`,
/// `+HH:MM`, `+HHMM`, `+HH`). Text without an offset is local time in
/// `naive_zone`.
std::optional<Timestamp> parse_vendor_timestamp(std::string_view text,
                                                const TimeZone& naive_zone) noexcept;

/// An RFC 2822 date, as Twilio and mail headers write it:
/// "Tue, 18 Aug 2026 14:02:10 +0000". The day name and the seconds are
/// optional; the zone is an offset or GMT, UT, UTC or Z.
std::optional<Timestamp> parse_rfc2822(std::string_view text) noexcept;

/// Seconds or milliseconds since 1970-01-01T00:00:00Z, rounded towards the past.
std::optional<Timestamp> from_epoch_seconds(std::int64_t seconds) noexcept;
std::optional<Timestamp> from_epoch_milliseconds(std::int64_t milliseconds) noexcept;

}  // namespace callbridge
