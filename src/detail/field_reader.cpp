#include "detail/field_reader.hpp"

#include <cmath>
#include <limits>

namespace callbridge::detail {

std::string quoted_excerpt(std::string_view text, std::size_t max_length) {
    std::string out = "\"";
    for (char c : text.substr(0, max_length)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    out += text.size() > max_length ? "...\"" : "\"";
    return out;
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

void FieldReader::fail(std::string_view key, std::string message) {
    if (failed_) return;
    failed_ = true;
    failed_field_ = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    failure_ = std::move(message);
}

Error FieldReader::error() const {
    ErrorDetails details;
    details.field = failed_field_;
    details.message = failure_;
    return {errc::malformed_response, std::move(details)};
}

std::optional<std::string> FieldReader::optional_string(std::string_view key) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
        fail(key, "expected a string, got " + std::string(describe_kind(*v)));
        return std::nullopt;
    }
    return std::string(v->get_string());
}

std::optional<std::string> FieldReader::optional_text(std::string_view key) {
    auto text = optional_string(key);
    if (text && text->empty()) return std::nullopt;
    return text;
}

std::string FieldReader::required_string(std::string_view key) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) {
        fail(key, v == nullptr ? "missing" : "null");
        return {};
    }
    if (!v->is_string()) {
        fail(key, "expected a string, got " + std::string(describe_kind(*v)));
        return {};
    }
    return std::string(v->get_string());
}

std::optional<std::string> FieldReader::optional_id(std::string_view key) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    fail(key, "expected an integer or a string, got " + std::string(describe_kind(*v)));
    return std::nullopt;
}

std::string FieldReader::required_id(std::string_view key) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) {
        fail(key, v == nullptr ? "missing" : "null");
        return {};
    }
    auto id = optional_id(key);
    if (id && id->empty()) fail(key, "empty");
    return id.value_or(std::string());
}

bool FieldReader::boolean(std::string_view key, bool fallback) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) return fallback;
    if (v->is_bool()) return v->get_bool();
    if (v->is_int64() && (v->get_int64() == 0 || v->get_int64() == 1)) return v->get_int64() == 1;
    fail(key, "expected a boolean, got " + std::string(describe_kind(*v)));
    return fallback;
}

std::int64_t FieldReader::non_negative_integer(std::string_view key, std::int64_t fallback) {
    return optional_count(key).value_or(fallback);
}

std::optional<std::int64_t> FieldReader::optional_count(std::string_view key) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    std::optional<double> number;
    if (v->is_int64()) {
        if (v->get_int64() >= 0) return v->get_int64();
        fail(key, "negative: " + std::to_string(v->get_int64()));
        return std::nullopt;
    }
    if (v->is_uint64()) {
        if (v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return static_cast<std::int64_t>(v->get_uint64());
    } else if (v->is_double()) {
        number = v->get_double();
    } else if (v->is_string()) {
        if (auto d = Decimal::parse(v->get_string())) number = d->to_double();
    }
    if (number && *number >= 0 && *number < 9.0e18) return static_cast<std::int64_t>(std::trunc(*number));
    fail(key, "expected a non-negative whole number, got " + std::string(describe_kind(*v)));
    return std::nullopt;
}

std::optional<boost::json::object> FieldReader::optional_object(std::string_view key) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_object()) return v->get_object();
    if (v->is_array() && v->get_array().empty()) return boost::json::object();  // PHP's empty map
    fail(key, "expected an object, got " + std::string(describe_kind(*v)));
    return std::nullopt;
}

std::optional<Decimal> FieldReader::optional_money(std::string_view key) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    std::optional<Decimal> amount;
    if (v->is_int64())
        amount = Decimal::from_integer(v->get_int64());
    else if (v->is_uint64())
        amount = Decimal::parse(std::to_string(v->get_uint64()));
    else if (v->is_double())
        amount = Decimal::from_double(v->get_double());
    else if (v->is_string())
        amount = Decimal::parse(v->get_string());
    else {
        fail(key, "expected an amount (a number or a numeric string), got " + std::string(describe_kind(*v)));
        return std::nullopt;
    }
    if (!amount) {
        const std::string shown = v->is_string() ? quoted_excerpt(v->get_string()) : "a number";
        fail(key, "not an exact decimal amount (at most 18 digits): " + shown);
    }
    return amount;
}

Timestamp FieldReader::required_timestamp(std::string_view key, const TimeZone& zone) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) {
        fail(key, v == nullptr ? "missing" : "null");
        return {};
    }
    return optional_timestamp(key, zone).value_or(Timestamp{});
}

std::optional<Timestamp> FieldReader::optional_timestamp(std::string_view key, const TimeZone& zone) {
    const auto* v = find(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
        fail(key, "expected a timestamp string, got " + std::string(describe_kind(*v)));
        return {};
    }
    if (auto t = parse_vendor_timestamp(v->get_string(), zone)) return *t;
    fail(key, "not a timestamp: " + quoted_excerpt(v->get_string()));
    return std::nullopt;
}

}  // namespace callbridge::detail
