#include <callbridge/kit/values.hpp>

#include <charconv>
#include <cmath>

namespace callbridge::kit {
namespace {

template <class Integer>
std::optional<Integer> integer_text(std::string_view text) {
    Integer value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

std::optional<std::int64_t> integer_of(const boost::json::value& value) {
    if (value.is_int64()) return value.get_int64();
    if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(value.get_uint64());
    if (value.is_double() && std::isfinite(value.get_double()) && std::abs(value.get_double()) < 9.0e18)
        return static_cast<std::int64_t>(std::floor(value.get_double()));
    if (value.is_string()) return integer_text<std::int64_t>(value.get_string());
    return std::nullopt;
}

}  // namespace

std::optional<Timestamp> read_time(const boost::json::value& value, TimeFormat format, const TimeZone& naive_zone) {
    switch (format) {
        case TimeFormat::iso8601:
            if (!value.is_string()) return std::nullopt;
            return parse_vendor_timestamp(value.get_string(), naive_zone);
        case TimeFormat::rfc2822:
            if (!value.is_string()) return std::nullopt;
            return parse_rfc2822(value.get_string());
        case TimeFormat::epoch_seconds:
            if (auto n = integer_of(value)) return from_epoch_seconds(*n);
            return std::nullopt;
        case TimeFormat::epoch_milliseconds:
            if (auto n = integer_of(value)) return from_epoch_milliseconds(*n);
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::int64_t> read_epoch_milliseconds(std::string_view text) {
    const auto whole = parse_rfc3339(text);
    if (!whole) return std::nullopt;
    // The fraction's first three digits, after the seconds.
    std::int64_t millis = 0;
    if (const auto dot = text.find_first_of(".,", 19); dot != std::string_view::npos) {
        int digits = 0;
        for (std::size_t i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits)
            if (digits < 3) millis = millis * 10 + (text[i] - '0');
        for (; digits < 3; ++digits) millis *= 10;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(whole->time_since_epoch()).count() + millis;
}

std::optional<Decimal> read_money(const boost::json::value& value, MoneyUnit unit) {
    std::optional<Decimal> amount;
    if (value.is_int64())
        amount = Decimal::from_integer(value.get_int64());
    else if (value.is_uint64())
        amount = Decimal::parse(std::to_string(value.get_uint64()));
    else if (value.is_double())
        amount = Decimal::from_double(value.get_double());
    else if (value.is_string())
        amount = Decimal::parse(value.get_string());
    if (!amount) return std::nullopt;
    switch (unit) {
        case MoneyUnit::main: return amount;
        case MoneyUnit::cents: return amount->shifted_right(2);
        case MoneyUnit::magnitude: return amount->magnitude();
    }
    return amount;
}

std::optional<std::int64_t> read_count(const boost::json::value& value) {
    if (value.is_int64()) return value.get_int64() >= 0 ? std::optional(value.get_int64()) : std::nullopt;
    if (value.is_uint64()) {
        if (value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
            return static_cast<std::int64_t>(value.get_uint64());
        return std::nullopt;
    }
    std::optional<double> number;
    if (value.is_double())
        number = value.get_double();
    else if (value.is_string())
        if (auto d = Decimal::parse(value.get_string())) number = d->to_double();
    if (number && *number >= 0 && *number < 9.0e18) return static_cast<std::int64_t>(std::trunc(*number));
    return std::nullopt;
}

std::optional<std::int64_t> read_duration_text(std::string_view text) {
    if (text.size() < 2 || text.back() != 's') return std::nullopt;
    text.remove_suffix(1);
    const auto decimal = Decimal::parse(text);
    if (!decimal || *decimal < Decimal() || text.find_first_of("eE+-") != std::string_view::npos) return std::nullopt;
    std::int64_t whole = decimal->coefficient();
    for (int i = 0; i < decimal->scale(); ++i) whole /= 10;  // exact, and rounded down: it is not negative
    return whole;
}

std::string_view describe_kind(const boost::json::value& value) noexcept {
    switch (value.kind()) {
        case boost::json::kind::null: return "null";
        case boost::json::kind::bool_: return "a boolean";
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_: return "a number";
        case boost::json::kind::string: return "a string";
        case boost::json::kind::array: return "an array";
        case boost::json::kind::object: return "an object";
    }
    return "a value";
}

std::string quoted_excerpt(std::string_view text, std::size_t max_length) {
    std::string out = "\"";
    for (char c : text.substr(0, max_length)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    out += text.size() > max_length ? "...\"" : "\"";
    return out;
}

}  // namespace callbridge::kit
