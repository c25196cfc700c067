#include "common/error_body.hpp"

#include "detail/wait_hints.hpp"

#include <boost/json/parse.hpp>

namespace callbridge::providers {
namespace {

const boost::json::string* string_member(const boost::json::object& object, std::string_view key) {
    const auto* v = object.if_contains(key);
    return v != nullptr && v->is_string() ? &v->get_string() : nullptr;
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

ErrorDetails details_for(std::string_view provider, const PageContext& context, const HttpResponse& response) {
    ErrorDetails details;
    details.source = context.source;
    details.provider = std::string(provider);
    if (context.page != 0) details.page = context.page;
    details.http_status = response.status;
    return details;
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

    const auto* error = object.if_contains("error");
    const auto* error_object = error != nullptr && error->is_object() ? &error->get_object() : nullptr;
    const auto* error_string = error != nullptr && error->is_string() ? &error->get_string() : nullptr;

    if (const auto* message = string_member(object, "message"))
        body.message = *message;
    else if (error_object != nullptr && string_member(*error_object, "message") != nullptr)
        body.message = *string_member(*error_object, "message");
    else if (error_string != nullptr)
        body.message = *error_string;

    if (const auto* code = string_member(object, "code"))
        body.code = *code;
    else if (error_object != nullptr && string_member(*error_object, "code") != nullptr)
        body.code = *string_member(*error_object, "code");
    else if (const auto* error_code = string_member(object, "error_code"))
        body.code = *error_code;
    else if (error_string != nullptr && string_member(object, "message") != nullptr)
        body.code = *error_string;  // {error: "UNAUTHORIZED", message: "..."}

    if (const auto* errors = object.if_contains("errors"); errors != nullptr && errors->is_object())
        read_field_errors(errors->get_object(), body.field_errors);
    if (error_object != nullptr)
        if (const auto* details = error_object->if_contains("details"); details != nullptr && details->is_object())
            read_field_errors(details->get_object(), body.field_errors);
    return body;
}

Error classify_error_response(const HttpResponse& response, std::string_view provider, const PageContext& context) {
    const ErrorBody body = read_error_body(response.body);
    ErrorDetails details = details_for(provider, context, response);
    details.message = body.message;
    if (!body.code.empty() && body.message.find(body.code) == std::string::npos)
        details.message += (details.message.empty() ? "" : " ") + ("(" + body.code + ")");
    const int status = response.status;

    if (status == 401 || status == 403) {
        if (details.message.empty()) details.message = "the vendor rejected the credentials";
        return {errc::unauthorized, std::move(details)};
    }
    if (status == 400 || status == 422) {
        details.field_errors = body.field_errors;
        if (details.message.empty() && !body.is_json) details.body_excerpt = body_excerpt(response.body);
        return {errc::rejected_by_vendor, std::move(details)};
    }
    if (status == 429) {
        details.retry_after = detail::read_wait_hints(response, std::chrono::system_clock::now()).preferred();
        return {errc::rate_limited, std::move(details)};
    }
    if (status >= 500 && status <= 599) {
        details.body_excerpt = body_excerpt(response.body);
        return {errc::vendor_unavailable, std::move(details)};
    }
    if (status >= 300 && status <= 399) {
        const auto location = find_header(response.headers, "Location");
        details.message = "the vendor answered with a redirect" +
                          (location ? " to " + body_excerpt(*location, 120) : std::string()) +
                          ", which is not followed; check the API root (a login page means the request "
                          "was not accepted as an API call)";
        return {errc::malformed_response, std::move(details)};
    }
    if (status == 404) {
        if (details.message.empty()) details.message = "not found";
        details.message += "; check the API root";
        return {errc::malformed_response, std::move(details)};
    }
    if (details.message.empty()) details.message = "unexpected HTTP status";
    if (!body.is_json) details.body_excerpt = body_excerpt(response.body);
    return {errc::malformed_response, std::move(details)};
}

}  // namespace callbridge::providers
