#include <callbridge/kit/error_body.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace callbridge::kit {
namespace {

const boost::json::string* string_member(const boost::json::object& object, std::string_view key) {
    const auto* v = object.if_contains(key);
    return v != nullptr && v->is_string() ? &v->get_string() : nullptr;
}

const boost::json::object* object_member(const boost::json::object& object, std::string_view key) {
    const auto* v = object.if_contains(key);
    return v != nullptr ? v->if_object() : nullptr;
}

// {field: ["msg", ...]} or {field: "msg"}; other members are not field errors.
void read_field_errors(const boost::json::object& object, std::vector<FieldError>& out) {
    for (const auto& [key, value] : object) {
        if (key == "retry_after") continue;
        FieldError field{std::string(key), {}};
        if (value.is_string()) {
            field.messages.emplace_back(value.get_string());
        } else if (value.is_array()) {
            for (const auto& message : value.get_array())
                if (message.is_string()) field.messages.emplace_back(message.get_string());
        }
        if (!field.messages.empty()) out.push_back(std::move(field));
    }
}

// FastAPI: {detail: [{loc: ["query", "page_size"], msg: "...", type: "..."}]}
void read_located_errors(const boost::json::array& items, std::vector<FieldError>& out) {
    for (const auto& item : items) {
        const auto* object = item.if_object();
        if (object == nullptr) continue;
        const auto* msg = string_member(*object, "msg");
        if (msg == nullptr) continue;
        std::string field;
        if (const auto* loc = object->if_contains("loc"); loc != nullptr && loc->is_array() && !loc->get_array().empty()) {
            const auto& last = loc->get_array().back();
            field = last.is_string() ? std::string(last.get_string()) : boost::json::serialize(last);
        }
        out.push_back(FieldError{std::move(field), {std::string(*msg)}});
    }
}

std::string joined_strings(const boost::json::array& items) {
    std::string out;
    for (const auto& item : items)
        if (item.is_string()) out += (out.empty() ? "" : "; ") + std::string(item.get_string());
    return out;
}

// The first message any shape keeps.
std::string message_of(const boost::json::object& object) {
    const auto* message = object.if_contains("message");
    if (message != nullptr && message->is_string()) return std::string(message->get_string());
    if (message != nullptr && message->is_array()) return joined_strings(message->get_array());  // NestJS validation
    if (const auto* error = object_member(object, "error"))
        if (const auto* text = string_member(*error, "message")) return std::string(*text);
    if (const auto* error = string_member(object, "error")) return std::string(*error);
    if (const auto* detail = object.if_contains("detail")) {
        if (detail->is_string()) return std::string(detail->get_string());  // Django REST Framework
        if (detail->is_object())
            if (const auto* text = string_member(detail->get_object(), "message")) return std::string(*text);
    }
    return {};
}

std::string code_of(const boost::json::object& object, bool has_message) {
    if (const auto* code = object.if_contains("code")) {
        if (code->is_string()) return std::string(code->get_string());
        if (code->is_int64()) return std::to_string(code->get_int64());  // Twilio's error numbers
    }
    if (const auto* error = object_member(object, "error"))
        if (const auto* code = string_member(*error, "code")) return std::string(*code);
    if (const auto* code = string_member(object, "error_code")) return std::string(*code);
    if (const auto* detail = object_member(object, "detail"))
        if (const auto* status = string_member(*detail, "status")) return std::string(*status);
    if (const auto* error = string_member(object, "error"); error != nullptr && has_message)
        return std::string(*error);  // {error: "UNAUTHORIZED", message: "..."}
    return {};
}

// An excerpt cut inside a UTF-8 sequence would carry half a character into
// messages and JSON output; the incomplete sequence goes.
void drop_partial_utf8_tail(std::string& text) {
    std::size_t lead = text.size();
    while (lead > 0 && (static_cast<unsigned char>(text[lead - 1]) & 0xC0) == 0x80 && text.size() - lead < 3) --lead;
    if (lead == 0) return;
    const auto first = static_cast<unsigned char>(text[lead - 1]);
    const std::size_t length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
    if (text.size() - (lead - 1) < length) text.erase(lead - 1);
}

// What a 429 says of the wait without a clock: Retry-After in seconds, or a
// retry_after in the body (top level or error.details). The source reads
// every hint again on its own clock.
std::optional<std::chrono::seconds> clock_free_wait(const HttpResponse& response, const boost::json::object* body) {
    if (auto header = find_header(response.headers, "Retry-After")) {
        std::int64_t seconds = 0;
        const auto [end, ec] = std::from_chars(header->data(), header->data() + header->size(), seconds);
        if (ec == std::errc() && end == header->data() + header->size() && seconds >= 0)
            return std::chrono::seconds(seconds);
    }
    if (body == nullptr) return std::nullopt;
    auto seconds_in = [](const boost::json::object& object) -> std::optional<std::chrono::seconds> {
        const auto* v = object.if_contains("retry_after");
        if (v == nullptr) return std::nullopt;
        if (v->is_int64() && v->get_int64() >= 0) return std::chrono::seconds(v->get_int64());
        if (v->is_double() && v->get_double() >= 0 && v->get_double() < 1e9)
            return std::chrono::seconds(static_cast<std::int64_t>(std::ceil(v->get_double())));
        return std::nullopt;
    };
    if (auto s = seconds_in(*body)) return s;
    if (const auto* error = object_member(*body, "error"))
        if (const auto* details = object_member(*error, "details")) return seconds_in(*details);
    return std::nullopt;
}

}  // namespace

std::string body_excerpt(std::string_view body, std::size_t max_length) {
    std::string out;
    bool space = false;
    for (char c : body) {
        if (static_cast<unsigned char>(c) <= ' ') {
            space = !out.empty();
            continue;
        }
        if (out.size() + (space ? 2 : 1) > max_length) {
            drop_partial_utf8_tail(out);
            out += "...";
            break;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

ErrorBody read_error_body(std::string_view text) {
    ErrorBody body;
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(text, ec);
    if (ec || !parsed.is_object()) return body;
    body.is_json = true;
    const auto& object = parsed.get_object();
    body.message = message_of(object);
    body.code = code_of(object, !body.message.empty() && object.contains("message"));
    if (const auto* errors = object_member(object, "errors")) read_field_errors(*errors, body.field_errors);
    if (const auto* error = object_member(object, "error"))
        if (const auto* details = object_member(*error, "details")) read_field_errors(*details, body.field_errors);
    if (const auto* detail = object.if_contains("detail"); detail != nullptr && detail->is_array()) {
        read_located_errors(detail->get_array(), body.field_errors);
        if (body.message.empty() && !body.field_errors.empty()) body.message = "the vendor refused the request";
    }
    return body;
}

Error malformed(std::string_view provider, const PageContext& context, std::string field, std::string message) {
    ErrorDetails details;
    details.field = std::move(field);
    details.message = std::move(message);
    return at_origin(Error(errc::malformed_response, std::move(details)), {context.source, provider, context.page});
}

Error classify_error_response(const HttpResponse& response, std::string_view provider, const PageContext& context) {
    const ErrorBody body = read_error_body(response.body);
    ErrorDetails details;
    details.http_status = response.status;
    details.message = body.message;
    if (!body.code.empty() && body.message.find(body.code) == std::string::npos)
        details.message += (details.message.empty() ? "" : " ") + ("(" + body.code + ")");
    const int status = response.status;
    auto done = [&](errc kind) { return at_origin(Error(kind, std::move(details)), {context.source, provider, context.page}); };

    if (status == 401 || status == 403) {
        if (details.message.empty()) details.message = "the vendor rejected the credentials";
        return done(errc::unauthorized);
    }
    if (status == 400 || status == 422) {
        details.field_errors = body.field_errors;
        if (details.message.empty() && !body.is_json) details.body_excerpt = body_excerpt(response.body);
        return done(errc::rejected_by_vendor);
    }
    if (status == 429) {
        boost::system::error_code ec;
        const auto parsed = boost::json::parse(response.body, ec);
        details.retry_after = clock_free_wait(response, ec ? nullptr : parsed.if_object());
        return done(errc::rate_limited);
    }
    if (status >= 500 && status <= 599) {
        details.body_excerpt = body_excerpt(response.body);
        return done(errc::vendor_unavailable);
    }
    if (status >= 300 && status <= 399) {
        const auto location = find_header(response.headers, "Location");
        details.message = "the vendor answered with a redirect" +
                          (location ? " to " + body_excerpt(*location, 120) : std::string()) +
                          ", which is not followed; check the API root (a login page means the request "
                          "was not accepted as an API call)";
        return done(errc::malformed_response);
    }
    if (status == 404) {
        if (details.message.empty()) details.message = "not found";
        details.message += "; check the API root";
        return done(errc::malformed_response);
    }
    if (details.message.empty()) details.message = "unexpected HTTP status";
    if (!body.is_json) details.body_excerpt = body_excerpt(response.body);
    return done(errc::malformed_response);
}

}  // namespace callbridge::kit
