#pragma once
// Building vendor requests: where (method, path under the API root with
// parameters filled in, a percent-encoded query, a JSON body) and as whom
// (a bearer token, a named API-key header, or HTTP Basic).

#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace callbridge::kit {

/// Every byte but the RFC 3986 unreserved characters percent-encoded: a "+"
/// becomes "%2B" (a raw "+" reads as a space on the vendor's side).
std::string percent_encode(std::string_view value);

struct Auth {
    enum class Scheme {
        /// `Authorization: Bearer <token>`.
        bearer,
        /// `<header>: <token>` (`xi-api-key`, `X-API-Key`).
        header,
        /// `Authorization: Basic base64(<user>:<token>)`; the user is the
        /// source's user, else the parameter named `basic_user`.
        basic,
    };
    Scheme scheme = Scheme::bearer;
    std::string header;
    std::string basic_user;
};

struct Endpoint {
    std::string method = "GET";
    /// Under the API root; `{name}` is the source's parameter of that name,
    /// percent-encoded: "/Accounts/{account}/Calls.json".
    std::string path;
    /// Query parameters sent with every request ("summary_mode=include").
    std::vector<std::pair<std::string, std::string>> params;
};

/// `path` with `{name}` replaced by the access parameter of that name; an
/// invalid option error names a parameter the source lacks.
boost::system::result<std::string, Error> fill_path(std::string_view path, const SourceAccess& access);

/// The parameter names `{name}` in a path template.
std::vector<std::string> path_parameters(std::string_view path);

/// The headers every vendor request carries: the credentials as `auth` says,
/// `Accept: application/json` (without it, a Laravel backend answers a bad
/// token with a redirect to a login page) and the User-Agent.
HttpHeaders request_headers(const Auth& auth, const SourceAccess& access);

/// A request to `target` (path and encoded query) on the root's origin,
/// with the headers above; a JSON `body` when not empty (then POST's
/// Content-Type). The origin is always the configured root's: credentials
/// go nowhere else.
HttpRequest make_request(std::string method, const SourceAccess& access, const Auth& auth, std::string target,
                         const boost::json::object* body = nullptr);

/// Appends `key=value` pairs to a target, percent-encoded, with `?` or `&`.
void append_query(std::string& target, const std::vector<std::pair<std::string, std::string>>& params);

/// Standard base64 (RFC 4648), as HTTP Basic credentials are written.
std::string base64(std::string_view bytes);

}  // namespace callbridge::kit
