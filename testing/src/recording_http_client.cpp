#include <callbridge/testing/recording_http_client.hpp>

#include "source/redaction.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace callbridge::testing {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Response headers that carry or set credentials, or say nothing a replay needs.
bool left_out(std::string_view name) {
    for (std::string_view n : {"set-cookie", "authorization", "www-authenticate", "proxy-authenticate", "cookie",
                               "x-api-key", "xi-api-key", "date", "connection", "keep-alive", "transfer-encoding",
                               "content-length"})
        if (iequals(name, n)) return true;
    return false;
}

std::string extension_of(const HttpResponse& response) {
    const auto type = find_header(response.headers, "Content-Type");
    if (type && type->find("json") != std::string_view::npos) return ".json";
    if (type && type->find("html") != std::string_view::npos) return ".html";
    return ".txt";
}

// JSON written for people: one member a line.
void pretty(std::ostream& out, const boost::json::array& exchanges) {
    out << "[\n";
    for (std::size_t i = 0; i < exchanges.size(); ++i) {
        const auto& o = exchanges[i].as_object();
        out << "  {";
        bool first = true;
        for (const auto& [key, value] : o) {
            out << (first ? "\n" : ",\n") << "    " << boost::json::serialize(boost::json::string(key)) << ": "
                << boost::json::serialize(value);
            first = false;
        }
        out << "\n  }" << (i + 1 < exchanges.size() ? "," : "") << "\n";
    }
    out << "]\n";
}

}  // namespace

struct RecordingHttpClient::State {
    std::mutex mutex;
    detail::Redactor redactor;
    std::size_t sent = 0;
    std::map<std::size_t, boost::json::object> saved;  // by the order requests were sent
    std::atomic<std::size_t> in_flight = 0;

    // The exchange, redacted, as the `serial`th of the cassette in `folder`.
    void save(const std::filesystem::path& folder, std::size_t serial, boost::json::object entry,
              const HttpResponse& response) {
        std::lock_guard lock(mutex);
        HttpResponse clean = response;
        redactor.redact_response(clean);
        entry["status"] = clean.status;
        boost::json::array headers;
        for (const auto& h : clean.headers)
            if (!left_out(h.name)) headers.emplace_back(h.name + ": " + h.value);
        entry["headers"] = std::move(headers);
        char name[32];
        std::snprintf(name, sizeof name, "%04zu", serial);
        const std::string body_file = "bodies/" + std::string(name) + extension_of(clean);
        std::ofstream(folder / body_file, std::ios::binary) << clean.body;
        entry["body_file"] = body_file;
        saved[serial] = std::move(entry);
        boost::json::array all;
        for (const auto& [n, e] : saved) all.push_back(e);
        std::ofstream index(folder / "cassette.json.part");
        pretty(index, all);
        index.close();
        std::error_code ec;
        std::filesystem::rename(folder / "cassette.json.part", folder / "cassette.json", ec);
    }
};

boost::system::result<std::shared_ptr<RecordingHttpClient>, Error> RecordingHttpClient::create(
    std::shared_ptr<HttpClient> inner, std::filesystem::path folder, std::vector<std::string> secrets) {
    std::error_code ec;
    std::filesystem::create_directories(folder / "bodies", ec);
    if (ec) return invalid_option("record", "cannot create the cassette folder " + folder.string() + ": " + ec.message());
    std::filesystem::remove(folder / "cassette.json", ec);
    for (const auto& entry : std::filesystem::directory_iterator(folder / "bodies", ec))
        std::filesystem::remove(entry.path(), ec);
    std::ofstream probe(folder / "cassette.json");
    if (!probe || !(probe << "[]\n"))
        return invalid_option("record", "cannot write in the cassette folder " + folder.string());
    return std::make_shared<RecordingHttpClient>(std::move(inner), std::move(folder), std::move(secrets));
}

RecordingHttpClient::RecordingHttpClient(std::shared_ptr<HttpClient> inner, std::filesystem::path folder,
                                         std::vector<std::string> secrets)
    : inner_(std::move(inner)), folder_(std::move(folder)), state_(std::make_shared<State>()) {
    state_->redactor = detail::Redactor(secrets);
}

RecordingHttpClient::~RecordingHttpClient() = default;

std::size_t RecordingHttpClient::saved() const {
    std::lock_guard lock(state_->mutex);
    return state_->saved.size();
}

// The caller's side of one exchange, completed once: by the answer, or at
// once by a cancellation while the request goes on to be saved.
struct RecordingHttpClient::Caller {
    std::mutex mutex;
    std::optional<boost::asio::any_completion_handler<send_signature>> handler;

    std::optional<boost::asio::any_completion_handler<send_signature>> take() {
        std::lock_guard lock(mutex);
        return std::exchange(handler, std::nullopt);
    }

    // The slot is the caller's: let go before the caller hears back.
    static void complete(boost::asio::any_completion_handler<send_signature> handler, Error error,
                         HttpResponse response) {
        boost::asio::get_associated_cancellation_slot(handler).clear();
        std::move(handler)(std::move(error), std::move(response));
    }
};

void RecordingHttpClient::do_send(HttpRequest request, boost::asio::any_completion_handler<send_signature> handler) {
    std::size_t serial = 0;
    boost::json::object entry;
    {
        std::lock_guard lock(state_->mutex);
        serial = ++state_->sent;
        const HttpRequest clean = state_->redactor.redacted(request);
        entry["method"] = clean.method;
        entry["target"] = clean.target;
        if (!clean.body.empty()) entry["request_body"] = clean.body;
    }
    ++state_->in_flight;
    auto caller = std::make_shared<Caller>();
    const auto client_executor = inner_->get_executor();
    const auto caller_executor = boost::asio::get_associated_executor(handler, client_executor);
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    caller->handler.emplace(std::move(handler));
    // A cancelled request is not cancelled below: its answer is saved, since
    // a replay of the listing asks for it too (a page asked for ahead of the
    // end, say) and must find it. The caller hears operation_aborted at once.
    // The slot holds the caller weakly: the caller's handler may own the slot.
    if (slot.is_connected())
        slot.assign([weak = std::weak_ptr<Caller>(caller), client_executor,
                     caller_executor](boost::asio::cancellation_type) {
            const auto alive = weak.lock();
            if (!alive) return;
            if (auto waiting = alive->take())
                boost::asio::post(client_executor,
                                  boost::asio::bind_executor(caller_executor, [waiting = std::move(*waiting)]() mutable {
                                      Caller::complete(std::move(waiting), Error(boost::asio::error::operation_aborted),
                                                       HttpResponse());
                                  }));
        });
    inner_->async_send(std::move(request),
                       boost::asio::bind_executor(caller_executor, [state = state_, folder = folder_, serial, caller,
                                                                    entry = std::move(entry)](
                                                                       Error error, HttpResponse response) mutable {
                           if (!error) state->save(folder, serial, std::move(entry), response);
                           --state->in_flight;
                           if (auto waiting = caller->take())
                               Caller::complete(std::move(*waiting), std::move(error), std::move(response));
                       }));
}

std::size_t RecordingHttpClient::in_flight() const { return state_->in_flight.load(); }

}  // namespace callbridge::testing
