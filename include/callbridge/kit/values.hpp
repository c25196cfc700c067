#pragma once
// The forms vendors send times, money and durations in, read from one JSON
// value. Each reader returns nothing for a value it cannot read; FieldReader
// turns that into an error naming the field.

#include <callbridge/decimal.hpp>
#include <callbridge/time_zone.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge::kit {

enum class TimeFormat {
    /// ISO 8601 / RFC 3339 text, or "YYYY-MM-DD HH:MM:SS" without a zone,
    /// read in the source's zone (fractions dropped).
    iso8601,
    /// "Tue, 18 Aug 2026 14:02:10 +0000" (Twilio).
    rfc2822,
    /// An integer (or numeric string) of seconds since 1970 (ElevenLabs).
    epoch_seconds,
    /// Likewise in milliseconds (Retell).
    epoch_milliseconds,
};

std::optional<Timestamp> read_time(const boost::json::value& value, TimeFormat format, const TimeZone& naive_zone);

/// Milliseconds since 1970 of an ISO 8601 time with an offset, keeping the
/// fraction: for cutting time windows finer than a second (Vapi).
std::optional<std::int64_t> read_epoch_milliseconds(std::string_view iso8601);

enum class MoneyUnit {
    /// The currency's main unit: dollars.
    main,
    /// Hundredths of it, divided by 100 exactly (Retell's cents).
    cents,
    /// The main unit, sign dropped (Twilio writes charges as negative prices).
    magnitude,
};

/// A JSON number or a numeric string ("0.0300"), exactly.
std::optional<Decimal> read_money(const boost::json::value& value, MoneyUnit unit);

/// A non-negative whole number: an integer, a number (truncated) or a
/// numeric string ("219").
std::optional<std::int64_t> read_count(const boost::json::value& value);

/// A duration written as seconds with a unit, as protobuf's JSON does
/// ("219.2s"), in whole seconds rounded down.
std::optional<std::int64_t> read_duration_text(std::string_view text);

/// A short description of a JSON value's kind for messages: "a number".
std::string_view describe_kind(const boost::json::value& value) noexcept;

/// Vendor text for a message: quoted, control characters replaced, cut to
/// `max_length` bytes.
std::string quoted_excerpt(std::string_view text, std::size_t max_length = 60);

}  // namespace callbridge::kit
