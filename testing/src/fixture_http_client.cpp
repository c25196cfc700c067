#include <callbridge/testing/fixture_http_client.hpp>

#include "source/redaction.hpp"

#include <boost/asio/append.hpp>
#include <boost/asio/post.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace callbridge::testing {

std::shared_ptr<FixtureHttpClient> FixtureHttpClient::create(boost::asio::any_io_executor executor, Order order) {
    return std::make_shared<FixtureHttpClient>(std::move(executor), order);
}

boost::system::result<std::shared_ptr<FixtureHttpClient>, std::string> FixtureHttpClient::load(
    boost::asio::any_io_executor executor, const std::filesystem::path& cassette, Order order) {
    auto exchanges = load_exchanges(cassette);
    if (!exchanges) return exchanges.error();
    auto client = create(std::move(executor), order);
    client->add(std::move(*exchanges));
    return client;
}

FixtureHttpClient::FixtureHttpClient(boost::asio::any_io_executor executor, Order order)
    : strand_(boost::asio::make_strand(executor)), order_(order) {}

FixtureHttpClient& FixtureHttpClient::add(Exchange exchange) {
    std::lock_guard lock(mutex_);
    exchanges_.push_back(std::move(exchange));
    uses_.push_back(0);
    return *this;
}

FixtureHttpClient& FixtureHttpClient::add(std::vector<Exchange> exchanges) {
    for (auto& e : exchanges) add(std::move(e));
    return *this;
}

FixtureHttpClient& FixtureHttpClient::add(std::string method, std::string target, int status, std::string body,
                                          HttpHeaders headers) {
    if (!find_header(headers, "Content-Type")) headers.push_back({"Content-Type", "application/json"});
    return add(Exchange{std::move(method), std::move(target), std::nullopt,
                        HttpResponse{status, std::move(headers), std::move(body)}});
}

FixtureHttpClient& FixtureHttpClient::add_file(std::string method, std::string target, int status,
                                               const std::filesystem::path& body_file, HttpHeaders headers) {
    std::ifstream in(body_file, std::ios::binary);
    if (!in) throw std::runtime_error("FixtureHttpClient: cannot read " + body_file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return add(std::move(method), std::move(target), status, text.str(), std::move(headers));
}

FixtureHttpClient& FixtureHttpClient::otherwise(HttpResponse response) {
    std::lock_guard lock(mutex_);
    otherwise_ = std::move(response);
    return *this;
}

FixtureHttpClient& FixtureHttpClient::redact(std::vector<std::string> secrets) {
    std::lock_guard lock(mutex_);
    secrets_ = std::move(secrets);
    return *this;
}

std::size_t FixtureHttpClient::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<std::string> FixtureHttpClient::unmatched() const {
    std::lock_guard lock(mutex_);
    return unmatched_;
}

std::vector<std::string> FixtureHttpClient::unused() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < exchanges_.size(); ++i)
        if (uses_[i] == 0) out.push_back(describe(exchanges_[i]));
    return out;
}

std::pair<Error, HttpResponse> FixtureHttpClient::answer(const HttpRequest& request) {
    std::lock_guard lock(mutex_);
    ++requests_;
    const detail::Redactor redactor(secrets_);
    // A request saved with a secret in it was saved redacted: match it so.
    HttpRequest seen = redactor.redacted(request);
    std::optional<std::size_t> found;
    if (order_ == Order::in_order) {
        if (next_ < exchanges_.size() && (matches(exchanges_[next_], request) || matches(exchanges_[next_], seen)))
            found = next_++;
    } else {
        std::optional<std::size_t> last;
        for (std::size_t i = 0; i < exchanges_.size(); ++i) {
            if (!matches(exchanges_[i], request) && !matches(exchanges_[i], seen)) continue;
            if (uses_[i] == 0) {
                found = i;
                break;
            }
            last = i;
        }
        if (!found) found = last;
    }
    if (found) {
        ++uses_[*found];
        return {{}, exchanges_[*found].response};
    }
    if (otherwise_) return {{}, *otherwise_};

    // For unmatched(): one line a header; for the error (one line): joined.
    std::string text = describe(seen), headers;
    for (const auto& header : seen.headers) {
        text += "\n  " + header.name + ": " + header.value;
        headers += (headers.empty() ? "" : ", ") + header.name + ": " + header.value;
    }
    if (!seen.body.empty()) text += "\n  body: " + seen.body;
    unmatched_.push_back(text);
    std::string message = "no fixture answers " + describe(seen);
    if (!headers.empty()) message += " (headers " + headers + ")";
    if (!seen.body.empty()) message += " with body " + seen.body;
    if (order_ == Order::in_order)
        message += next_ < exchanges_.size() ? "; expected next: " + describe(exchanges_[next_])
                                             : "; every saved exchange was already played";
    else {
        message += "; saved:";
        for (std::size_t i = 0; i < exchanges_.size(); ++i) message += (i ? ", " : " ") + describe(exchanges_[i]);
        if (exchanges_.empty()) message += " nothing";
    }
    ErrorDetails details;
    details.option = "fixture";
    details.message = redactor.redact(std::move(message));
    return {Error(errc::invalid_option, std::move(details)), {}};
}

void FixtureHttpClient::do_send(HttpRequest request, boost::asio::any_completion_handler<send_signature> handler) {
    boost::asio::post(strand_, [self = shared_from_this(), request = std::move(request),
                                handler = std::move(handler)]() mutable {
        auto [error, response] = self->answer(request);
        boost::asio::post(self->strand_, boost::asio::append(std::move(handler), std::move(error), std::move(response)));
    });
}

}  // namespace callbridge::testing
