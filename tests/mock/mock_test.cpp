// The vendor mock: what it serves, and the real client and listing engine
// against it over TLS with every fault it can inject.

#include <callbridge/http_client.hpp>
#include <callbridge/http_source.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/providers.hpp>

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include <callbridge/testing/drain.hpp>
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/temp_file.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <map>
#include <sstream>
#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace callbridge::testing;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

struct Mock {
    mock::CertificateAuthority authority;
    TempFile ca{authority.certificate_pem()};
    std::shared_ptr<mock::VendorMock> vendors;
    mock::HttpServer server;

    explicit Mock(mock::MockOptions options)
        : vendors(std::make_shared<mock::VendorMock>(std::move(options))),
          server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                 [v = vendors](const mock::ServerRequest& r) { return v->handle(r); }) {}
};

// One raw request, for what the mock answers on the wire.
HttpResponse get(const Mock& m, std::string target, HttpHeaders headers) {
    asio::io_context io;
    auto client = make_https_client(io.get_executor(), {.ca_files = {m.ca.path()}});
    REQUIRE(client.has_value());
    HttpRequest request;
    request.origin = Origin{"https", "127.0.0.1", m.server.port()};
    request.target = std::move(target);
    request.headers = std::move(headers);
    HttpResponse response;
    (*client)->async_send(request, [&](Error e, HttpResponse r) {
        REQUIRE_MESSAGE(!e, e.message());
        response = std::move(r);
    });
    io.run();
    return response;
}

const HttpHeaders json_with(std::string token) {
    return {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
}

boost::json::object body_of(const HttpResponse& response) { return boost::json::parse(response.body).as_object(); }

struct Listed {
    std::vector<CallRecord> records;
    std::vector<Error> failures;
    ListingProgress progress;
};

Listed list_all(const Mock& m, std::string provider, std::string token, CallQuery query = {},
                std::size_t concurrency = 4) {
    asio::io_context io;
    SourceOptions options;
    options.api_root = m.server.base_url() + (provider == "talkover" ? "/api/v1" : "/api");
    options.token = std::move(token);
    options.http.ca_files = {m.ca.path()};
    options.retry.base_delay = 50ms;
    auto source = make_http_source(io.get_executor(), find_dialect(provider), options);
    REQUIRE(source.has_value());
    Listing listing(io.get_executor(), {*source}, query, {.concurrency = concurrency});
    Drained drained = drain(io, listing);
    return {std::move(drained.records), std::move(drained.failures), listing.progress()};
}


std::set<std::string> wire_ids(const std::vector<mock::MockCall>& calls) {
    std::set<std::string> ids;
    for (const auto& c : calls) {
        const auto& id = c.wire.at("id");
        ids.insert(id.is_string() ? std::string(id.get_string()) : std::to_string(id.as_int64()));
    }
    return ids;
}

}  // namespace

TEST_SUITE("mock") {

TEST_CASE("The three vendors' envelopes and paginators") {
    Mock m({.calls = 30});
    const auto autocalls = get(m, "/api/user/calls?page=2&per_page=10", json_with("ac-test-1"));
    REQUIRE(autocalls.status == 200);
    const auto a = body_of(autocalls);
    CHECK(a.at("current_page") == 2);
    CHECK(a.at("last_page") == 3);
    CHECK(a.at("total") == 30);
    CHECK(a.at("from") == 11);
    CHECK(a.at("data").as_array().size() == 10);
    CHECK(a.at("next_page_url").as_string().ends_with("/api/user/calls?page=3"));
    CHECK(a.at("links").as_array().size() == 3);
    CHECK(a.at("data").as_array()[0].at("id") == m.vendors->calls("autocalls")[10].wire.at("id"));

    // ClickSpeak's own data, chosen by the token.
    const auto clickspeak = body_of(get(m, "/api/user/calls?per_page=100", json_with("cs-test-1")));
    CHECK(clickspeak.at("data").as_array()[0] == boost::json::value(m.vendors->calls("clickspeak")[0].wire));
    CHECK(clickspeak.at("data") != a.at("data"));

    const auto talkover = body_of(get(m, "/api/v1/calls", json_with("talq_test-1")));
    CHECK(talkover.at("success") == true);
    CHECK(talkover.at("pagination").at("per_page") == 20);  // the vendor's default
    CHECK(talkover.at("pagination").at("last_page") == 2);
    CHECK(talkover.at("data").as_array().size() == 20);

    const auto empty = body_of(get(m, "/api/user/calls?page=9", json_with("ac-test-1")));
    CHECK(empty.at("data").as_array().empty());
    CHECK(empty.at("from").is_null());
    CHECK(get(m, "/api/v1/health", {}).status == 200);
}

TEST_CASE("Authentication: 401 bodies and the login redirect without Accept") {
    Mock m({.calls = 5, .tokens = {"ac-right-key"}});
    const auto wrong = get(m, "/api/user/calls", json_with("ac-wrong-key"));
    CHECK(wrong.status == 401);
    CHECK(wrong.body == R"({"message":"Unauthenticated."})");
    const auto no_accept = get(m, "/api/user/calls", {{"Authorization", "Bearer ac-wrong"}});
    CHECK(no_accept.status == 302);
    CHECK(find_header(no_accept.headers, "Location") == "/login");
    CHECK(get(m, "/api/user/calls", {}).status == 302);
    const auto talkover = get(m, "/api/v1/calls", json_with("nope"));
    CHECK(talkover.status == 401);
    CHECK(body_of(talkover).at("success") == false);
    CHECK(get(m, "/api/user/calls", json_with("ac-right-key")).status == 200);
}

TEST_CASE("Validation: 422 in each vendor's shape") {
    Mock m({.calls = 5});
    const auto laravel = get(m, "/api/user/calls?status=done&per_page=500", json_with("ac-test-1"));
    CHECK(laravel.status == 422);
    const auto l = body_of(laravel);
    CHECK(l.at("message") == "The selected status is invalid. (and 1 more error)");
    CHECK(l.at("errors").at("per_page").as_array()[0] == "The per page field must not be greater than 100.");
    const auto talkover = get(m, "/api/v1/calls?direction=web", json_with("talq_test-1"));
    CHECK(talkover.status == 422);
    CHECK(body_of(talkover).at("errors").at("direction").as_array()[0] == "The selected direction is invalid.");
    // And callbridge reads them as rejected queries with their field errors.
    const Error classified = find_dialect("talkover")->classify_error(talkover, PageContext{"tk", 1, {}});
    CHECK(classified.is(errc::rejected_by_vendor));
    CHECK(classified.details().field_errors.at(0).field == "direction");
}

TEST_CASE("A listing over the mock returns every call of each vendor") {
    Mock m({.calls = 230});
    for (auto [provider, token, vendor] :
         {std::tuple{"autocalls", "ac-test-1", "autocalls"}, std::tuple{"clickspeak", "cs-test-1", "clickspeak"},
          std::tuple{"talkover", "talq_test-1", "talkover"}}) {
        CAPTURE(provider);
        const Listed listed = list_all(m, provider, token);
        CHECK(listed.failures.empty());
        CHECK(ids_of(listed.records) == wire_ids(m.vendors->calls(vendor)));
        CHECK(listed.records.size() == 230);
    }
}

TEST_CASE("Fault: latency is waited before each answer") {
    Mock m({.calls = 5, .latency = 150ms});
    const auto started = std::chrono::steady_clock::now();
    get(m, "/api/user/calls", json_with("ac-test-1"));
    CHECK(std::chrono::steady_clock::now() - started >= 150ms);
}

TEST_CASE("Fault: a rate limit with Retry-After is waited out and the listing completes") {
    Mock m({.calls = 60, .rate_limit = 2, .rate_window = 1s});
    CallQuery query;
    query.page_size = 10;
    const Listed listed = list_all(m, "autocalls", "ac-test-1", query, 1);
    CHECK(listed.failures.empty());
    CHECK(listed.records.size() == 60);
    CHECK(listed.progress.sources[0].retries > 0);
    CHECK(listed.progress.sources[0].waited >= 1000ms);
}

TEST_CASE("Fault: a rate limit without Retry-After is waited out from the body or the reset header") {
    Mock m({.calls = 40, .rate_limit = 2, .rate_window = 1s, .retry_after_header = false});
    CallQuery query;
    query.page_size = 10;
    for (auto [provider, token] : {std::pair{"talkover", "talq_test-1"}, std::pair{"autocalls", "ac-test-1"}}) {
        CAPTURE(provider);
        const Listed listed = list_all(m, provider, token, query, 1);
        CHECK(listed.failures.empty());
        CHECK(listed.records.size() == 40);
        CHECK(listed.progress.sources[0].retries > 0);
    }
}

TEST_CASE("Fault: a 5xx every third request is retried") {
    Mock m({.calls = 100, .fail_every = 3});
    CallQuery query;
    query.page_size = 10;
    const Listed listed = list_all(m, "talkover", "talq_test-1", query);
    CHECK(listed.failures.empty());
    CHECK(listed.records.size() == 100);
    CHECK(listed.progress.sources[0].retries >= 3);
}

TEST_CASE("Fault: a connection cut mid-body every fourth request is retried") {
    Mock m({.calls = 100, .cut_every = 4});
    CallQuery query;
    query.page_size = 10;
    const Listed listed = list_all(m, "autocalls", "ac-test-1", query);
    CHECK(listed.failures.empty());
    CHECK(listed.records.size() == 100);
    CHECK(listed.progress.sources[0].retries >= 2);
}

TEST_CASE("Fault: new calls after every page served shift the pages and nothing is missed") {
    Mock m({.calls = 300, .latency = 5ms, .insert_per_page = 4});
    const auto before = wire_ids(m.vendors->calls("talkover"));
    CallQuery query;
    query.page_size = 20;
    const Listed listed = list_all(m, "talkover", "talq_test-1", query, 4);
    CHECK(listed.failures.empty());
    const auto delivered = ids_of(listed.records);
    CHECK(delivered.size() == listed.records.size());  // none twice
    for (const auto& id : before) CHECK_MESSAGE(delivered.contains(id), "missed ", id);
    for (std::size_t i = 1; i < listed.records.size(); ++i)
        CHECK(listed.records[i - 1].created_at >= listed.records[i].created_at);
}

TEST_CASE("A vendor listing oldest first is read newest first and whole even as calls join its end") {
    Mock m({.calls = 230, .latency = 5ms, .insert_per_page = 3, .oldest_first = true});
    for (auto [provider, token, vendor] : {std::tuple{"talkover", "talq_test-1", "talkover"},
                                           std::tuple{"autocalls", "ac-test-1", "autocalls"}}) {
        CAPTURE(provider);
        const auto before = wire_ids(m.vendors->calls(vendor));
        CallQuery query;
        query.page_size = 20;
        const Listed listed = list_all(m, provider, token, query, 4);
        CHECK(listed.failures.empty());
        CHECK(listed.progress.sources[0].order == PageOrder::oldest_first);
        const auto delivered = ids_of(listed.records);
        CHECK(delivered.size() == listed.records.size());
        for (const auto& id : before) CHECK_MESSAGE(delivered.contains(id), "missed ", id);
        for (std::size_t i = 1; i < listed.records.size(); ++i)
            CHECK(listed.records[i - 1].created_at >= listed.records[i].created_at);
    }
}

TEST_CASE("Fault: Talkover's meta paginator") {
    Mock m({.calls = 45, .talkover_meta = true});
    const auto body = body_of(get(m, "/api/v1/calls", json_with("talq_test-1")));
    CHECK(body.contains("meta"));
    CHECK_FALSE(body.contains("pagination"));
    const Listed listed = list_all(m, "talkover", "talq_test-1");
    CHECK(listed.failures.empty());
    CHECK(listed.records.size() == 45);
}

TEST_CASE("Calls loaded from fixture pages are served with paging and filters") {
    Mock m({.calls_from = {{"autocalls", fixture("autocalls/quirks-page.json")},
                           {"talkover", fixture("talkover/quirks-page.json")}}});
    CallQuery query;
    query.page_size = 2;
    const Listed autocalls = list_all(m, "autocalls", "ac-test-1", query);
    CHECK(autocalls.records.size() == 5);
    CHECK(autocalls.records[0].id == "9001");
    CHECK(autocalls.records[0].status == CallStatus::no_answer);
    query.statuses = {CallStatus::queued};
    const Listed queued = list_all(m, "talkover", "talq_test-1", query);
    CHECK(queued.records.size() == 2);
}

TEST_CASE("The mock command: one listening line then serves until stopped") {
    TempFile ca("", ".pem");
    BackgroundProcess mock({CALLBRIDGE_CLI, "mock", "--calls", "25", "--ca-out", ca.path(), "--token", "ac-cli-key"});
    const std::string line = mock.read_line();
    REQUIRE(line.starts_with("listening on https://127.0.0.1:"));
    const std::string root = line.substr(std::string("listening on ").size()) + "/api";
    const auto listed = run_process({CALLBRIDGE_CLI, "list", "--provider", "autocalls", "--base-url", root, "--ca-file",
                                     ca.path()},
                                    {}, {"AUTOCALLS_TOKEN=ac-cli-key"});
    CHECK(listed.exit_code == 0);
    CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 25);
    CHECK(mock.stop(SIGTERM) == 0);
}

TEST_CASE("The mock command over plain http and its usage errors") {
    BackgroundProcess plain({CALLBRIDGE_CLI, "mock", "--plain", "--calls", "3"});
    const std::string line = plain.read_line();
    REQUIRE(line.starts_with("listening on http://127.0.0.1:"));
    const auto listed = run_process({CALLBRIDGE_CLI, "list", "--provider", "talkover", "--base-url",
                                     line.substr(13) + "/api/v1", "--insecure-http"},
                                    {}, {"TALKOVER_TOKEN=talq_test-1"});
    CHECK(listed.exit_code == 0);
    CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 3);

    const auto no_ca = run_process({CALLBRIDGE_CLI, "mock"});
    CHECK(no_ca.exit_code == 2);
    CHECK(no_ca.err.find("--ca-out FILE is needed") != std::string::npos);
    const auto bad = run_process({CALLBRIDGE_CLI, "mock", "--plain", "--calls-from", "nosuch=x.json"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("expected VENDOR=FILE") != std::string::npos);
}

#ifdef CALLBRIDGE_EXAMPLES_DIR
TEST_CASE("The README's examples run against the mock") {
    TempFile ca("", ".pem");
    BackgroundProcess mock({CALLBRIDGE_CLI, "mock", "--calls", "30", "--ca-out", ca.path()});
    const std::string line = mock.read_line();
    REQUIRE(line.starts_with("listening on "));
    const std::string root = line.substr(std::string("listening on ").size());
    const std::string examples = CALLBRIDGE_EXAMPLES_DIR;

    const auto one_page = run_process({examples + "/list_one_page", root + "/api", ca.path()}, {}, {"AUTOCALLS_TOKEN=ac-test-1"});
    CHECK(one_page.exit_code == 0);
    CHECK(one_page.err.find("completed calls on page 1 of 2 (20 calls on the vendor's page)") != std::string::npos);
    for (const auto& record : [&] {
             std::vector<CallRecord> out;
             std::istringstream lines(one_page.out);
             for (std::string l; std::getline(lines, l);) out.push_back(*record_from_json(l));
             return out;
         }())
        CHECK(record.status == CallStatus::completed);

    const auto everything = run_process({examples + "/list_everything", root, ca.path()}, {},
                                        {"AUTOCALLS_TOKEN=ac-test-1", "TALKOVER_TOKEN=talq_test-1"});
    CHECK(everything.exit_code == 0);
    CHECK(everything.out.starts_with("source,provider,id,"));

    const auto plugin = run_process({examples + "/plugin_source"});
    CHECK(plugin.exit_code == 0);
    CHECK(std::count(plugin.out.begin(), plugin.out.end(), '\n') == 2);
}
#endif

TEST_CASE("The demo lists every shipped vendor mocked and merged newest first") {
    const auto demo = run_process({CALLBRIDGE_CLI, "demo", "--calls", "7", "--latency", "0"});
    CHECK(demo.exit_code == 0);
    CAPTURE(demo.out);
    // The table's rows: "YYYY-MM-DD HH:MM:SS  SOURCE  ...", then "(N calls)".
    std::istringstream lines(demo.out);
    std::string line;
    std::map<std::string, int> rows_of;
    std::string previous = "9999";
    int rows = 0;
    while (std::getline(lines, line)) {
        if (line.size() < 21 || !std::isdigit(static_cast<unsigned char>(line[0])) || line[4] != '-') continue;
        const std::string created = line.substr(0, 19);
        CHECK(created <= previous);  // newest first across all sources
        previous = created;
        std::istringstream fields(line.substr(21));
        std::string source;
        fields >> source;
        ++rows_of[source];
        ++rows;
    }
    CHECK(demo.out.find("(" + std::to_string(rows) + " calls)") != std::string::npos);
    const std::map<std::string, std::string> provider_of{{"main", "autocalls"}, {"brand", "clickspeak"},
                                                         {"tk", "talkover"},    {"vapi", "vapi"},
                                                         {"retell", "retell"},  {"el", "elevenlabs"},
                                                         {"ux", "ultravox"},    {"tw", "twilio"}};
    for (const auto& name : shipped_providers()) {
        CAPTURE(name);
        CHECK(std::any_of(provider_of.begin(), provider_of.end(), [&](const auto& p) { return p.second == name; }));
    }
    for (const auto& [source, provider] : provider_of) {
        CAPTURE(source);
        // Each account's 7 calls, less those the vendor counts but does not
        // list (Retell's calls that never started).
        CHECK(rows_of[source] >= (provider == "retell" ? 1 : 7));
        CHECK(rows_of[source] <= 7);
    }
    CHECK(rows_of.size() == provider_of.size());
}

}  // TEST_SUITE
