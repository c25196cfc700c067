// Way 2: the in-process mock. callbridge::mock serves every shipped vendor's
// API on a loopback port, from a generated, deterministic data set.
#include "call_report.hpp"

#include <callbridge/callbridge.hpp>
#include <callbridge/mock/http_server.hpp>
#include <callbridge/mock/vendor_mock.hpp>

#include <doctest/doctest.h>

#include <callbridge/testing/doctest.hpp>

using namespace callbridge;

TEST_CASE("The report counts what the mock serves") {
    auto vendors = std::make_shared<mock::VendorMock>(mock::MockOptions{.calls = 40});
    mock::HttpServer server(mock::ServerOptions{}, [vendors](const mock::ServerRequest& request) {
        return vendors->handle(request);
    });

    boost::asio::io_context io;
    SourceOptions options;
    options.token = "ac-test-token";
    options.api_root = server.base_url() + "/api";
    options.allow_insecure_http = true;  // the mock speaks plain HTTP here
    auto source = Registry::with_shipped_providers().make("autocalls", io.get_executor(), options);
    REQUIRE(source);

    CallQuery query;
    query.page_size = 15;
    Listing listing(io.get_executor(), {*source}, query);
    const CallReport report = build_report(io, listing);

    CHECK(report.failures == 0);
    CHECK(report.calls == vendors->calls("autocalls").size());
    CHECK(report.calls == 40);
}
