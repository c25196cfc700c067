#include <callbridge/http_message.hpp>

#include <algorithm>

namespace callbridge {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

}  // namespace

std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name) noexcept {
    for (const auto& header : headers)
        if (iequals(header.name, name)) return header.value;
    return std::nullopt;
}

std::string Origin::to_string() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string out = scheme + "://" + (ipv6 ? "[" + host + "]" : host);
    const bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    if (!default_port) out += ":" + std::to_string(port);
    return out;
}

std::string describe(const HttpRequest& request) {
    return request.method + " " + request.origin.to_string() + request.target;
}

}  // namespace callbridge
