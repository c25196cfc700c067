// The HTTPS client against a loopback server: TLS verification, keep-alive
// reuse, time limits, the body cap, broken connections, redirects.

#include <callbridge/http_client.hpp>

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "support/temp_file.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <doctest/doctest.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// A TLS server whose certificate authority the client is told to trust.
struct TrustedServer {
    mock::CertificateAuthority authority;
    TempFile ca_file{authority.certificate_pem()};
    mock::HttpServer server;

    explicit TrustedServer(mock::RequestHandler handler)
        : server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, std::move(handler)) {}
};

HttpRequest get(const mock::HttpServer& server, std::string target = "/api/user/calls?page=1") {
    HttpRequest request;
    request.origin = Origin{"https", "127.0.0.1", server.port()};
    request.target = std::move(target);
    request.headers = {{"Authorization", "Bearer secret-token"}, {"Accept", "application/json"}};
    return request;
}

std::shared_ptr<HttpClient> client_for(asio::io_context& io, const TrustedServer& trusted,
                                       HttpClientOptions options = {}) {
    options.ca_files.push_back(trusted.ca_file.path());
    auto client = make_https_client(io.get_executor(), options);
    REQUIRE(client.has_value());
    return *client;
}

std::pair<Error, HttpResponse> send(asio::io_context& io, HttpClient& client, HttpRequest request) {
    std::pair<Error, HttpResponse> outcome;
    client.async_send(std::move(request), [&](Error e, HttpResponse r) { outcome = {std::move(e), std::move(r)}; });
    io.restart();
    io.run();
    return outcome;
}

mock::RequestHandler answer(int status, std::string body) {
    return [status, body](const mock::ServerRequest&) { return mock::ServerReply::json(status, body); };
}

// An environment variable set for one test, put back as it was after.
class ScopedEnv {
public:
    /// Sets `name`, or unsets it for nothing.
    ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

// A certificate directory as update-ca-certificates leaves one: each
// certificate under its subject hash ("9d3b6c5e.0").
class HashedCertificateDirectory {
public:
    explicit HashedCertificateDirectory(const std::string& pem)
        : path_(std::filesystem::temp_directory_path() / ("callbridge-test-certs-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
        BIO* in = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
        X509* certificate = PEM_read_bio_X509(in, nullptr, nullptr, nullptr);
        char name[16];
        std::snprintf(name, sizeof name, "%08lx.0", X509_subject_name_hash(certificate));
        X509_free(certificate);
        BIO_free(in);
        std::ofstream(path_ / name) << pem;
    }
    ~HashedCertificateDirectory() { std::filesystem::remove_all(path_); }

    [[nodiscard]] std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

// One GET to `trusted` through a client that trusts the system's
// authorities alone (no CA file), as the environment names them;
// `after_made` runs between making the client and sending.
std::pair<Error, HttpResponse> send_with_system_trust(TrustedServer& trusted,
                                                      const std::function<void()>& after_made = {}) {
    asio::io_context io;
    auto client = make_https_client(io.get_executor());
    REQUIRE_MESSAGE(client.has_value(), client.error().message());
    if (after_made) after_made();
    return send(io, **client, get(trusted.server));
}

}  // namespace

TEST_SUITE("https") {

TEST_CASE("A GET over verified TLS carries its headers and returns the response") {
    std::optional<mock::ServerRequest> seen;
    TrustedServer trusted([&](const mock::ServerRequest& request) {
        seen = request;
        auto reply = mock::ServerReply::json(200, R"({"data":[]})");
        reply.headers.push_back({"X-RateLimit-Remaining", "99"});
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    auto [error, response] = send(io, *client, get(trusted.server, "/api/user/calls?phone_number=%2B40712345678"));
    REQUIRE_FALSE(error);
    CHECK(response.status == 200);
    CHECK(response.body == R"({"data":[]})");
    CHECK(find_header(response.headers, "x-ratelimit-remaining") == "99");
    REQUIRE(seen.has_value());
    CHECK(seen->target == "/api/user/calls?phone_number=%2B40712345678");
    CHECK(seen->param("phone_number") == "+40712345678");
    CHECK(find_header(seen->headers, "Authorization") == "Bearer secret-token");
    CHECK(find_header(seen->headers, "Accept") == "application/json");
    CHECK(find_header(seen->headers, "Host") == "127.0.0.1:" + std::to_string(trusted.server.port()));
}

TEST_CASE("Interim responses 100 Continue and 103 Early Hints are skipped for the final one") {
    TrustedServer trusted([](const mock::ServerRequest& request) {
        auto reply = mock::ServerReply::json(200, R"({"data":[)" + request.param("page").value_or("") + "]}");
        reply.interim = {{100, {}}, {103, {{"Link", "</style.css>; rel=preload; as=style"}}}};
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    for (std::string page : {"1", "2"}) {  // and the connection is still good for the next
        auto [error, response] = send(io, *client, get(trusted.server, "/api/user/calls?page=" + page));
        REQUIRE_MESSAGE(!error, error.message());
        CHECK(response.status == 200);
        CHECK(response.body == R"({"data":[)" + page + "]}");
        CHECK_FALSE(find_header(response.headers, "Link").has_value());  // the hint's, not the response's
    }
    CHECK(trusted.server.stats().connections == 1);
}

TEST_CASE("A server that sends interim responses without end is a malformed response") {
    TrustedServer trusted([](const mock::ServerRequest&) {
        auto reply = mock::ServerReply::json(200, "{}");
        reply.interim.assign(40, {103, {{"Link", "</a.js>; rel=preload"}}});
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE(error.is(errc::malformed_response));
    CHECK(error.message() == "malformed response: more than 16 interim (1xx) responses before the final one [HTTP 103]");
}

TEST_CASE("Keep-alive: many requests cost one connection and one handshake") {
    TrustedServer trusted(answer(200, "{}"));
    asio::io_context io;
    auto client = client_for(io, trusted);
    for (int i = 0; i < 10; ++i) {
        auto [error, response] = send(io, *client, get(trusted.server));
        REQUIRE_FALSE(error);
    }
    CHECK(trusted.server.stats().requests == 10);
    CHECK(trusted.server.stats().connections == 1);
    CHECK(trusted.server.stats().tls_handshakes == 1);
    CHECK(stats_of(*client).connections_opened == 1);
    CHECK(stats_of(*client).connections_reused == 9);
}

TEST_CASE("Concurrent requests open connections that are then reused") {
    TrustedServer trusted([](const mock::ServerRequest&) {
        auto reply = mock::ServerReply::json(200, "{}");
        reply.delay = 50ms;
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    for (int round = 0; round < 3; ++round) {
        int done = 0;
        for (int i = 0; i < 4; ++i)
            client->async_send(get(trusted.server), [&](Error e, HttpResponse) {
                CHECK_FALSE(e);
                ++done;
            });
        io.restart();
        io.run();
        CHECK(done == 4);
    }
    CHECK(trusted.server.stats().requests == 12);
    CHECK(trusted.server.stats().tls_handshakes == 4);
}

TEST_CASE("A stale keep-alive connection is replaced once transparently") {
    // The server closes after each reply without saying so.
    TrustedServer trusted([](const mock::ServerRequest&) {
        auto reply = mock::ServerReply::json(200, "{}");
        reply.fault = mock::ServerReply::Fault::close_after;
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    for (int i = 0; i < 3; ++i) {
        auto [error, response] = send(io, *client, get(trusted.server));
        REQUIRE_MESSAGE(!error, error.message());
    }
    CHECK(trusted.server.stats().requests == 3);
    CHECK(trusted.server.stats().connections == 3);
}

TEST_CASE("An untrusted certificate is refused before the request is sent") {
    mock::CertificateAuthority other("someone else's CA");
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(other)}, answer(200, "{}"));
    mock::CertificateAuthority ours;
    TempFile ca_file(ours.certificate_pem());
    asio::io_context io;
    auto client = make_https_client(io.get_executor(), {.ca_files = {ca_file.path()}});
    REQUIRE(client.has_value());
    auto [error, response] = send(io, **client, get(server));
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::tls_handshake);
    CHECK_MESSAGE(error.details().message.find("certificate rejected") != std::string::npos, error.message());
    CHECK_FALSE(is_transient(error));
    CHECK(server.stats().requests == 0);  // the token never left
}

TEST_CASE("A certificate for another host is refused before the request is sent") {
    mock::CertificateAuthority authority;
    TempFile ca_file(authority.certificate_pem());
    mock::HttpServer server(mock::ServerOptions{.tls = authority.issue({"app.example.com"}, {})}, answer(200, "{}"));
    asio::io_context io;
    auto client = make_https_client(io.get_executor(), {.ca_files = {ca_file.path()}});
    auto [error, response] = send(io, **client, get(server));
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::tls_handshake);
    CHECK_MESSAGE(error.details().message.find("mismatch") != std::string::npos, error.message());
    CHECK(server.stats().requests == 0);
}

TEST_CASE("Without the CA file the system trust store alone refuses the mock's certificate") {
    TrustedServer trusted(answer(200, "{}"));
    auto [error, response] = send_with_system_trust(trusted);
    CHECK(error.is(errc::transport));
    CHECK(trusted.server.stats().requests == 0);
}

TEST_CASE("The system's authorities are looked up in a hashed certificate directory (SSL_CERT_DIR)") {
    TrustedServer trusted(answer(200, "{}"));
    HashedCertificateDirectory directory(trusted.authority.certificate_pem());
    ScopedEnv dir("SSL_CERT_DIR", directory.path());
    ScopedEnv no_file("SSL_CERT_FILE", std::nullopt);  // the directory alone
    auto [error, response] = send_with_system_trust(trusted);
    CHECK_MESSAGE(!error, error.message());
    CHECK(response.status == 200);
}

TEST_CASE("The system's authorities come from the bundle SSL_CERT_FILE names") {
    TrustedServer trusted(answer(200, "{}"));
    mock::CertificateAuthority other("someone else's CA");
    HashedCertificateDirectory directory(other.certificate_pem());  // trusts only the other CA
    ScopedEnv dir("SSL_CERT_DIR", directory.path());
    ScopedEnv file("SSL_CERT_FILE", trusted.ca_file.path());
    auto [error, response] = send_with_system_trust(trusted);
    CHECK_MESSAGE(!error, error.message());
    CHECK(response.status == 200);
}

TEST_CASE("The bundle SSL_CERT_FILE names is read when a chain first needs it and not when the client is made") {
    TrustedServer trusted(answer(200, "{}"));
    mock::CertificateAuthority other("someone else's CA");
    HashedCertificateDirectory directory(other.certificate_pem());
    ScopedEnv dir("SSL_CERT_DIR", directory.path());
    TempFile bundle("");  // empty when the client is made
    ScopedEnv file("SSL_CERT_FILE", bundle.path());
    auto [error, response] = send_with_system_trust(
        trusted, [&] { std::ofstream(bundle.path(), std::ios::binary) << trusted.authority.certificate_pem(); });
    CHECK_MESSAGE(!error, error.message());
    CHECK(response.status == 200);
}

TEST_CASE("An empty SSL_CERT_DIR is passed over as OpenSSL passes it over") {
    TrustedServer trusted(answer(200, "{}"));
    ScopedEnv dir("SSL_CERT_DIR", "");
    ScopedEnv file("SSL_CERT_FILE", trusted.ca_file.path());
    auto [error, response] = send_with_system_trust(trusted);
    CHECK_MESSAGE(!error, error.message());
    CHECK(response.status == 200);
}

TEST_CASE("A hashed certificate directory without the mock's authority refuses its certificate") {
    TrustedServer trusted(answer(200, "{}"));
    mock::CertificateAuthority other("someone else's CA");
    HashedCertificateDirectory directory(other.certificate_pem());
    ScopedEnv dir("SSL_CERT_DIR", directory.path());
    ScopedEnv no_file("SSL_CERT_FILE", std::nullopt);  // the directory alone
    auto [error, response] = send_with_system_trust(trusted);
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::tls_handshake);
    CHECK(trusted.server.stats().requests == 0);
}

TEST_CASE("Redirects come back as responses and are not followed") {
    std::atomic<int> requests = 0;
    TrustedServer trusted([&](const mock::ServerRequest&) {
        ++requests;
        mock::ServerReply reply;
        reply.status = 302;
        reply.headers = {{"Location", "https://attacker.example/steal"}};
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE_FALSE(error);
    CHECK(response.status == 302);
    CHECK(find_header(response.headers, "Location") == "https://attacker.example/steal");
    CHECK(requests == 1);
}

TEST_CASE("A body over the cap is a malformed response") {
    TrustedServer trusted(answer(200, std::string(100000, 'x')));
    asio::io_context io;
    auto client = client_for(io, trusted, {.max_body_bytes = 4096, .accept_gzip = false});
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE(error.is(errc::malformed_response));
    CHECK(error.details().message == "the response body is over the size cap of 4096 bytes");
}

// A reply whose body is sent as given, with the Content-Encoding given.
mock::RequestHandler encoded(std::string body, std::string encoding = "gzip") {
    return [body, encoding](const mock::ServerRequest&) {
        mock::ServerReply reply = mock::ServerReply::json(200, body);
        reply.headers.push_back({"Content-Encoding", encoding});
        return reply;
    };
}

TEST_CASE("gzip is asked for and inflated as it streams in and the headers then say so") {
    std::string page = "{\"data\":[";
    for (int i = 0; i < 3000; ++i) page += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) + "}";
    page += "]}";
    std::string seen_encoding;
    TrustedServer trusted([&](const mock::ServerRequest& request) {
        seen_encoding = std::string(find_header(request.headers, "Accept-Encoding").value_or(""));
        return mock::ServerReply::json(200, page);
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE_FALSE(error);
    CHECK(seen_encoding == "gzip");
    CHECK(response.body == page);
    CHECK_FALSE(find_header(response.headers, "Content-Encoding"));
    CHECK_FALSE(find_header(response.headers, "Content-Length"));
    const HttpClientStats stats = stats_of(*client);
    CHECK(stats.body_bytes == page.size());
    CHECK(stats.body_bytes_received < page.size() / 4);  // what went over the wire

    auto identity = client_for(io, trusted, {.accept_gzip = false});
    auto [plain_error, plain] = send(io, *identity, get(trusted.server));
    REQUIRE_FALSE(plain_error);
    CHECK(seen_encoding == "identity");
    CHECK(plain.body == page);
    CHECK(stats_of(*identity).body_bytes_received == page.size());
}

TEST_CASE("gzip: a small body that inflates past the cap is refused while it streams") {
    const std::string bomb = mock::gzip(std::string(64 * 1024 * 1024, '0'));  // 64 MiB in about 64 kB
    REQUIRE(bomb.size() < 128 * 1024);
    TrustedServer trusted(encoded(bomb));
    asio::io_context io;
    auto client = client_for(io, trusted, {.max_body_bytes = 1024 * 1024});
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE(error.is(errc::malformed_response));
    CHECK(error.details().message == "the response body inflates past the size cap of 1048576 bytes");
    CHECK(response.body.empty());
}

TEST_CASE("gzip: a body that inflates to exactly the cap is read and one byte more is not") {
    asio::io_context io;
    TrustedServer exact(encoded(mock::gzip(std::string(5000, 'a'))));
    auto [error, response] = send(io, *client_for(io, exact, {.max_body_bytes = 5000}), get(exact.server));
    REQUIRE_FALSE(error);
    CHECK(response.body.size() == 5000);
    TrustedServer over(encoded(mock::gzip(std::string(5001, 'a'))));
    auto [over_error, over_response] = send(io, *client_for(io, over, {.max_body_bytes = 5000}), get(over.server));
    REQUIRE(over_error.is(errc::malformed_response));
    CHECK(over_error.details().message == "the response body inflates past the size cap of 5000 bytes");
}

TEST_CASE("gzip: members one after another are one body and corrupt or cut data is malformed") {
    asio::io_context io;
    TrustedServer members(encoded(mock::gzip("{\"data\":") + mock::gzip("[]}")));
    auto [error, response] = send(io, *client_for(io, members), get(members.server));
    REQUIRE_FALSE(error);
    CHECK(response.body == "{\"data\":[]}");

    std::string corrupt = mock::gzip(std::string(2000, 'b'));
    corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x55);
    TrustedServer broken(encoded(corrupt));
    auto [broken_error, broken_response] = send(io, *client_for(io, broken), get(broken.server));
    REQUIRE(broken_error.is(errc::malformed_response));
    CHECK(broken_error.details().message.starts_with("the gzip body is corrupt ("));

    const std::string whole = mock::gzip(std::string(2000, 'c'));
    TrustedServer cut(encoded(whole.substr(0, whole.size() - 6)));  // the trailer cut off
    auto [cut_error, cut_response] = send(io, *client_for(io, cut), get(cut.server));
    REQUIRE(cut_error.is(errc::malformed_response));
    CHECK(cut_error.details().message == "the gzip body is cut short (its last member does not end)");

    TrustedServer trailing(encoded(whole + "garbage"));
    auto [trailing_error, trailing_response] = send(io, *client_for(io, trailing), get(trailing.server));
    REQUIRE(trailing_error.is(errc::malformed_response));
    CHECK(trailing_error.details().message.starts_with("the gzip body is corrupt ("));
}

TEST_CASE("gzip: x-gzip is gzip and another encoding is passed on as it came") {
    asio::io_context io;
    TrustedServer old_name(encoded(mock::gzip("{}"), "x-gzip"));
    auto [error, response] = send(io, *client_for(io, old_name), get(old_name.server));
    REQUIRE_FALSE(error);
    CHECK(response.body == "{}");
    TrustedServer brotli(encoded("\x1b\x03\x00\x00", "br"));
    auto [br_error, br_response] = send(io, *client_for(io, brotli), get(brotli.server));
    REQUIRE_FALSE(br_error);  // the source says it cannot read it, naming the encoding
    CHECK(find_header(br_response.headers, "Content-Encoding") == "br");
}

TEST_CASE("A connection cut mid-body is a transport error while reading") {
    TrustedServer trusted([](const mock::ServerRequest&) {
        auto reply = mock::ServerReply::json(200, std::string(20000, 'x'));
        reply.fault = mock::ServerReply::Fault::cut_mid_body;
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::read_response);
    CHECK(is_transient(error));
}

TEST_CASE("A truncated body (the server closes early) is a transport error while reading") {
    TrustedServer trusted([](const mock::ServerRequest&) {
        auto reply = mock::ServerReply::json(200, R"({"data":[1,2,3,4,5,6,7,8,9,10]})");
        reply.fault = mock::ServerReply::Fault::truncated_body;
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::read_response);
    CHECK(response.body.empty());
}

TEST_CASE("A stalled server runs into the request time limit") {
    TrustedServer trusted([](const mock::ServerRequest&) {
        mock::ServerReply reply;
        reply.fault = mock::ServerReply::Fault::stall;
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted, {.request_timeout = 300ms});
    const auto started = std::chrono::steady_clock::now();
    auto [error, response] = send(io, *client, get(trusted.server));
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::read_response);
    CHECK(error.details().cause.message().find("timeout") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < 10s);  // the limit, not a hang
}

TEST_CASE("Nothing listening is a transport error while connecting") {
    asio::io_context io;
    auto client = make_https_client(io.get_executor());
    HttpRequest request;
    request.origin = Origin{"https", "127.0.0.1", 1};
    request.target = "/";
    auto [error, response] = send(io, **client, request);
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::connect);
    CHECK(error.message().find("while connecting") != std::string::npos);
}

TEST_CASE("Plain http is spoken when the origin says so") {
    mock::HttpServer server(mock::ServerOptions{}, answer(200, "plain"));
    asio::io_context io;
    auto client = make_https_client(io.get_executor());
    HttpRequest request = get(server);
    request.origin.scheme = "http";
    auto [error, response] = send(io, **client, request);
    REQUIRE_FALSE(error);
    CHECK(response.body == "plain");
}

TEST_CASE("An unreadable CA file is an invalid option") {
    asio::io_context io;
    auto client = make_https_client(io.get_executor(), {.ca_files = {"/no/such/ca.pem"}});
    REQUIRE(client.has_error());
    CHECK(client.error().is(errc::invalid_option));
    CHECK(client.error().details().option == "ca_file");
    CHECK(client.error().details().message.find("/no/such/ca.pem") != std::string::npos);
}

TEST_CASE("Cancelling a request in flight completes it with operation_aborted") {
    TrustedServer trusted([](const mock::ServerRequest&) {
        mock::ServerReply reply;
        reply.fault = mock::ServerReply::Fault::stall;
        return reply;
    });
    asio::io_context io;
    auto client = client_for(io, trusted);
    asio::cancellation_signal cancel;
    std::optional<Error> outcome;
    client->async_send(get(trusted.server),
                       asio::bind_cancellation_slot(cancel.slot(), [&](Error e, HttpResponse) { outcome = e; }));
    asio::steady_timer timer(io, 200ms);
    timer.async_wait([&](boost::system::error_code) { cancel.emit(asio::cancellation_type::terminal); });
    io.run();
    REQUIRE(outcome.has_value());
    CHECK(outcome->code() == asio::error::operation_aborted);
}

}  // TEST_SUITE
