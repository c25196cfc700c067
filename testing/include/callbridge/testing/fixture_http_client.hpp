#pragma once
// An HttpClient that answers from saved exchanges: no network, no TLS.
//
// By match (the default), a request gets the first saved exchange with its
// method, path and query (parameters in any order); a request saved several
// times gets its answers in the order saved, then the last one again. In
// order, the Nth request must be the Nth exchange. Either way a request
// nothing answers completes with an invalid option error that prints the
// request (credentials and the secrets given to redact() removed) and what
// was on offer, and is kept in unmatched() for the test to fail on.
//
//   auto client = FixtureHttpClient::create(io.get_executor());
//   client->add_file("GET", "/api/user/calls?page=1&per_page=2", 200, "page-1.json");
//   client->add_file("GET", "/api/user/calls?page=2&per_page=2", 200, "page-2.json");
//   options.client = client;   // SourceOptions: the source sends through it

#include <callbridge/http_client.hpp>
#include <callbridge/testing/exchange.hpp>

#include <boost/asio/strand.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace callbridge::testing {

class FixtureHttpClient final : public HttpClient, public std::enable_shared_from_this<FixtureHttpClient> {
public:
    enum class Order { by_match, in_order };

    static std::shared_ptr<FixtureHttpClient> create(boost::asio::any_io_executor executor,
                                                     Order order = Order::by_match);
    /// A client answering from a cassette (a folder with cassette.json, or an
    /// index file); the error says what in it is wrong.
    static boost::system::result<std::shared_ptr<FixtureHttpClient>, std::string> load(
        boost::asio::any_io_executor executor, const std::filesystem::path& cassette, Order order = Order::by_match);

    FixtureHttpClient(boost::asio::any_io_executor executor, Order order);

    executor_type get_executor() const override { return strand_; }

    FixtureHttpClient& add(Exchange exchange);
    FixtureHttpClient& add(std::vector<Exchange> exchanges);
    /// `method target` answered with `status` and `body` (a JSON content type).
    FixtureHttpClient& add(std::string method, std::string target, int status, std::string body,
                           HttpHeaders headers = {});
    /// The same with the body read from a file (it must exist: a missing one
    /// throws std::runtime_error naming it).
    FixtureHttpClient& add_file(std::string method, std::string target, int status,
                                const std::filesystem::path& body_file, HttpHeaders headers = {});
    /// Every request nothing else answers gets this (an error page for every
    /// request, say).
    FixtureHttpClient& otherwise(HttpResponse response);
    /// Values kept out of every message and of unmatched() in every form
    /// (the token a test gives its source); credential headers always are.
    FixtureHttpClient& redact(std::vector<std::string> secrets);

    /// Requests answered so far.
    [[nodiscard]] std::size_t requests() const;
    /// Requests nothing answered, described ("GET https://host/path?q" and
    /// their headers, redacted).
    [[nodiscard]] std::vector<std::string> unmatched() const;
    /// Saved exchanges no request asked for, described.
    [[nodiscard]] std::vector<std::string> unused() const;

private:
    void do_send(HttpRequest request, boost::asio::any_completion_handler<send_signature> handler) override;
    std::pair<Error, HttpResponse> answer(const HttpRequest& request);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    Order order_;
    mutable std::mutex mutex_;
    std::vector<Exchange> exchanges_;
    std::vector<std::size_t> uses_;
    std::optional<HttpResponse> otherwise_;
    std::vector<std::string> secrets_;
    std::vector<std::string> unmatched_;
    std::size_t requests_ = 0;
    std::size_t next_ = 0;
};

/// The replay client is the fixture client over a recorded cassette.
using ReplayHttpClient = FixtureHttpClient;

}  // namespace callbridge::testing
