#pragma once
// A vendor API root such as "https://app.autocalls.ai/api": where a source's
// list path is appended.

#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace callbridge {

class ApiRoot {
public:
    /// An absolute http or https URL with a host and no user, query or
    /// fragment. A trailing slash is ignored. Whether plain http may be used
    /// is decided where a source is made, not here.
    static boost::system::result<ApiRoot, Error> parse(std::string_view url);

    [[nodiscard]] const Origin& origin() const noexcept { return origin_; }
    /// The path below the origin, without a trailing slash: "/api", or "".
    [[nodiscard]] const std::string& base_path() const noexcept { return base_path_; }
    [[nodiscard]] bool is_https() const noexcept { return origin_.scheme == "https"; }
    /// The root as a URL again: "https://app.autocalls.ai/api".
    [[nodiscard]] std::string to_string() const { return origin_.to_string() + base_path_; }

private:
    Origin origin_;
    std::string base_path_;
};

}  // namespace callbridge
