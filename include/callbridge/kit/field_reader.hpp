#pragma once
// Typed reads from one JSON object of a vendor response, by dotted path
// ("transport.callSid"). The first problem is kept with its full path
// ("data[3].created_at") and becomes a malformed response error; reads after
// a failure return defaults, so a mapping reads on and checks ok() once.

#include <callbridge/decimal.hpp>
#include <callbridge/error.hpp>
#include <callbridge/kit/values.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge::kit {

class FieldReader {
public:
    /// A vendor object read for some of its members only (a page's call,
    /// read for what its dialect declares it reads), by dotted path.
    class PartialObject {
    public:
        virtual ~PartialObject() = default;
        /// The value at `path`, or nullptr. `read_for` is set to false when
        /// the object was not read for the path: the vendor may have sent a
        /// value there, and reading it is a failure naming the path, so that
        /// a dialect reading a member it does not declare is caught by its
        /// first test, never silently wrong.
        [[nodiscard]] virtual const boost::json::value* find(std::string_view path, bool& read_for) const = 0;
    };

    /// `path` names `object` in errors ("data[3]"); "" for a top-level body.
    FieldReader(const boost::json::object& object, std::string path)
        : object_(&object), path_(std::move(path)), object_memory_(object.storage()) {}
    /// A partial object, with the objects the reader hands out
    /// (optional_object) made in `object_memory`.
    FieldReader(const PartialObject& object, std::string path, boost::json::storage_ptr object_memory)
        : partial_(&object), path_(std::move(path)), object_memory_(std::move(object_memory)) {}

    /// The value at a dotted path of `object`, or nullptr when any step is
    /// missing or not an object.
    [[nodiscard]] static const boost::json::value* find_in(const boost::json::object& object, std::string_view path);

    /// The value at a dotted path, or nullptr when any step is missing or
    /// not an object. It lives as long as the object read; to keep it in a
    /// record, copy it into the record's memory
    /// (`boost::json::value(*found, record.raw.storage())`), or read it with
    /// optional_object, which does.
    [[nodiscard]] const boost::json::value* find(std::string_view path);
    /// Whether the path holds a value other than null.
    [[nodiscard]] bool has(std::string_view path);

    /// Missing or null: nothing. A non-string is a failure.
    std::optional<std::string> optional_string(std::string_view path);
    /// As optional_string, with an empty string read as null too (web
    /// calls' numbers, unset URLs).
    std::optional<std::string> optional_text(std::string_view path);
    /// Missing, null or not a string: a failure.
    std::string required_string(std::string_view path);
    /// A string, or an integer written as a decimal string (ids).
    std::string required_id(std::string_view path);
    std::optional<std::string> optional_id(std::string_view path);
    /// Missing or null: `fallback`. A boolean, or a 0/1 integer.
    bool boolean(std::string_view path, bool fallback);
    /// As boolean, with nothing for missing or null.
    std::optional<bool> optional_boolean(std::string_view path);
    /// A non-negative whole number; a fractional number is truncated, a
    /// numeric string accepted. Missing or null: `fallback`.
    std::int64_t non_negative_integer(std::string_view path, std::int64_t fallback);
    /// As non_negative_integer, with nothing for missing or null.
    std::optional<std::int64_t> optional_count(std::string_view path);
    /// An object; `[]` (PHP's empty map) reads as an empty object. Missing or
    /// null: nothing. A copy, in the reader's object memory (for a page's
    /// call, the page's memory: it may go into the record).
    std::optional<boost::json::object> optional_object(std::string_view path);
    /// Money, exactly (see read_money). Missing or null: nothing.
    std::optional<Decimal> optional_money(std::string_view path, MoneyUnit unit = MoneyUnit::main);
    /// A time in `format`; zone-less text is read in `zone`.
    Timestamp required_timestamp(std::string_view path, const TimeZone& zone,
                                 TimeFormat format = TimeFormat::iso8601);
    /// As required_timestamp, with nothing for missing or null.
    std::optional<Timestamp> optional_timestamp(std::string_view path, const TimeZone& zone,
                                                TimeFormat format = TimeFormat::iso8601);

    /// Records a failure at `path` unless one is already recorded.
    void fail(std::string_view path, std::string message);

    [[nodiscard]] bool ok() const noexcept { return !failed_; }
    /// The failure as a malformed response error (field and message set).
    [[nodiscard]] Error error() const;
    /// The object's own path, as given.
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    // A mapping's rule finds its value once, then reads it as the rule says
    // (call_mapping.cpp), through the same reads as these: *_at(path, found)
    // is the read of `found`, which find(path) gave.
    friend class RuleRead;
    std::optional<std::string> string_at(std::string_view path, const boost::json::value* found);
    std::optional<std::string> text_at(std::string_view path, const boost::json::value* found);
    std::optional<std::string> id_at(std::string_view path, const boost::json::value* found);
    std::optional<bool> boolean_at(std::string_view path, const boost::json::value* found);
    std::optional<std::int64_t> count_at(std::string_view path, const boost::json::value* found);
    std::optional<boost::json::object> object_at(std::string_view path, const boost::json::value* found);
    std::optional<Decimal> money_at(std::string_view path, const boost::json::value* found, MoneyUnit unit);
    std::optional<Timestamp> timestamp_at(std::string_view path, const boost::json::value* found, const TimeZone& zone,
                                          TimeFormat format);

    const boost::json::object* object_ = nullptr;
    const PartialObject* partial_ = nullptr;
    std::string path_;
    boost::json::storage_ptr object_memory_;
    // The last path found and what it held: a mapping asks for a path twice
    // in a row (whether it holds a value, then the value, typed).
    std::string last_path_;
    const boost::json::value* last_found_ = nullptr;
    bool failed_ = false;
    std::string failed_field_;
    std::string failure_;
};

}  // namespace callbridge::kit
