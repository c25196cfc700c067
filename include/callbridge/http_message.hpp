#pragma once
// Plain HTTP requests and responses, as dialects build and read them. No
// Beast here: the HTTPS client translates at its edge.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

struct HttpHeader {
    std::string name;
    std::string value;

    friend bool operator==(const HttpHeader&, const HttpHeader&) = default;
};

using HttpHeaders = std::vector<HttpHeader>;

/// The first header of that name, compared without regard to case.
std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name) noexcept;

/// Scheme, host and port: what a connection is made to.
struct Origin {
    std::string scheme;  ///< "https" or "http"
    std::string host;
    std::uint16_t port = 443;

    /// "https://app.autocalls.ai" (the port only when not the scheme's default).
    [[nodiscard]] std::string to_string() const;

    friend bool operator==(const Origin&, const Origin&) = default;
};

struct HttpRequest {
    std::string method = "GET";
    Origin origin;
    /// Path and query, already percent-encoded: "/api/user/calls?page=2".
    std::string target;
    HttpHeaders headers;
    /// Sent when not empty (a POST's JSON, say), with the headers' Content-Type.
    std::string body;
};

struct HttpResponse {
    int status = 0;
    HttpHeaders headers;
    std::string body;
};

/// "GET https://host/path?query" for logs and messages. Carries no headers,
/// so no credentials.
std::string describe(const HttpRequest& request);

}  // namespace callbridge
