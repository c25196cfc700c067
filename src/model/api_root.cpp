#include <callbridge/api_root.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>

namespace callbridge {
namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

boost::system::result<ApiRoot, Error> ApiRoot::parse(std::string_view url) {
    const std::string shown = "'" + std::string(url.substr(0, 200)) + "'";
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return invalid_option("api_root", "not an absolute URL: " + shown);
    const boost::urls::url_view u = *parsed;

    ApiRoot root;
    root.origin_.scheme = lowercase(std::string(u.scheme()));
    if (root.origin_.scheme != "https" && root.origin_.scheme != "http")
        return invalid_option("api_root", "must start with https:// (or http://), got " + shown);
    if (!u.has_authority() || u.host().empty()) return invalid_option("api_root", "has no host: " + shown);
    if (u.has_userinfo())
        return invalid_option("api_root", "must not carry a user or password; give the token separately");
    if (u.has_query() || u.has_fragment())
        return invalid_option("api_root", "must not have a query or fragment: " + shown);

    // host_address() is the bare address: "::1", not "[::1]".
    root.origin_.host = lowercase(std::string(u.host_address()));
    if (u.host_type() == boost::urls::host_type::name &&
        !std::all_of(root.origin_.host.begin(), root.origin_.host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
        }))
        return invalid_option("api_root", "has a host name with characters DNS does not allow: " + shown);
    if (u.has_port()) {
        const auto text = u.port();
        const auto port = u.port_number();
        if (port == 0 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return invalid_option("api_root", "has an invalid port: " + shown);
        root.origin_.port = port;
    } else {
        root.origin_.port = root.origin_.scheme == "https" ? 443 : 80;
    }
    root.base_path_ = std::string(u.encoded_path());
    // Boost.URL 1.81 reads "http://host:8080+x" as port 8080 and path "+x".
    if (!root.base_path_.empty() && root.base_path_.front() != '/')
        return invalid_option("api_root", "has an invalid port or path: " + shown);
    while (!root.base_path_.empty() && root.base_path_.back() == '/') root.base_path_.pop_back();
    return root;
}

}  // namespace callbridge
