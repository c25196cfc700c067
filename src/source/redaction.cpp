#include "source/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace callbridge::detail {
namespace {

bool is_credential_header(std::string_view name) {
    static constexpr std::array<std::string_view, 5> credentials{"authorization", "proxy-authorization", "cookie",
                                                                 "x-api-key", "xi-api-key"};
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(credentials.begin(), credentials.end(), lower) != credentials.end();
}

template <class Redact>
Error redact_error(Error error, Redact&& redact_text) {
    ErrorDetails& d = error.details();
    for (std::string* text : {&d.source, &d.filter, &d.option, &d.field, &d.message, &d.body_excerpt})
        *text = redact_text(std::move(*text));
    for (FieldError& field : d.field_errors) {
        field.field = redact_text(std::move(field.field));
        for (std::string& message : field.messages) message = redact_text(std::move(message));
    }
    return error;
}

}  // namespace

std::string redact(std::string text, std::string_view secret) {
    if (secret.empty()) return text;
    constexpr std::string_view mark = "[REDACTED]";
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + mark.size()))
        text.replace(at, secret.size(), mark);
    return text;
}

Error redact(Error error, std::string_view secret) {
    return redact_error(std::move(error), [&](std::string text) { return redact(std::move(text), secret); });
}

HttpRequest redacted(const HttpRequest& request, std::string_view secret) {
    return Redactor({std::string(secret)}).redacted(request);
}

Redactor::Redactor(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {
    std::erase_if(secrets_, [](const std::string& s) { return s.empty(); });
    std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::redact(std::string text) const {
    for (const std::string& secret : secrets_) text = detail::redact(std::move(text), secret);
    return text;
}

Error Redactor::redact(Error error) const {
    return redact_error(std::move(error), [&](std::string text) { return redact(std::move(text)); });
}

HttpRequest Redactor::redacted(const HttpRequest& request) const {
    HttpRequest copy = request;
    copy.target = redact(std::move(copy.target));
    copy.body = redact(std::move(copy.body));
    for (HttpHeader& header : copy.headers) {
        std::string value = redact(header.value);
        header.value = is_credential_header(header.name) || value != header.value ? "REDACTED" : std::move(value);
    }
    return copy;
}

void Redactor::redact_response(HttpResponse& response) const {
    response.body = redact(std::move(response.body));
    for (HttpHeader& header : response.headers) header.value = redact(std::move(header.value));
}

}  // namespace callbridge::detail
