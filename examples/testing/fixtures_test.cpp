// Way 1: fixtures. A fixture client answers the source's requests from saved
// pages (matched by method, path and query, in any order); a fake clock makes
// retries and rate-limit waits instant.
#include "call_report.hpp"

#include <callbridge/callbridge.hpp>
#include <callbridge/testing/fake_clock.hpp>
#include <callbridge/testing/fixture_http_client.hpp>

#include <doctest/doctest.h>

#include <callbridge/testing/doctest.hpp>

using namespace callbridge;

TEST_CASE("The report counts every call of a two-page listing") {
    boost::asio::io_context io;
    auto client = testing::FixtureHttpClient::create(io.get_executor());
    client->add_file("GET", "/api/user/calls?per_page=2&page=1", 200, FIXTURES_DIR "/page-1.json");
    client->add_file("GET", "/api/user/calls?page=2&per_page=2", 200, FIXTURES_DIR "/page-2.json");

    SourceOptions options;
    options.token = "test-token-not-a-real-one";
    options.client = client;
    options.clock = std::make_shared<testing::FakeClock>(io.get_executor());
    auto source = Registry::with_shipped_providers().make("autocalls", io.get_executor(), options);
    REQUIRE(source);

    CallQuery query;
    query.page_size = 2;
    // One page at a time, so that every request is one saved here: at a
    // higher concurrency a listing asks Autocalls (which numbers its pages)
    // for pages 1 to 4 at once, past the end of this two-page account.
    Listing listing(io.get_executor(), {*source}, query, {.concurrency = 1});
    const CallReport report = build_report(io, listing);

    CHECK(report.calls == 3);
    CHECK(report.failures == 0);
    CHECK(report.by_status.at("completed") == 3);
    CHECK(client->unmatched().empty());
    CHECK(client->unused().empty());
}

TEST_CASE("A vendor error is counted as a failed source, not as calls") {
    boost::asio::io_context io;
    auto client = testing::FixtureHttpClient::create(io.get_executor());
    client->add("GET", "/api/user/calls?page=1&per_page=2", 401, R"({"message":"Unauthenticated."})");

    SourceOptions options;
    options.token = "test-token-not-a-real-one";
    options.client = client;
    options.clock = std::make_shared<testing::FakeClock>(io.get_executor());
    auto source = Registry::with_shipped_providers().make("autocalls", io.get_executor(), options);
    REQUIRE(source);
    CallQuery query;
    query.page_size = 2;
    Listing listing(io.get_executor(), {*source}, query);
    const CallReport report = build_report(io, listing);
    CHECK(report.calls == 0);
    CHECK(report.failures == 1);
}
