// callbridge::testing on its own: the fixture client's matching and its
// message for a request nothing answers, replay in order, cassettes (what a
// recording keeps and what it leaves out), `callbridge list --record` and
// `--replay` through the command, and `callbridge mock --ready-file`.

#include <callbridge/callbridge.hpp>
#include <callbridge/testing/fake_clock.hpp>
#include <callbridge/testing/fake_http_client.hpp>
#include <callbridge/testing/fixture_http_client.hpp>
#include <callbridge/testing/recording_http_client.hpp>

#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <callbridge/testing/doctest.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace callbridge;
using namespace callbridge::testing;
namespace fs = std::filesystem;

namespace {

const std::string secret = "sk-live-9fQ2xL7mN4pR8vT1";

HttpRequest get(std::string target) {
    HttpRequest r;
    r.origin = Origin{"https", "api.example.com", 443};
    r.target = std::move(target);
    r.headers = {{"Authorization", "Bearer " + secret}, {"Accept", "application/json"}};
    return r;
}

std::pair<Error, HttpResponse> send(boost::asio::io_context& io, HttpClient& client, HttpRequest request) {
    std::pair<Error, HttpResponse> out;
    bool done = false;
    client.async_send(std::move(request), [&](Error e, HttpResponse r) {
        out = {std::move(e), std::move(r)};
        done = true;
    });
    io.restart();
    io.run();
    REQUIRE(done);
    return out;
}

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string everything_in(const fs::path& folder) {
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file()) all += read(entry.path());
    return all;
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("callbridge-testing-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(++counter));
    TempDir() { fs::remove_all(path); }
    ~TempDir() { fs::remove_all(path); }
    static inline int counter = 0;
};

}  // namespace

TEST_SUITE("testing") {

TEST_CASE("The fixture client matches method path and query in any order") {
    boost::asio::io_context io;
    auto client = FixtureHttpClient::create(io.get_executor());
    client->add("GET", "/calls?page=2&per_page=50&status=completed%2Cfailed", 200, R"({"page":2})");
    client->add("GET", "/calls?page=1&per_page=50", 200, R"({"page":1})");

    auto [e1, r1] = send(io, *client, get("/calls?per_page=50&status=completed,failed&page=2"));
    REQUIRE_FALSE(e1);
    CHECK(r1.body == R"({"page":2})");
    CHECK(find_header(r1.headers, "Content-Type") == "application/json");
    auto [e2, r2] = send(io, *client, get("/calls?per_page=50&page=1"));
    CHECK(r2.body == R"({"page":1})");
    // Another value, a parameter more, another method: no match.
    CHECK(send(io, *client, get("/calls?per_page=50&page=3")).first.is(errc::invalid_option));
    CHECK(send(io, *client, get("/calls?per_page=50&page=1&extra=1")).first.is(errc::invalid_option));
    auto post = get("/calls?per_page=50&page=1");
    post.method = "POST";
    CHECK(send(io, *client, post).first.is(errc::invalid_option));
    CHECK(client->unmatched().size() == 3);
    CHECK(client->unused().empty());
}

TEST_CASE("An unmatched request is printed with its credentials redacted") {
    boost::asio::io_context io;
    auto client = FixtureHttpClient::create(io.get_executor());
    client->add("GET", "/calls?page=1", 200, "{}");
    client->redact({secret});
    auto [error, response] = send(io, *client, get("/calls?page=9&key=" + secret));
    REQUIRE(error.is(errc::invalid_option));
    const std::string message = error.message();
    CHECK(message.find("no fixture answers GET https://api.example.com/calls?page=9&key=[REDACTED]") != std::string::npos);
    CHECK(message.find("Authorization: REDACTED") != std::string::npos);
    CHECK(message.find("; saved: GET /calls?page=1") != std::string::npos);
    CHECK(message.find(secret) == std::string::npos);
    REQUIRE(client->unmatched().size() == 1);
    CHECK(client->unmatched()[0].find(secret) == std::string::npos);
}

TEST_CASE("The same request saved twice is answered in the order saved and then the last again") {
    boost::asio::io_context io;
    auto client = FixtureHttpClient::create(io.get_executor());
    client->add("GET", "/calls?page=1", 429, "slow down", {{"Retry-After", "1"}});
    client->add("GET", "/calls?page=1", 200, "{}");
    CHECK(send(io, *client, get("/calls?page=1")).second.status == 429);
    CHECK(send(io, *client, get("/calls?page=1")).second.status == 200);
    CHECK(send(io, *client, get("/calls?page=1")).second.status == 200);
}

TEST_CASE("In order the Nth request must be the Nth exchange") {
    boost::asio::io_context io;
    auto client = FixtureHttpClient::create(io.get_executor(), FixtureHttpClient::Order::in_order);
    client->add("GET", "/calls?page=1", 200, "{}");
    client->add("GET", "/calls?page=2", 200, "{}");
    auto [error, response] = send(io, *client, get("/calls?page=2"));
    REQUIRE(error);
    CHECK(error.message().find("; expected next: GET /calls?page=1") != std::string::npos);
    CHECK_FALSE(send(io, *client, get("/calls?page=1")).first);
    CHECK_FALSE(send(io, *client, get("/calls?page=2")).first);
    CHECK(send(io, *client, get("/calls?page=2")).first.message().find("every saved exchange was already played") !=
          std::string::npos);
}

TEST_CASE("A cassette that cannot be read is refused naming the entry and what is wrong") {
    TempDir dir;
    fs::create_directories(dir.path);
    auto write = [&](std::string text) { std::ofstream(dir.path / "cassette.json") << text; };
    boost::asio::io_context io;
    write(R"([{"method":"GET","target":"/a","status":200,"body":"{}"},{"method":"GET","target":"b","status":200}])");
    auto bad = FixtureHttpClient::load(io.get_executor(), dir.path);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("exchange 1: \"target\" must be a path starting with /") != std::string::npos);
    write(R"([{"method":"GET","target":"/a","status":200,"body_file":"missing.json"}])");
    CHECK(FixtureHttpClient::load(io.get_executor(), dir.path).error().find("cannot read body_file") != std::string::npos);
    write(R"([{"method":"GET","target":"/a","status":200,"bodyfile":"x"}])");
    CHECK(FixtureHttpClient::load(io.get_executor(), dir.path).error().find("unknown member \"bodyfile\"") !=
          std::string::npos);
    write(R"([{"method":"GET","target":"/a","status":20}])");
    CHECK(FixtureHttpClient::load(io.get_executor(), dir.path).error().find("not an HTTP status") != std::string::npos);
    write("[");
    CHECK(FixtureHttpClient::load(io.get_executor(), dir.path).error().find("not JSON") != std::string::npos);
}

TEST_CASE("A recording keeps every exchange and no credential and its replay answers the same") {
    TempDir dir;
    boost::asio::io_context io;
    auto vendor = FixtureHttpClient::create(io.get_executor());
    const std::string b64 = "c2stbGl2ZS05ZlEyeEw3bU40cFI4dlQx";  // base64 of the secret
    vendor->add("GET", "/calls?page=1&key=" + secret, 200,
                R"({"data":[{"id":1,"cost":"21.96"}],"echo":"Bearer )" + secret + R"(","b":")" + b64 + R"("})",
                {{"Set-Cookie", "session=abc"}, {"X-Request-Id", "r-1"}, {"X-Echo", secret}});
    vendor->add("GET", "/calls?page=2&key=" + secret, 500, "<html>oops</html>", {{"Content-Type", "text/html"}});
    auto recorder = RecordingHttpClient::create(vendor, dir.path, {secret});
    REQUIRE(recorder);
    auto [e1, r1] = send(io, **recorder, get("/calls?page=1&key=" + secret));
    REQUIRE_FALSE(e1);
    CHECK(r1.body.find(secret) != std::string::npos);  // the caller gets the answer as sent
    send(io, **recorder, get("/calls?page=2&key=" + secret));
    CHECK((*recorder)->saved() == 2);

    const std::string saved = everything_in(dir.path);
    CHECK(saved.find(secret) == std::string::npos);
    CHECK(saved.find(b64) == std::string::npos);
    CHECK(saved.find("Set-Cookie") == std::string::npos);
    CHECK(saved.find("Authorization") == std::string::npos);
    CHECK(saved.find("X-Request-Id: r-1") != std::string::npos);
    CHECK(fs::exists(dir.path / "bodies" / "0001.json"));
    CHECK(fs::exists(dir.path / "bodies" / "0002.html"));
    CHECK(read(dir.path / "bodies" / "0001.json").find(R"("cost":"21.96")") != std::string::npos);

    // Replayed: matched with the same secret redacted from the request.
    auto replay = FixtureHttpClient::load(io.get_executor(), dir.path);
    REQUIRE_MESSAGE(replay.has_value(), (replay ? std::string() : replay.error()));
    (*replay)->redact({secret});
    auto [e3, r3] = send(io, **replay, get("/calls?key=" + secret + "&page=1"));
    REQUIRE_FALSE(e3);
    CHECK(r3.status == 200);
    CHECK(r3.body.find("[REDACTED]") != std::string::npos);
    auto [e4, r4] = send(io, **replay, get("/calls?page=2&key=" + secret));
    CHECK(r4.status == 500);
    CHECK(r4.body == "<html>oops</html>");
}

TEST_CASE("A request cancelled while recording is aborted for its caller at once and its answer still saved") {
    // A listing cancels pages it asked for ahead of the end; a replay of it
    // asks for them too, so the cassette must hold their answers.
    TempDir dir;
    boost::asio::io_context io;
    auto vendor = std::make_shared<FakeHttpClient>(
        io.get_executor(), [](const HttpRequest&) { return HttpResponse{.status = 200, .body = R"({"data":[]})"}; },
        std::chrono::milliseconds(200));
    auto recorder = RecordingHttpClient::create(vendor, dir.path, {secret});
    REQUIRE(recorder);
    boost::asio::cancellation_signal cancel;
    int completions = 0;
    Error aborted;
    std::size_t saved_when_aborted = 99;
    (*recorder)->async_send(get("/calls?page=4"),
                            boost::asio::bind_cancellation_slot(cancel.slot(), [&](Error e, HttpResponse) {
                                ++completions;
                                aborted = std::move(e);
                                saved_when_aborted = (*recorder)->saved();
                            }));
    CHECK((*recorder)->in_flight() == 1);
    boost::asio::steady_timer soon(io, std::chrono::milliseconds(10));
    soon.async_wait([&](boost::system::error_code) { cancel.emit(boost::asio::cancellation_type::terminal); });
    io.run();
    CHECK(completions == 1);
    CHECK(aborted.code() == boost::asio::error::operation_aborted);
    CHECK(saved_when_aborted == 0);  // told before the answer came
    CHECK((*recorder)->in_flight() == 0);
    CHECK((*recorder)->saved() == 1);
    CHECK(read(dir.path / "cassette.json").find("/calls?page=4") != std::string::npos);
    // Not cancelled: answered as usual, once, and a cancellation after the
    // answer finds nothing to cancel.
    boost::asio::cancellation_signal late;
    int answered = 0;
    (*recorder)->async_send(get("/calls?page=5"),
                            boost::asio::bind_cancellation_slot(late.slot(), [&](Error e, HttpResponse r) {
                                ++answered;
                                CHECK_FALSE(e);
                                CHECK(r.status == 200);
                            }));
    io.restart();
    io.run();
    late.emit(boost::asio::cancellation_type::terminal);
    io.restart();
    io.run();
    CHECK(answered == 1);
    CHECK((*recorder)->saved() == 2);
    CHECK((*recorder)->in_flight() == 0);
}

TEST_CASE("A recording folder that cannot be made is an invalid option naming it") {
    boost::asio::io_context io;
    auto recorder = RecordingHttpClient::create(FixtureHttpClient::create(io.get_executor()),
                                                "/proc/no-such/cassette", {});
    REQUIRE_FALSE(recorder);
    CHECK(recorder.error().is(errc::invalid_option));
    CHECK(recorder.error().message().find("/proc/no-such/cassette") != std::string::npos);
}

TEST_CASE("callbridge list --record saves a cassette without the token that --replay lists the same from") {
    const std::string token = "ac-record-7Hk2Lm9Qp3Rs";
    auto vendors = std::make_shared<mock::VendorMock>(mock::MockOptions{.calls = 23, .tokens = {token}});
    mock::HttpServer server(mock::ServerOptions{}, [vendors](const mock::ServerRequest& r) { return vendors->handle(r); });
    TempDir dir;
    const std::vector<std::string> source = {"--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                             "--insecure-http", "--page-size", "10"};
    auto args = [&](std::vector<std::string> more) {
        std::vector<std::string> argv = {CALLBRIDGE_CLI, "list"};
        argv.insert(argv.end(), source.begin(), source.end());
        argv.insert(argv.end(), more.begin(), more.end());
        return argv;
    };
    const auto live = test::run_process(args({"--record", dir.path.string()}), {}, {"AUTOCALLS_TOKEN=" + token});
    REQUIRE_MESSAGE(live.exit_code == 0, live.err);
    CHECK(std::count(live.out.begin(), live.out.end(), '\n') == 23);
    REQUIRE(fs::exists(dir.path / "autocalls" / "cassette.json"));
    const std::string saved = everything_in(dir.path);
    CHECK(saved.find(token) == std::string::npos);
    CHECK(saved.find("/api/user/calls?") != std::string::npos);
    const auto requests = vendors->requests();

    // No token needed, nothing sent.
    const auto replayed = test::run_process(args({"--replay", dir.path.string()}), {}, {"AUTOCALLS_TOKEN="});
    REQUIRE_MESSAGE(replayed.exit_code == 0, replayed.err);
    CHECK(replayed.out == live.out);
    CHECK(vendors->requests() == requests);

    const auto both = test::run_process(args({"--record", dir.path.string(), "--replay", dir.path.string()}), {},
                                        {"AUTOCALLS_TOKEN=" + token});
    CHECK(both.exit_code == 2);
    CHECK(both.err.find("--record") != std::string::npos);
    const auto missing = test::run_process(args({"--replay", (dir.path / "nothing").string()}), {}, {});
    CHECK(missing.exit_code != 0);
    CHECK(missing.err.find("no cassette for source \"autocalls\"") != std::string::npos);
}

TEST_CASE("callbridge list --record saves the page past the end the listing cancelled and the replay finds it") {
    // 30 calls in pages of 10: the first wave asks for pages 1 to 4 at once,
    // and page 4 (past the last page) answers late, after the listing has
    // ended and cancelled it. Its replay asks for page 4 as well.
    const std::string token = "ac-record-cancelled-5Tq8";
    auto vendors = std::make_shared<mock::VendorMock>(mock::MockOptions{.calls = 30, .tokens = {token}});
    mock::HttpServer server(mock::ServerOptions{}, [vendors](const mock::ServerRequest& r) {
        mock::ServerReply reply = vendors->handle(r);
        if (r.param("page") == "4") reply.delay = std::chrono::milliseconds(400);
        return reply;
    });
    TempDir dir;
    const auto live = test::run_process({CALLBRIDGE_CLI, "list", "--provider", "autocalls", "--base-url",
                                         server.base_url() + "/api", "--insecure-http", "--page-size", "10",
                                         "--concurrency", "4", "--record", dir.path.string()},
                                        {}, {"AUTOCALLS_TOKEN=" + token});
    REQUIRE_MESSAGE(live.exit_code == 0, live.err);
    CHECK(std::count(live.out.begin(), live.out.end(), '\n') == 30);
    CHECK(read(dir.path / "autocalls" / "cassette.json").find("page=4") != std::string::npos);

    boost::asio::io_context io;
    auto replay = FixtureHttpClient::load(io.get_executor(), dir.path / "autocalls");
    REQUIRE_MESSAGE(replay.has_value(), (replay ? std::string() : replay.error()));
    SourceOptions options;
    options.token = "replayed";
    options.client = *replay;
    options.clock = std::make_shared<FakeClock>(io.get_executor());
    auto source = Registry::with_shipped_providers().make("autocalls", io.get_executor(), options);
    REQUIRE(source);
    CallQuery query;
    query.page_size = 10;
    Listing listing(io.get_executor(), {*source}, query, ListingOptions{.concurrency = 4});
    std::size_t records = 0;
    while (true) {
        auto record = listing.next(io);
        REQUIRE(record.has_value());
        if (!*record) break;
        ++records;
    }
    CHECK(records == 30);
    std::string unmatched;
    for (const std::string& request : (*replay)->unmatched()) unmatched += "\n  " + request;
    CHECK_MESSAGE(unmatched.empty(), "requests the cassette could not answer:" << unmatched);
}

TEST_CASE("callbridge list --record waiting for a cancelled page stops on SIGINT saying what the cassette lacks") {
    const std::string token = "ac-record-interrupt-2Wd6";
    auto vendors = std::make_shared<mock::VendorMock>(mock::MockOptions{.calls = 30, .tokens = {token}});
    std::atomic<int> page_4_delay_ms = 0;
    mock::HttpServer server(mock::ServerOptions{}, [&](const mock::ServerRequest& r) {
        mock::ServerReply reply = vendors->handle(r);
        if (r.param("page") == "4") reply.delay = std::chrono::milliseconds(page_4_delay_ms.load());
        return reply;
    });
    TempDir dir;
    const std::vector<std::string> args = {CALLBRIDGE_CLI, "list", "--provider", "autocalls", "--base-url",
                                           server.base_url() + "/api", "--insecure-http", "--page-size", "10",
                                           "--concurrency", "4", "--record", dir.path.string()};
    const auto quick = test::run_process(args, {}, {"AUTOCALLS_TOKEN=" + token});
    REQUIRE_MESSAGE(quick.exit_code == 0, quick.err);
    // Page 4 now answers in a minute: the signal comes once every record is
    // out, while the command waits for it.
    page_4_delay_ms = 60'000;
    const auto started = std::chrono::steady_clock::now();
    const auto stopped =
        test::run_process_then_signal(args, {"AUTOCALLS_TOKEN=" + token}, quick.out.size(), SIGINT);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));
    CHECK(stopped.exit_code == 130);
    CHECK(stopped.out == quick.out);
    CHECK_MESSAGE(stopped.err.find("interrupted while 1 request(s) the listing cancelled were being recorded; the "
                                   "cassette lacks their answers") != std::string::npos,
                  stopped.err);
}

TEST_CASE("callbridge mock --ready-file writes the port as JSON once listening") {
    TempDir dir;
    fs::create_directories(dir.path);
    const auto ready = dir.path / "ready.json";
    const auto result = test::run_process_then_signal(
        {CALLBRIDGE_CLI, "mock", "--plain", "--ready-file", ready.string()}, {}, 1, SIGTERM);
    REQUIRE(fs::exists(ready));
    const auto doc = boost::json::parse(read(ready)).as_object();
    const auto port = doc.at("port").as_int64();
    CHECK(port > 0);
    CHECK(doc.at("scheme").as_string() == "http");
    CHECK(doc.at("url").as_string() == "http://127.0.0.1:" + std::to_string(port));
    CHECK(doc.at("ca_file").is_null());
    CHECK(result.out.find("listening on http://127.0.0.1:" + std::to_string(port)) != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path / "ready.json.part"));
}

}  // TEST_SUITE
