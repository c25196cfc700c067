#include <callbridge/kit/field_reader.hpp>

namespace callbridge::kit {
namespace {

std::string_view time_form(TimeFormat format) {
    switch (format) {
        case TimeFormat::iso8601: return "an ISO 8601 timestamp";
        case TimeFormat::rfc2822: return "an RFC 2822 date";
        case TimeFormat::epoch_seconds: return "seconds since 1970";
        case TimeFormat::epoch_milliseconds: return "milliseconds since 1970";
    }
    return "a timestamp";
}

}  // namespace

const boost::json::value* FieldReader::find_in(const boost::json::object& object, std::string_view path) {
    const boost::json::object* in = &object;
    while (true) {
        const auto dot = path.find('.');
        const boost::json::value* value = in->if_contains(path.substr(0, dot));
        if (dot == std::string_view::npos || value == nullptr) return value;
        in = value->if_object();
        if (in == nullptr) return nullptr;
        path.remove_prefix(dot + 1);
    }
}

const boost::json::value* FieldReader::find(std::string_view path) {
    if (!last_path_.empty() && path == last_path_) return last_found_;
    const boost::json::value* value = nullptr;
    if (partial_ != nullptr) {
        bool read_for = true;
        value = partial_->find(path, read_for);
        if (!read_for)
            fail(path, "is read by the dialect but not among the members it declares (VendorDescription::read_paths)");
    } else {
        value = find_in(*object_, path);
    }
    last_path_.assign(path);
    last_found_ = value;
    return value;
}

bool FieldReader::has(std::string_view path) {
    const auto* v = find(path);
    return v != nullptr && !v->is_null();
}

void FieldReader::fail(std::string_view path, std::string message) {
    if (failed_) return;
    failed_ = true;
    failed_field_ = path_.empty() ? std::string(path) : path_ + "." + std::string(path);
    failure_ = std::move(message);
}

Error FieldReader::error() const {
    ErrorDetails details;
    details.field = failed_field_;
    details.message = failure_;
    return {errc::malformed_response, std::move(details)};
}

std::optional<std::string> FieldReader::optional_string(std::string_view path) { return string_at(path, find(path)); }

std::optional<std::string> FieldReader::string_at(std::string_view path, const boost::json::value* v) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
        fail(path, "expected a string, got " + std::string(describe_kind(*v)));
        return std::nullopt;
    }
    return std::string(v->get_string());
}

std::optional<std::string> FieldReader::optional_text(std::string_view path) { return text_at(path, find(path)); }

std::optional<std::string> FieldReader::text_at(std::string_view path, const boost::json::value* found) {
    auto text = string_at(path, found);
    if (text && text->empty()) return std::nullopt;
    return text;
}

std::string FieldReader::required_string(std::string_view path) {
    const auto* v = find(path);
    if (v == nullptr || v->is_null()) {
        fail(path, v == nullptr ? "missing" : "null");
        return {};
    }
    return optional_string(path).value_or(std::string());
}

std::optional<std::string> FieldReader::optional_id(std::string_view path) { return id_at(path, find(path)); }

std::optional<std::string> FieldReader::id_at(std::string_view path, const boost::json::value* v) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    fail(path, "expected an integer or a string, got " + std::string(describe_kind(*v)));
    return std::nullopt;
}

std::string FieldReader::required_id(std::string_view path) {
    const auto* v = find(path);
    if (v == nullptr || v->is_null()) {
        fail(path, v == nullptr ? "missing" : "null");
        return {};
    }
    auto id = optional_id(path);
    if (id && id->empty()) fail(path, "empty");
    return id.value_or(std::string());
}

std::optional<bool> FieldReader::optional_boolean(std::string_view path) { return boolean_at(path, find(path)); }

std::optional<bool> FieldReader::boolean_at(std::string_view path, const boost::json::value* v) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_bool()) return v->get_bool();
    if (v->is_int64() && (v->get_int64() == 0 || v->get_int64() == 1)) return v->get_int64() == 1;
    fail(path, "expected a boolean, got " + std::string(describe_kind(*v)));
    return std::nullopt;
}

bool FieldReader::boolean(std::string_view path, bool fallback) { return optional_boolean(path).value_or(fallback); }

std::int64_t FieldReader::non_negative_integer(std::string_view path, std::int64_t fallback) {
    return optional_count(path).value_or(fallback);
}

std::optional<std::int64_t> FieldReader::optional_count(std::string_view path) { return count_at(path, find(path)); }

std::optional<std::int64_t> FieldReader::count_at(std::string_view path, const boost::json::value* v) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (auto count = read_count(*v)) return count;
    if (v->is_int64())
        fail(path, "negative: " + std::to_string(v->get_int64()));
    else
        fail(path, "expected a non-negative whole number, got " + std::string(describe_kind(*v)));
    return std::nullopt;
}

std::optional<boost::json::object> FieldReader::optional_object(std::string_view path) {
    return object_at(path, find(path));
}

std::optional<boost::json::object> FieldReader::object_at(std::string_view path, const boost::json::value* v) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_object()) return boost::json::object(v->get_object(), object_memory_);
    if (v->is_array() && v->get_array().empty()) return boost::json::object(object_memory_);  // PHP's empty map
    fail(path, "expected an object, got " + std::string(describe_kind(*v)));
    return std::nullopt;
}

std::optional<Decimal> FieldReader::optional_money(std::string_view path, MoneyUnit unit) {
    return money_at(path, find(path), unit);
}

std::optional<Decimal> FieldReader::money_at(std::string_view path, const boost::json::value* v, MoneyUnit unit) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_number() && !v->is_string()) {
        fail(path, "expected an amount (a number or a numeric string), got " + std::string(describe_kind(*v)));
        return std::nullopt;
    }
    auto amount = read_money(*v, unit);
    if (!amount) {
        const std::string shown = v->is_string() ? quoted_excerpt(v->get_string()) : "a number";
        fail(path, "not an exact decimal amount (at most 18 digits): " + shown);
    }
    return amount;
}

Timestamp FieldReader::required_timestamp(std::string_view path, const TimeZone& zone, TimeFormat format) {
    const auto* v = find(path);
    if (v == nullptr || v->is_null()) {
        fail(path, v == nullptr ? "missing" : "null");
        return {};
    }
    return optional_timestamp(path, zone, format).value_or(Timestamp{});
}

std::optional<Timestamp> FieldReader::optional_timestamp(std::string_view path, const TimeZone& zone,
                                                         TimeFormat format) {
    return timestamp_at(path, find(path), zone, format);
}

std::optional<Timestamp> FieldReader::timestamp_at(std::string_view path, const boost::json::value* v,
                                                   const TimeZone& zone, TimeFormat format) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    const bool textual = format == TimeFormat::iso8601 || format == TimeFormat::rfc2822;
    if (textual && !v->is_string()) {
        fail(path, "expected a timestamp string, got " + std::string(describe_kind(*v)));
        return std::nullopt;
    }
    if (auto t = read_time(*v, format, zone)) return t;
    const std::string shown = v->is_string() ? quoted_excerpt(v->get_string()) : std::string(describe_kind(*v));
    fail(path, textual ? "not a timestamp: " + shown : "not " + std::string(time_form(format)) + ": " + shown);
    return std::nullopt;
}

}  // namespace callbridge::kit
