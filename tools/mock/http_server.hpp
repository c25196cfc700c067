#pragma once
// A loopback HTTP(S) server for tests and the vendor mock: each request goes
// to a handler that says what to answer, or how to misbehave. It runs on its
// own thread, from construction until stop() or destruction.

#include "certificates.hpp"

#include <callbridge/http_message.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace callbridge::mock {

struct ServerRequest {
    std::string method;
    std::string target;  ///< as sent: path and encoded query
    std::string path;
    /// The query, percent-decoded, in order.
    std::vector<std::pair<std::string, std::string>> query;
    HttpHeaders headers;
    /// The request body as sent (a JSON POST's filters).
    std::string body;
    /// Which connection carried it (1 for the first accepted).
    std::uint64_t connection = 0;

    /// The first query value of that name, decoded.
    [[nodiscard]] std::optional<std::string> param(std::string_view name) const;
};

struct ServerReply {
    enum class Fault {
        none,
        cut_mid_body,    ///< half the body, then the connection is reset
        truncated_body,  ///< half the body, then a clean close
        stall,           ///< nothing is sent, the connection is held open
        close_after,     ///< the reply, then the connection is closed
    };
    /// A response sent before the reply (RFC 9110, 1xx): 100 Continue,
    /// 103 Early Hints.
    struct Interim {
        int status = 100;
        HttpHeaders headers;
    };
    int status = 200;
    HttpHeaders headers;
    std::string body;
    Fault fault = Fault::none;
    /// Sent in turn, right before the reply.
    std::vector<Interim> interim;
    /// How long after the request arrived the reply goes out, the time to
    /// make it included (other connections go on meanwhile).
    std::chrono::milliseconds delay{0};

    static ServerReply json(int status, std::string body);
};

using RequestHandler = std::function<ServerReply(const ServerRequest&)>;

struct ServerOptions {
    std::string address = "127.0.0.1";
    /// 0: a free port chosen by the system.
    std::uint16_t port = 0;
    /// Nothing: plain HTTP.
    std::optional<KeyAndCertificate> tls;
    /// Bodies of 256 bytes or more are sent gzip-encoded to a request that
    /// accepts gzip, unless the reply names its own Content-Encoding.
    bool gzip = true;
};

/// `bytes` as one gzip member (RFC 1952), at zlib's default level.
std::string gzip(std::string_view bytes);

struct ServerStats {
    std::uint64_t connections = 0;
    std::uint64_t tls_handshakes = 0;
    std::uint64_t requests = 0;
};

class HttpServer {
public:
    /// Listens at once; port() is ready when the constructor returns.
    HttpServer(ServerOptions options, RequestHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept;
    /// "https://127.0.0.1:PORT" (or http://).
    [[nodiscard]] std::string base_url() const;
    [[nodiscard]] ServerStats stats() const noexcept;

    /// Stops listening, drops every connection and joins the thread.
    void stop();

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace callbridge::mock
