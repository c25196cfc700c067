#pragma once
// Internal: typed reads from one JSON object of a response. The first problem
// is kept with its path ("data[3].created_at") and turned into a malformed
// response error by the caller; later reads after a failure return defaults.

#include <callbridge/decimal.hpp>
#include <callbridge/error.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge::detail {

class FieldReader {
public:
    FieldReader(const boost::json::object& object, std::string path)
        : object_(object), path_(std::move(path)) {}

    /// The member, or nullptr when it is missing.
    [[nodiscard]] const boost::json::value* find(std::string_view key) const noexcept {
        return object_.if_contains(key);
    }

    /// Missing or null: nothing. A non-string is a failure.
    std::optional<std::string> optional_string(std::string_view key);
    /// As optional_string, with an empty string read as null too (web
    /// calls' numbers, unset URLs).
    std::optional<std::string> optional_text(std::string_view key);
    /// Missing, null or not a string: a failure.
    std::string required_string(std::string_view key);
    /// A string, or an integer written as a decimal string (ids).
    std::string required_id(std::string_view key);
    std::optional<std::string> optional_id(std::string_view key);
    /// Missing or null: `fallback`. A boolean, or a 0/1 integer.
    bool boolean(std::string_view key, bool fallback);
    /// A non-negative whole number; a fractional number is truncated, a
    /// numeric string accepted. Missing or null: `fallback`.
    std::int64_t non_negative_integer(std::string_view key, std::int64_t fallback);
    /// As non_negative_integer, with nothing for missing or null.
    std::optional<std::int64_t> optional_count(std::string_view key);
    /// An object; `[]` (PHP's empty map) reads as an empty object. Missing or
    /// null: nothing.
    std::optional<boost::json::object> optional_object(std::string_view key);
    /// Money: a JSON number or a numeric string, exactly. Missing or null:
    /// nothing.
    std::optional<Decimal> optional_money(std::string_view key);
    /// A timestamp in a vendor form; zone-less text is read in `zone`.
    Timestamp required_timestamp(std::string_view key, const TimeZone& zone);
    /// As required_timestamp, with nothing for missing or null.
    std::optional<Timestamp> optional_timestamp(std::string_view key, const TimeZone& zone);

    /// Records a failure at `key` unless one is already recorded.
    void fail(std::string_view key, std::string message);

    [[nodiscard]] bool ok() const noexcept { return !failed_; }
    /// The failure as a malformed response error (field and message set).
    [[nodiscard]] Error error() const;

private:
    const boost::json::object& object_;
    std::string path_;
    bool failed_ = false;
    std::string failed_field_;
    std::string failure_;
};

/// A short description of a JSON value's kind for messages: "a number".
std::string_view describe_kind(const boost::json::value& value) noexcept;

/// Vendor text for a message: quoted, control characters replaced, cut to
/// `max_length` characters.
std::string quoted_excerpt(std::string_view text, std::size_t max_length = 60);

}  // namespace callbridge::detail
