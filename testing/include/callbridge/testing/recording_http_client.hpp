#pragma once
// An HttpClient that sends through another and saves every exchange in a
// cassette folder (the format of exchange.hpp): cassette.json, rewritten
// after each exchange, and each response body in bodies/NNNN.<ext>, as sent.
//
// Nothing secret is written: no request header at all; the token, the user
// and every value given as a secret removed from targets, request bodies,
// response headers and bodies in every form (escaped, percent-encoded,
// base64) by callbridge's redactor; Set-Cookie and authentication headers of
// responses left out. A transport error is not saved (there is no response).
//
// A request its caller cancels completes with operation_aborted at once but
// goes on, and its answer is saved: a replay of the same listing asks for it
// too (a page asked for ahead of the end that the listing no longer needed).
// Keep the I/O context running until in_flight() is 0 (callbridge list
// --record does), or the cassette lacks those answers.

#include <callbridge/http_client.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace callbridge::testing {

class RecordingHttpClient final : public HttpClient, public std::enable_shared_from_this<RecordingHttpClient> {
public:
    /// Records into `folder` (created; an existing cassette in it is
    /// replaced). The error names the folder and why it cannot be used.
    static boost::system::result<std::shared_ptr<RecordingHttpClient>, Error> create(
        std::shared_ptr<HttpClient> inner, std::filesystem::path folder, std::vector<std::string> secrets);

    RecordingHttpClient(std::shared_ptr<HttpClient> inner, std::filesystem::path folder,
                        std::vector<std::string> secrets);
    ~RecordingHttpClient() override;

    executor_type get_executor() const override { return inner_->get_executor(); }
    /// Exchanges saved so far.
    [[nodiscard]] std::size_t saved() const;
    /// Requests sent and not yet answered, cancelled ones included.
    [[nodiscard]] std::size_t in_flight() const;
    [[nodiscard]] const std::filesystem::path& folder() const noexcept { return folder_; }

private:
    struct State;
    struct Caller;
    void do_send(HttpRequest request, boost::asio::any_completion_handler<send_signature> handler) override;

    std::shared_ptr<HttpClient> inner_;
    std::filesystem::path folder_;
    std::shared_ptr<State> state_;
};

}  // namespace callbridge::testing
