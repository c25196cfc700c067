#pragma once
// An HttpClient for tests that answers with a function, after an optional
// delay, honouring cancellation: no network, no TLS.

#include <callbridge/http_client.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <charconv>
#include <functional>

namespace callbridge::testing {

class FakeHttpClient final : public HttpClient, public std::enable_shared_from_this<FakeHttpClient> {
public:
    using Answer = std::function<HttpResponse(const HttpRequest&)>;

    FakeHttpClient(boost::asio::any_io_executor executor, Answer answer,
                   std::chrono::milliseconds delay = std::chrono::milliseconds(0))
        : strand_(boost::asio::make_strand(executor)), answer_(std::move(answer)), delay_(delay) {}

    executor_type get_executor() const override { return strand_; }
    int requests() const { return requests_.load(); }

    /// The page number a list request asks for.
    static int page_of(const HttpRequest& request) {
        const auto at = request.target.find("page=");
        int page = 0;
        std::from_chars(request.target.data() + at + 5, request.target.data() + request.target.size(), page);
        return page;
    }

private:
    void do_send(HttpRequest request, boost::asio::any_completion_handler<send_signature> handler) override {
        ++requests_;
        auto timer = std::make_shared<boost::asio::steady_timer>(strand_, delay_);
        if (auto slot = boost::asio::get_associated_cancellation_slot(handler); slot.is_connected())
            slot.assign([timer, strand = strand_](boost::asio::cancellation_type) {
                boost::asio::post(strand, [timer] { timer->cancel(); });
            });
        timer->async_wait([self = shared_from_this(), timer, request = std::move(request),
                           handler = std::move(handler)](boost::system::error_code ec) mutable {
            boost::asio::get_associated_cancellation_slot(handler).clear();
            if (ec) {
                boost::asio::post(self->strand_,
                                  boost::asio::append(std::move(handler), Error(ec), HttpResponse()));
                return;
            }
            HttpResponse response = self->answer_(request);
            boost::asio::post(self->strand_, boost::asio::append(std::move(handler), Error(), std::move(response)));
        });
    }

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    Answer answer_;
    std::chrono::milliseconds delay_;
    std::atomic<int> requests_{0};
};

}  // namespace callbridge::testing
