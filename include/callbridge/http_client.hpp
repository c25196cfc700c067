#pragma once
// The one HTTP client interface: send a request, get a response or a
// transport error. `make_https_client` gives the Beast + OpenSSL one; tests
// and plugins may give their own (a fake that serves fixtures, say).

#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace callbridge {

class HttpClient {
public:
    using executor_type = boost::asio::any_io_executor;
    /// A response of any status (3xx and 4xx included: the client follows no
    /// redirect), or a transport error (errc::transport, with its stage) or an
    /// over-the-cap body (errc::malformed_response).
    using send_signature = void(Error, HttpResponse);

    virtual ~HttpClient() = default;

    [[nodiscard]] virtual executor_type get_executor() const = 0;

    /// Sends `request`; completes with the response. Works with any
    /// completion token; cancellation through the token's cancellation slot.
    template <boost::asio::completion_token_for<send_signature> Token>
    auto async_send(HttpRequest request, Token&& token) {
        return boost::asio::async_initiate<Token, send_signature>(
            [this](auto handler, HttpRequest r) { do_send(std::move(r), std::move(handler)); }, token,
            std::move(request));
    }

private:
    virtual void do_send(HttpRequest request, boost::asio::any_completion_handler<send_signature> handler) = 0;
};

struct HttpClientOptions {
    /// Extra certificate authorities (PEM files), trusted beside the system's.
    std::vector<std::string> ca_files;
    /// Time limits for each phase of a request. The host-name lookup is
    /// abandoned after resolve_timeout, but the system's resolver
    /// (getaddrinfo) cannot be interrupted: a lookup it is already inside
    /// ends when the resolver gives up.
    /// (A healthy vendor needs well under a second for each of the first
    /// three, and a few seconds for a page; these limits are for servers that
    /// stall, and with the retries they add up to about a minute a page: see
    /// RetryOptions.)
    std::chrono::milliseconds resolve_timeout{std::chrono::seconds(5)};
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
    std::chrono::milliseconds handshake_timeout{std::chrono::seconds(5)};
    /// From the first byte sent to the last byte of the response.
    std::chrono::milliseconds request_timeout{std::chrono::seconds(15)};
    /// The largest response body read, after inflating; a larger one is a
    /// malformed response (a compressed body is refused as it inflates past
    /// it, never buffered whole).
    std::size_t max_body_bytes = 32 * 1024 * 1024;
    /// Ask for gzip (`Accept-Encoding: gzip`) and inflate it as it streams
    /// in; false asks for `identity`. Other encodings are never asked for,
    /// and a body in one is refused by the source.
    bool accept_gzip = true;
    /// Idle keep-alive connections kept per origin, and for how long. At
    /// least a listing's concurrency: the responses of one round come back
    /// together, and each connection closed here is a new TLS handshake in
    /// the next round (the command's --concurrency goes up to 32).
    std::size_t max_idle_connections = 32;
    std::chrono::seconds idle_timeout{30};
};

/// What a client has done so far, for tests and progress reports.
struct HttpClientStats {
    std::uint64_t requests = 0;
    std::uint64_t connections_opened = 0;  ///< each https one is one TLS handshake
    std::uint64_t connections_reused = 0;
    /// Response bodies as they came over the wire (compressed or not)...
    std::uint64_t body_bytes_received = 0;
    /// ...and as read, inflated.
    std::uint64_t body_bytes = 0;
};

/// The HTTPS client over Beast and OpenSSL: TLS 1.2 or newer, peer and host
/// name verification, SNI; the system trust store plus `ca_files`;
/// keep-alive connections reused per origin; a time limit per phase; gzip
/// bodies inflated as they stream in; a body size cap enforced while
/// reading; no redirects followed. Plain http:// is spoken only to a request
/// whose origin says so (sources refuse it unless told otherwise). An
/// unreadable CA file is an invalid option error.
boost::system::result<std::shared_ptr<HttpClient>, Error> make_https_client(boost::asio::any_io_executor executor,
                                                                           HttpClientOptions options = {});

/// Whether a failed send is worth repeating: transport failures are, except
/// what TLS itself refuses (a certificate refused once is refused again).
bool is_transient(const Error& error) noexcept;

/// The statistics of a client made by make_https_client (zeros for others).
HttpClientStats stats_of(const HttpClient& client);

}  // namespace callbridge
