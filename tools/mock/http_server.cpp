// The loopback server: Beast on the server side, one thread, one coroutine
// per connection.

#include "mock/http_server.hpp"


#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/erase.hpp>

#include <zlib.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <variant>

namespace callbridge::mock {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// Named once: GCC 12 mishandles temporaries in co_await expressions.
constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

ServerRequest to_server_request(const http::request<http::string_body>& message, std::uint64_t connection) {
    ServerRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.connection = connection;
    request.body = message.body();
    for (const auto& field : message)
        request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    auto parsed = boost::urls::parse_origin_form(request.target);
    if (parsed) {
        request.path = std::string(parsed->path());
        for (auto param : parsed->params())
            request.query.emplace_back(std::string(param.key), std::string(param.has_value ? param.value : ""));
    } else {
        request.path = request.target;
    }
    return request;
}

std::string reason(int status) {
    const auto text = http::obsolete_reason(static_cast<http::status>(status));
    return text.empty() ? "Unknown" : std::string(text);
}

// Status line and headers as written on the wire, for replies sent by hand;
// the interim responses first.
std::string head_of(const ServerReply& reply, std::size_t content_length) {
    std::string head;
    for (const auto& interim : reply.interim) {
        head += "HTTP/1.1 " + std::to_string(interim.status) + " " + reason(interim.status) + "\r\n";
        for (const auto& header : interim.headers) head += header.name + ": " + header.value + "\r\n";
        head += "\r\n";
    }
    head += "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) + "\r\n";
    for (const auto& header : reply.headers) head += header.name + ": " + header.value + "\r\n";
    head += "Content-Length: " + std::to_string(content_length) + "\r\n\r\n";
    return head;
}

// Whether an Accept-Encoding value takes gzip (and does not refuse it with q=0).
bool accepts_gzip(beast::string_view field) {
    std::string value(field);
    boost::algorithm::to_lower(value);
    boost::algorithm::erase_all(value, " ");
    const auto at = value.find("gzip");
    return at != std::string::npos && value.compare(at, 9, "gzip;q=0,") != 0 && value.substr(at) != "gzip;q=0";
}

}  // namespace

std::string gzip(std::string_view bytes) {
    z_stream z{};
    // 16 + MAX_WBITS: a gzip wrapper.
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("cannot start gzip");
    std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&z, Z_FINISH);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    if (status != Z_STREAM_END) throw std::runtime_error("gzip failed");
    return out;
}

std::optional<std::string> ServerRequest::param(std::string_view name) const {
    for (const auto& [key, value] : query)
        if (key == name) return value;
    return std::nullopt;
}

ServerReply ServerReply::json(int status, std::string body) {
    ServerReply reply;
    reply.status = status;
    reply.headers = {{"Content-Type", "application/json"}};
    reply.body = std::move(body);
    return reply;
}

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::optional<ssl::context> tls;
    RequestHandler handler;
    std::thread thread;
    std::atomic<std::uint64_t> connections{0}, tls_handshakes{0}, requests{0};
    std::set<std::shared_ptr<tcp::socket>> open;  // to close them all on stop
    bool https = false;
    bool gzip_bodies = true;

    asio::awaitable<void> accept_loop() {
        while (true) {
            auto [error, socket] = co_await acceptor.async_accept(use_tuple);
            if (error) co_return;
            const std::uint64_t id = ++connections;
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            asio::co_spawn(io, serve(std::move(socket), id), asio::detached);
        }
    }

    asio::awaitable<void> serve(tcp::socket socket, std::uint64_t id) {
        if (tls) {
            TlsConnection stream(std::move(socket), *tls);
            auto [error] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
            if (error) co_return;
            ++tls_handshakes;
            co_await session(stream, id);
        } else {
            beast::tcp_stream stream(std::move(socket));
            co_await session(stream, id);
        }
    }

    using TlsConnection = beast::ssl_stream<beast::tcp_stream>;

    template <class Stream>
    asio::awaitable<void> session(Stream& stream, std::uint64_t id) {
        auto& socket = beast::get_lowest_layer(stream).socket();
        auto tracked = std::shared_ptr<tcp::socket>(&socket, [](tcp::socket*) {});
        open.insert(tracked);
        beast::flat_buffer buffer;
        while (true) {
            http::request<http::string_body> message;
            auto [read_error, read] = co_await http::async_read(stream, buffer, message, use_tuple);
            if (read_error) break;
            ++requests;
            // A vendor's latency counts from the request's arrival: the
            // mock's own work to answer is part of it, not added to it.
            const auto arrived = std::chrono::steady_clock::now();
            ServerReply reply = handler(to_server_request(message, id));
            if (gzip_bodies && accepts_gzip(message[http::field::accept_encoding]) && reply.body.size() >= 256 &&
                !find_header(reply.headers, "Content-Encoding")) {
                reply.body = gzip(reply.body);
                reply.headers.push_back({"Content-Encoding", "gzip"});
            }
            if (reply.delay.count() > 0) {
                asio::steady_timer timer(io, arrived + reply.delay);
                auto [timer_error] = co_await timer.async_wait(use_tuple);
                if (timer_error) break;
            }
            if (reply.fault == ServerReply::Fault::stall) {
                asio::steady_timer timer(io, std::chrono::hours(1));
                co_await timer.async_wait(use_tuple);  // until stop() closes everything
                break;
            }
            if (reply.fault == ServerReply::Fault::cut_mid_body || reply.fault == ServerReply::Fault::truncated_body) {
                const std::string partial = head_of(reply, reply.body.size()) + reply.body.substr(0, reply.body.size() / 2);
                co_await asio::async_write(stream, asio::buffer(partial), use_tuple);  // errors end the session anyway
                if (reply.fault == ServerReply::Fault::cut_mid_body) {
                    boost::system::error_code ignored;
                    socket.set_option(tcp::socket::linger(true, 0), ignored);  // a reset, not a goodbye
                    socket.close(ignored);
                } else {
                    co_await shutdown(stream);
                }
                break;
            }
            const std::string whole = head_of(reply, reply.body.size()) + reply.body;
            auto [write_error, written] = co_await asio::async_write(stream, asio::buffer(whole), use_tuple);
            if (write_error || reply.fault == ServerReply::Fault::close_after || !message.keep_alive()) {
                co_await shutdown(stream);
                break;
            }
        }
        open.erase(tracked);
    }

    asio::awaitable<void> shutdown(TlsConnection& stream) {
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
        co_await stream.async_shutdown(use_tuple);
        beast::get_lowest_layer(stream).socket().close();
    }
    asio::awaitable<void> shutdown(beast::tcp_stream& stream) {
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.socket().close(ignored);
        co_return;
    }

    void stop() {
        if (!thread.joinable()) return;
        asio::post(io, [self = shared_from_this()] {
            boost::system::error_code ignored;
            self->acceptor.close(ignored);
            for (const auto& socket : self->open) socket->close(ignored);
            self->io.stop();  // stalled sessions wait on timers that would keep it running
        });
        thread.join();
    }
};

HttpServer::HttpServer(ServerOptions options, RequestHandler handler) : impl_(std::make_shared<Impl>()) {
    impl_->handler = std::move(handler);
    impl_->gzip_bodies = options.gzip;
    if (options.tls) {
        impl_->tls.emplace(ssl::context::tls_server);
        impl_->tls->use_certificate_chain(asio::buffer(options.tls->certificate_pem));
        impl_->tls->use_private_key(asio::buffer(options.tls->private_key_pem), ssl::context::pem);
        impl_->https = true;
    }
    const tcp::endpoint endpoint(asio::ip::make_address(options.address), options.port);
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
    asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
    impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop() { impl_->stop(); }

std::uint16_t HttpServer::port() const noexcept {
    boost::system::error_code ec;
    const auto endpoint = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

std::string HttpServer::base_url() const {
    return std::string(impl_->https ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

ServerStats HttpServer::stats() const noexcept {
    return {impl_->connections.load(), impl_->tls_handshakes.load(), impl_->requests.load()};
}

}  // namespace callbridge::mock
