#include "source/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace callbridge::detail {
namespace {

bool is_credential_header(std::string_view name) {
    static constexpr std::array<std::string_view, 4> credentials{"authorization", "proxy-authorization", "cookie",
                                                                 "x-api-key"};
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(credentials.begin(), credentials.end(), lower) != credentials.end();
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
    ErrorDetails& d = error.details();
    for (std::string* text : {&d.source, &d.filter, &d.option, &d.field, &d.message, &d.body_excerpt})
        *text = redact(std::move(*text), secret);
    for (FieldError& field : d.field_errors) {
        field.field = redact(std::move(field.field), secret);
        for (std::string& message : field.messages) message = redact(std::move(message), secret);
    }
    return error;
}

HttpRequest redacted(const HttpRequest& request, std::string_view secret) {
    HttpRequest copy = request;
    copy.target = redact(std::move(copy.target), secret);
    for (HttpHeader& header : copy.headers)
        header.value = is_credential_header(header.name) ? "REDACTED" : redact(std::move(header.value), secret);
    return copy;
}

}  // namespace callbridge::detail
