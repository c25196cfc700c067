#include <callbridge/kit/request.hpp>

#include <callbridge/version.hpp>

#include <boost/json/serialize.hpp>

namespace callbridge::kit {
namespace {

bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

}  // namespace

std::string percent_encode(std::string_view value) {
    static constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c)) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    return out;
}

std::string base64(std::string_view bytes) {
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                       (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                       static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest != 0) {
        unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::vector<std::string> path_parameters(std::string_view path) {
    std::vector<std::string> names;
    for (auto open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
        const auto close = path.find('}', open);
        if (close == std::string_view::npos) break;
        names.emplace_back(path.substr(open + 1, close - open - 1));
    }
    return names;
}

boost::system::result<std::string, Error> fill_path(std::string_view path, const SourceAccess& access) {
    std::string out;
    std::size_t at = 0;
    for (auto open = path.find('{'); open != std::string_view::npos; open = path.find('{', at)) {
        const auto close = path.find('}', open);
        if (close == std::string_view::npos) break;
        const std::string_view name = path.substr(open + 1, close - open - 1);
        const auto found = access.parameters.find(name);
        if (found == access.parameters.end() || found->second.empty())
            return invalid_option(std::string(name), "is required by this provider and was not given");
        out += path.substr(at, open - at);
        out += percent_encode(found->second);
        at = close + 1;
    }
    out += path.substr(at);
    return out;
}

HttpHeaders request_headers(const Auth& auth, const SourceAccess& access) {
    HttpHeaders headers;
    switch (auth.scheme) {
        case Auth::Scheme::bearer: headers.push_back({"Authorization", "Bearer " + access.token}); break;
        case Auth::Scheme::header: headers.push_back({auth.header, access.token}); break;
        case Auth::Scheme::basic: {
            std::string user = access.user;
            if (user.empty())
                if (const auto found = access.parameters.find(auth.basic_user); found != access.parameters.end())
                    user = found->second;
            headers.push_back({"Authorization", "Basic " + base64(user + ":" + access.token)});
            break;
        }
    }
    headers.push_back({"Accept", "application/json"});
    headers.push_back({"User-Agent", "callbridge/" + std::string(version_string)});
    return headers;
}

void append_query(std::string& target, const std::vector<std::pair<std::string, std::string>>& params) {
    char separator = target.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [key, value] : params) {
        target += separator;
        target += percent_encode(key);
        target += '=';
        target += percent_encode(value);
        separator = '&';
    }
}

HttpRequest make_request(std::string method, const SourceAccess& access, const Auth& auth, std::string target,
                         const boost::json::object* body) {
    HttpRequest request;
    request.method = std::move(method);
    request.origin = access.root.origin();
    request.target = std::move(target);
    request.headers = request_headers(auth, access);
    if (body != nullptr) {
        request.body = boost::json::serialize(*body);
        request.headers.push_back({"Content-Type", "application/json"});
    }
    return request;
}

}  // namespace callbridge::kit
