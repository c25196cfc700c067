#pragma once
// One saved HTTP exchange (a request's method, target and body; the response
// it got) and the plain files that keep them: a JSON index of exchanges, each
// response body in a file of its own, byte for byte as the vendor sent it.
//
//   [
//     {"method": "GET", "target": "/api/user/calls?page=1&per_page=2",
//      "status": 200, "headers": ["Content-Type: application/json"],
//      "body_file": "bodies/0001.json"},
//     {"method": "GET", "target": "/api/user/calls?page=2&per_page=2",
//      "status": 429, "headers": ["Retry-After: 1"], "body": "Too Many Attempts."}
//   ]
//
// "request_body" (a POST's JSON) is matched too when present; "body" holds a
// short body inline, "body_file" names one relative to the index's folder.

#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::testing {

struct Exchange {
    std::string method = "GET";
    /// Path and query, as sent: "/api/user/calls?page=2&per_page=50".
    std::string target;
    /// Matched when set (a POST's JSON body, compared as JSON).
    std::optional<std::string> request_body;
    HttpResponse response;
};

/// Whether a request is the one an exchange saved: the same method, the same
/// path and the same query parameters in any order (each compared decoded),
/// and, when the exchange keeps one, the same JSON body.
[[nodiscard]] bool matches(const Exchange& exchange, const HttpRequest& request);

/// The same path and query parameters, in any order.
[[nodiscard]] bool same_target(std::string_view a, std::string_view b);

/// Reads exchanges from a JSON array as above; `folder` is where body files
/// are looked for. The error names the entry and what is wrong with it.
boost::system::result<std::vector<Exchange>, std::string> read_exchanges(const boost::json::value& index,
                                                                         const std::filesystem::path& folder);

/// Reads an index file (or a folder's cassette.json).
boost::system::result<std::vector<Exchange>, std::string> load_exchanges(const std::filesystem::path& path);

/// "GET /path?query" (no headers, so no credentials).
[[nodiscard]] std::string describe(const Exchange& exchange);

}  // namespace callbridge::testing
