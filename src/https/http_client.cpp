// The HTTPS client: the only code that includes Beast and Asio SSL.

#include <callbridge/http_client.hpp>

#include "async/run_on_strand.hpp"
#include "async/use_tuple.hpp"
#include "https/gzip_inflater.hpp"
#include "https/system_authorities.hpp"

#include <boost/asio/append.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>

#include <atomic>
#include <deque>
#include <map>
#include <variant>

namespace callbridge {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Steady = std::chrono::steady_clock;

using detail::use_tuple;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

struct Connection {
    std::variant<PlainStream, TlsStream> stream;
    beast::flat_buffer buffer;
    // Where each response's body is read to, a chunk at a time: kept from
    // one response to the next, and never zeroed.
    static constexpr std::size_t body_chunk_bytes = 64 * 1024;
    std::unique_ptr<char[]> body_chunk{new char[body_chunk_bytes]};
    Steady::time_point idle_since;

    template <class... Args>
    explicit Connection(Args&&... args) : stream(std::forward<Args>(args)...) {}

    beast::tcp_stream& tcp() {
        return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); }, stream);
    }
};

Error transport_error(TransportStage stage, boost::system::error_code cause, std::string message = {}) {
    if (cause == asio::error::operation_aborted) return Error(cause);  // cancelled by the caller
    ErrorDetails details;
    details.stage = stage;
    details.cause = cause;
    details.message = std::move(message);
    return {errc::transport, std::move(details)};
}

bool is_ip_literal(const std::string& host) {
    boost::system::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

// Why OpenSSL refused the peer's certificate, when it did.
std::string verify_failure(TlsStream& stream) {
    const long result = SSL_get_verify_result(stream.native_handle());
    if (result == X509_V_OK) return {};
    return std::string("certificate rejected: ") + X509_verify_cert_error_string(result);
}

// More interim responses than this before the final one is a server gone
// wrong, not one being helpful.
constexpr int max_interim_responses = 16;

struct Exchange {
    Error error;
    HttpResponse response;
    bool keep_alive = false;
    bool nothing_received = false;  // the peer closed before answering: a stale keep-alive connection
};

class BeastHttpsClient final : public HttpClient, public std::enable_shared_from_this<BeastHttpsClient> {
public:
    BeastHttpsClient(asio::any_io_executor executor, HttpClientOptions options, ssl::context context)
        : strand_(asio::make_strand(executor)), options_(std::move(options)), tls_(std::move(context)) {}

    executor_type get_executor() const override { return strand_; }

    HttpClientStats stats() const {
        return {requests_.load(), connections_opened_.load(), connections_reused_.load(), body_bytes_received_.load(),
                body_bytes_.load()};
    }

private:
    void do_send(HttpRequest request, asio::any_completion_handler<send_signature> handler) override {
        detail::run_on_strand(strand_, send(std::move(request)), std::move(handler), shared_from_this());
    }

    asio::awaitable<std::pair<Error, HttpResponse>> send(HttpRequest request) {
        Exchange result = co_await exchange_with_retry(request);
        co_return std::pair{std::move(result.error), std::move(result.response)};
    }

    asio::awaitable<Exchange> exchange_with_retry(const HttpRequest& request) {
        // A cancelled operation completes with operation_aborted; it is not
        // thrown at the next co_await.
        co_await asio::this_coro::throw_if_cancelled(false);
        ++requests_;
        auto connection = take_idle(request.origin);
        const bool reused = connection != nullptr;
        if (!connection) {
            Error error;
            connection = co_await connect(request.origin, error);
            if (error) co_return Exchange{std::move(error), {}, false, false};
        }
        Exchange result = co_await exchange(*connection, request);
        if (result.error && reused && result.nothing_received && !co_await detail::cancelled()) {
            // The server closed the idle connection meanwhile: one fresh try.
            Error error;
            connection = co_await connect(request.origin, error);
            if (error) co_return Exchange{std::move(error), {}, false, false};
            result = co_await exchange(*connection, request);
        }
        if (!result.error && result.keep_alive) put_idle(request.origin, std::move(connection));
        co_return result;
    }

    std::unique_ptr<Connection> take_idle(const Origin& origin) {
        auto found = idle_.find(origin.to_string());
        if (found == idle_.end()) return nullptr;
        auto& pool = found->second;
        while (!pool.empty()) {
            auto connection = std::move(pool.back());
            pool.pop_back();
            if (Steady::now() - connection->idle_since < options_.idle_timeout) {
                ++connections_reused_;
                return connection;
            }
        }
        return nullptr;
    }

    void put_idle(const Origin& origin, std::unique_ptr<Connection> connection) {
        auto& pool = idle_[origin.to_string()];
        if (pool.size() >= options_.max_idle_connections) return;  // closed as it goes
        connection->idle_since = Steady::now();
        connection->tcp().expires_never();
        pool.push_back(std::move(connection));
    }

    asio::awaitable<std::unique_ptr<Connection>> connect(const Origin& origin, Error& error) {
        const auto executor = co_await asio::this_coro::executor;

        // Look up the host name, given up when its time is up. The deadline's
        // state is shared: its handler may run after this frame is gone.
        struct Lookup {
            tcp::resolver resolver;
            asio::steady_timer deadline;
            bool timed_out = false;
        };
        auto lookup = std::make_shared<Lookup>(Lookup{tcp::resolver(executor),
                                                      asio::steady_timer(executor, options_.resolve_timeout)});
        lookup->deadline.async_wait([lookup](boost::system::error_code ec) {
            if (ec) return;
            lookup->timed_out = true;
            lookup->resolver.cancel();
        });
        const std::string host = origin.host;
        const std::string service = std::to_string(origin.port);
        auto [resolve_error, endpoints] = co_await lookup->resolver.async_resolve(host, service, use_tuple);
        lookup->deadline.cancel();
        if (resolve_error) {
            error = transport_error(TransportStage::resolve, lookup->timed_out ? beast::error::timeout : resolve_error);
            co_return nullptr;
        }

        std::unique_ptr<Connection> connection;
        if (origin.scheme == "https")
            connection = std::make_unique<Connection>(std::in_place_type<TlsStream>, executor, tls_);
        else
            connection = std::make_unique<Connection>(std::in_place_type<PlainStream>, executor);

        // Connect, within the connect time limit.
        connection->tcp().expires_after(options_.connect_timeout);
        auto [connect_error, endpoint] = co_await connection->tcp().async_connect(endpoints, use_tuple);
        if (connect_error) {
            error = transport_error(TransportStage::connect, connect_error);
            co_return nullptr;
        }
        ++connections_opened_;
        // Requests and responses are whole messages: do not hold back their
        // last segment for an ACK (Nagle against delayed ACKs costs 40 ms).
        boost::system::error_code ignored;
        connection->tcp().socket().set_option(tcp::no_delay(true), ignored);
        if (auto* tls = std::get_if<TlsStream>(&connection->stream)) {
            // SNI, then the host the certificate must name, then the handshake.
            if (is_ip_literal(host)) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls->native_handle()), host.c_str());
            } else {
                SSL_set_tlsext_host_name(tls->native_handle(), host.c_str());
                SSL_set1_host(tls->native_handle(), host.c_str());
            }
            connection->tcp().expires_after(options_.handshake_timeout);
            auto [handshake_error] = co_await tls->async_handshake(ssl::stream_base::client, use_tuple);
            if (handshake_error) {
                error = transport_error(TransportStage::tls_handshake, handshake_error, verify_failure(*tls));
                co_return nullptr;
            }
        }
        co_return connection;
    }

    asio::awaitable<Exchange> exchange(Connection& connection, const HttpRequest& request) {
        co_return co_await std::visit([&](auto& stream) { return exchange_on(stream, connection, request); },
                                      connection.stream);
    }

    template <class Stream>
    asio::awaitable<Exchange> exchange_on(Stream& stream, Connection& connection, const HttpRequest& request) {
        http::request<http::string_body> message{http::verb::get, request.target, 11};
        message.method_string(request.method);
        if (!request.body.empty()) {
            message.body() = request.body;
            message.prepare_payload();
        }
        const bool default_port = request.origin.port == (request.origin.scheme == "https" ? 443 : 80);
        const bool ipv6 = request.origin.host.find(':') != std::string::npos;
        const std::string host = ipv6 ? "[" + request.origin.host + "]" : request.origin.host;
        message.set(http::field::host, default_port ? host : host + ":" + std::to_string(request.origin.port));
        for (const auto& header : request.headers) message.set(header.name, header.value);
        // gzip is inflated as it streams in (or nothing compressed, when so told).
        if (message.find(http::field::accept_encoding) == message.end())
            message.set(http::field::accept_encoding, options_.accept_gzip ? "gzip" : "identity");
        message.keep_alive(true);

        // Send the request and read the response, within the request time limit.
        connection.tcp().expires_after(options_.request_timeout);
        auto [write_error, written] = co_await http::async_write(stream, message, use_tuple);
        if (write_error)
            co_return Exchange{transport_error(TransportStage::send_request, write_error), {}, false, true};

        // Interim responses (1xx: 100 Continue, 103 Early Hints) come before
        // the final one and are skipped; 101 would switch protocols, which
        // is never asked for, so it is final (and unexpected).
        std::optional<http::response_parser<http::buffer_body>> parser;
        for (int interim = 0;; ++interim) {
            parser.emplace();
            parser->body_limit(options_.max_body_bytes);
            parser->header_limit(64 * 1024);
            auto [read_error, read] = co_await http::async_read_header(stream, connection.buffer, *parser, use_tuple);
            if (read_error == http::error::body_limit) co_return over_cap();  // a Content-Length over the cap
            if (read_error) {
                const bool nothing = interim == 0 && (read_error == http::error::end_of_stream ||
                                                      (!parser->got_some() && read_error != beast::error::timeout));
                co_return Exchange{transport_error(TransportStage::read_response, read_error), {}, false, nothing};
            }
            const unsigned status = parser->get().result_int();
            if (status < 100 || status > 199 || status == 101) break;
            if (interim == max_interim_responses) {
                ErrorDetails details;
                details.message = "more than " + std::to_string(max_interim_responses) +
                                  " interim (1xx) responses before the final one";
                details.http_status = static_cast<int>(status);
                co_return Exchange{Error(errc::malformed_response, std::move(details)), {}, false, false};
            }
        }
        auto& response = parser->get();
        Exchange result;
        result.response.status = static_cast<int>(response.result_int());
        const bool gzip = is_gzip(response[http::field::content_encoding]);
        for (const auto& field : response) {
            // An inflated body is no longer encoded, nor of the length sent.
            if (gzip && (field.name() == http::field::content_encoding || field.name() == http::field::content_length))
                continue;
            result.response.headers.push_back({std::string(field.name_string()), std::string(field.value())});
        }

        // The body, as it streams in: kept as it is, or inflated under the cap.
        std::string& body = result.response.body;
        std::optional<GzipInflater> inflater;
        if (gzip) inflater.emplace(body, options_.max_body_bytes);
        else if (const auto length = parser->content_length()) body.reserve(*length);  // under the cap: checked above
        char* const chunk = connection.body_chunk.get();
        while (!parser->is_done()) {
            response.body().data = chunk;
            response.body().size = Connection::body_chunk_bytes;
            auto [read_error, read] = co_await http::async_read(stream, connection.buffer, *parser, use_tuple);
            if (read_error == http::error::need_buffer) read_error = {};
            if (read_error == http::error::body_limit) co_return over_cap();
            if (read_error) co_return Exchange{transport_error(TransportStage::read_response, read_error), {}, false, false};
            const std::size_t got = Connection::body_chunk_bytes - response.body().size;
            body_bytes_received_ += got;
            if (!inflater) {
                body.append(chunk, got);
            } else if (!inflater->feed(std::string_view(chunk, got))) {
                co_return malformed_exchange(inflater->error());
            }
        }
        if (inflater && !inflater->finish()) co_return malformed_exchange(inflater->error());
        body_bytes_ += body.size();
        result.keep_alive = response.keep_alive();
        co_return result;
    }

    static Exchange malformed_exchange(std::string what) {
        ErrorDetails details;
        details.message = std::move(what);
        return Exchange{Error(errc::malformed_response, std::move(details)), {}, false, false};
    }
    Exchange over_cap() const {
        return malformed_exchange("the response body is over the size cap of " +
                                  std::to_string(options_.max_body_bytes) + " bytes");
    }

    // "gzip" or its old name "x-gzip", as one coding (RFC 9110, 8.4.1.3).
    static bool is_gzip(beast::string_view field) {
        std::string value(field);
        boost::algorithm::trim(value);
        return boost::algorithm::iequals(value, "gzip") || boost::algorithm::iequals(value, "x-gzip");
    }

    asio::strand<asio::any_io_executor> strand_;
    HttpClientOptions options_;
    ssl::context tls_;
    std::map<std::string, std::deque<std::unique_ptr<Connection>>> idle_;
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> connections_opened_{0};
    std::atomic<std::uint64_t> connections_reused_{0};
    std::atomic<std::uint64_t> body_bytes_received_{0};
    std::atomic<std::uint64_t> body_bytes_{0};
};

}  // namespace

boost::system::result<std::shared_ptr<HttpClient>, Error> make_https_client(asio::any_io_executor executor,
                                                                           HttpClientOptions options) {
    ssl::context context(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    context.set_verify_mode(ssl::verify_peer);
    if (const std::string failed = detail::trust_system_authorities(context.native_handle()); !failed.empty())
        return invalid_option("ca_file", "cannot load the system's certificate authorities: " + failed);
    boost::system::error_code ec;
    for (const auto& file : options.ca_files) {
        context.load_verify_file(file, ec);
        if (ec)
            return invalid_option("ca_file", "cannot load certificate authorities from '" + file + "': " + ec.message());
    }
    return std::make_shared<BeastHttpsClient>(std::move(executor), std::move(options), std::move(context));
}

bool is_transient(const Error& error) noexcept {
    if (!error.is(errc::transport)) return false;
    return error.details().cause.category() != asio::error::get_ssl_category();
}

HttpClientStats stats_of(const HttpClient& client) {
    if (const auto* beast_client = dynamic_cast<const BeastHttpsClient*>(&client)) return beast_client->stats();
    return {};
}

}  // namespace callbridge
