// Way 3: recordings. `callbridge list --record DIR` saves a real listing's
// exchanges as a cassette (DIR/<source>/cassette.json and bodies/, with no
// credential in them); the replay client plays it back. Here the listing
// recorded is one of the in-process mock, made by the installed command.
#include "call_report.hpp"

#include <callbridge/callbridge.hpp>
#include <callbridge/mock/http_server.hpp>
#include <callbridge/mock/vendor_mock.hpp>
#include <callbridge/testing/fake_clock.hpp>
#include <callbridge/testing/fixture_http_client.hpp>

#include <doctest/doctest.h>

#include <callbridge/testing/doctest.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace callbridge;
namespace fs = std::filesystem;

namespace {
const std::string token = "ac-recorded-secret-4f9b2c7d1e";

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
}  // namespace

TEST_CASE("A listing recorded from the mock by callbridge list --record replays into the same report") {
    const fs::path cassettes = fs::temp_directory_path() / ("callbridge-cassettes-" + std::to_string(::getpid()));
    fs::remove_all(cassettes);
    {
        auto vendors = std::make_shared<mock::VendorMock>(mock::MockOptions{.calls = 30, .tokens = {token}});
        mock::HttpServer server(mock::ServerOptions{}, [vendors](const mock::ServerRequest& request) {
            return vendors->handle(request);
        });
        ::setenv("AUTOCALLS_TOKEN", token.c_str(), 1);
        const std::string command = std::string("\"") + CALLBRIDGE_COMMAND + "\" list --provider autocalls --base-url " +
                                    server.base_url() + "/api --insecure-http --page-size 10 --record \"" +
                                    cassettes.string() + "\" > /dev/null";
        REQUIRE(std::system(command.c_str()) == 0);
        ::unsetenv("AUTOCALLS_TOKEN");
    }
    const fs::path cassette = cassettes / "autocalls";
    REQUIRE(fs::exists(cassette / "cassette.json"));
    // Plain files, and no credential in any of them.
    for (const auto& entry : fs::recursive_directory_iterator(cassette))
        if (entry.is_regular_file()) CHECK_MESSAGE(read(entry.path()).find(token) == std::string::npos, entry.path());

    boost::asio::io_context io;
    auto client = testing::FixtureHttpClient::load(io.get_executor(), cassette);
    REQUIRE_MESSAGE(client.has_value(), (client ? std::string() : client.error()));
    SourceOptions options;
    options.token = "replayed-token";
    options.client = *client;
    options.clock = std::make_shared<testing::FakeClock>(io.get_executor());
    auto source = Registry::with_shipped_providers().make("autocalls", io.get_executor(), options);
    REQUIRE(source);
    CallQuery query;
    query.page_size = 10;
    Listing listing(io.get_executor(), {*source}, query);
    const CallReport report = build_report(io, listing);
    CHECK(report.failures == 0);
    CHECK(report.calls == 30);
    std::string unmatched;  // each request the cassette had no answer for
    for (const std::string& request : (*client)->unmatched()) unmatched += "\n  " + request;
    CHECK_MESSAGE(unmatched.empty(), "requests the cassette could not answer:" << unmatched);
    fs::remove_all(cassettes);
}
