// `callbridge list` end to end: the real program against the vendor mock
// over TLS, for each provider, with filters checked against the canonical
// predicate applied to the mock's own calls, and every exit status.

#include <callbridge/providers.hpp>

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_module.hpp"
#include "mock/vendor_mock.hpp"
#include "mock/dataset.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/secret_forms.hpp"
#include "support/temp_file.hpp"

#include <csignal>
#include <regex>
#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> tokens{"AUTOCALLS_TOKEN=ac-test-1", "CLICKSPEAK_TOKEN=cs-test-1", "TALKOVER_TOKEN=talq_test-1"};

// The vendor mock on a loopback HTTPS server, and its certificate authority.
struct Mock {
    mock::CertificateAuthority authority;
    TempFile ca{authority.certificate_pem()};
    std::shared_ptr<mock::VendorMock> vendors;
    mock::HttpServer server;

    explicit Mock(mock::MockOptions options = {.calls = 120})
        : vendors(std::make_shared<mock::VendorMock>(std::move(options))),
          server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                 [v = vendors](const mock::ServerRequest& r) { return v->handle(r); }) {}

    std::string root(std::string_view provider) const {
        return server.base_url() + (provider == "talkover" ? "/api/v1" : "/api");
    }
};

ProcessResult callbridge_cli(std::vector<std::string> args, std::vector<std::string> env = tokens) {
    args.insert(args.begin(), CALLBRIDGE_CLI);
    return run_process(args, {}, env);
}

std::vector<std::string> one_source(const Mock& m, std::string provider, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"list", "--provider", provider, "--base-url", m.root(provider), "--ca-file", m.ca.path()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

std::vector<CallRecord> records_of(const std::string& jsonl) {
    std::vector<CallRecord> records;
    std::istringstream lines(jsonl);
    for (std::string line; std::getline(lines, line);) {
        auto record = record_from_json(line);
        REQUIRE_MESSAGE(record.has_value(), line);
        records.push_back(std::move(*record));
    }
    return records;
}

std::vector<std::string> ids(const std::vector<CallRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
}

// What a listing must return: the mock's calls, mapped by the dialect, that
// satisfy the canonical predicate, newest first.
std::vector<std::string> expected_ids(const Mock& m, std::string_view provider, const CallQuery& query) {
    const std::string vendor(provider);
    const auto calls = m.vendors->calls(vendor);
    std::vector<const mock::MockCall*> all;
    for (const auto& c : calls) all.push_back(&c);
    const auto body = mock::render_page(vendor, all, 1, static_cast<std::uint32_t>(std::max<std::size_t>(1, all.size())));
    auto page = find_dialect(provider)->parse_page(body, PageContext{std::string(provider), 0, {}});
    REQUIRE(page.has_value());
    std::vector<std::string> out;
    for (const auto& r : page->records)
        if (matches(query, r)) out.push_back(r.id);
    return out;
}

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("list: a progress line on a terminal and none with --quiet") {
    Mock m(mock::MockOptions{.calls = 300, .latency = 20ms});
    std::vector<std::string> args = one_source(m, "autocalls", {"--page-size", "20", "--concurrency", "2"});
    args.insert(args.begin(), CALLBRIDGE_CLI);
    const auto shown = run_process_on_terminal(args, tokens);
    CHECK(shown.exit_code == 0);
    CHECK(records_of(shown.out).size() == 300);
    CHECK(shown.err.find("1 source · ") != std::string::npos);
    CHECK(shown.err.find("/15 pages · ") != std::string::npos);
    CHECK(shown.err.ends_with("\r\x1b[K"));  // and cleared at the end

    args.push_back("--quiet");
    const auto quiet = run_process_on_terminal(args, tokens);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
}

// Standard output and standard error one terminal, as when a person runs
// the command: the terminal's bytes, cut at each "clear the line", are
// progress lines alone or whole records alone, never a record written onto
// the end of a progress line (nor a progress line onto a record).
TEST_CASE("list: on one terminal the progress line and the records never mix") {
    Mock m(mock::MockOptions{.calls = 300, .latency = 20ms});
    for (const std::string format : {"jsonl", "table"}) {
        CAPTURE(format);
        std::vector<std::string> args =
            one_source(m, "autocalls", {"--page-size", "20", "--concurrency", "2", "--format", format});
        args.insert(args.begin(), CALLBRIDGE_CLI);
        const auto run = run_process_on_one_terminal(args, tokens);
        REQUIRE(run.exit_code == 0);
        const std::string& screen = run.err;
        const std::string clear = "\r\x1b[K";
        std::size_t progress_lines = 0, record_lines = 0;
        std::size_t at = 0;
        while (at <= screen.size()) {
            std::size_t next = screen.find(clear, at);
            if (next == std::string::npos) next = screen.size();
            std::string piece = screen.substr(at, next - at);
            at = next + clear.size();
            if (piece.empty()) continue;
            if (piece.find('\n') == std::string::npos) {  // a progress line, alone
                CHECK_MESSAGE(piece.starts_with("1 source · "), piece);
                CHECK_MESSAGE(piece.find("{\"") == std::string::npos, piece);
                ++progress_lines;
                continue;
            }
            // Whole lines, each a record (or the table's heading and footer).
            CHECK_MESSAGE(piece.ends_with("\n"), piece);
            std::istringstream lines(piece);
            for (std::string line; std::getline(lines, line);) {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                CHECK_MESSAGE(line.find(" source · ") == std::string::npos, line);
                if (format == "jsonl") CHECK_MESSAGE(record_from_json(line).has_value(), line);
                else CHECK_MESSAGE((line.starts_with("20") || line.starts_with("CREATED") || line == "(300 calls)"), line);
                ++record_lines;
            }
        }
        CHECK(progress_lines > 0);
        CHECK(record_lines == (format == "jsonl" ? 300u : 302u));
        CHECK(screen.find(" calls/s") != std::string::npos);  // the rate the spec promises
    }
}

// Four pages rate-limited at once wait side by side: the line counts the
// time waited on the wall clock, never more than the listing took.
TEST_CASE("list: waits on the progress line are wall-clock time") {
    Mock m(mock::MockOptions{.calls = 100, .latency = 5ms, .rate_limit = 2, .rate_window = 1s});
    // Four pages at once against two a second: a page may lose the race a few
    // times running, so the retries are not what this test is about.
    std::vector<std::string> args =
        one_source(m, "autocalls", {"--page-size", "10", "--concurrency", "4", "--max-retries", "20"});
    args.insert(args.begin(), CALLBRIDGE_CLI);
    const auto started = std::chrono::steady_clock::now();
    const auto run = run_process_on_terminal(args, tokens);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    REQUIRE(run.exit_code == 0);
    CHECK(records_of(run.out).size() == 100);
    double most = 0;
    const std::regex waited("waited ([0-9]+\\.[0-9]) s");
    for (std::sregex_iterator it(run.err.begin(), run.err.end(), waited), end; it != end; ++it)
        most = std::max(most, std::stod((*it)[1].str()));
    CHECK(run.err.find(" retries") != std::string::npos);
    CHECK(most > 0);
    CHECK(most <= elapsed + 0.05);  // the line rounds to a tenth
}

TEST_CASE("list: each provider's whole account as canonical JSON lines") {
    Mock m;
    for (std::string provider : {"autocalls", "clickspeak", "talkover"}) {
        CAPTURE(provider);
        const auto result = callbridge_cli(one_source(m, provider));
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());  // no progress line: standard error is not a terminal
        const auto records = records_of(result.out);
        CHECK(ids(records) == expected_ids(m, provider, {}));
        REQUIRE(records.size() == 120);
        CHECK(records.front().provider == provider);
        CHECK(records.front().source == provider);
    }
}

TEST_CASE("list: three sources from a config file merged newest first into a table") {
    Mock m;
    TempFile config("{ \"sources\": [\n"
                    "  {\"name\": \"main\", \"provider\": \"autocalls\", \"base_url\": \"" + m.root("autocalls") + "\"},\n"
                    "  {\"name\": \"brand\", \"provider\": \"clickspeak\", \"base_url\": \"" + m.root("clickspeak") +
                        "\", \"token_env\": \"BRAND_TOKEN\"},\n"
                    "  {\"name\": \"tk\", \"provider\": \"talkover\", \"base_url\": \"" + m.root("talkover") + "\"} ] }",
                    ".json");
    std::vector<std::string> env = tokens;
    env.push_back("BRAND_TOKEN=cs-brand");
    const auto jsonl = callbridge_cli({"list", "--config", config.path(), "--ca-file", m.ca.path()}, env);
    REQUIRE(jsonl.exit_code == 0);
    const auto records = records_of(jsonl.out);
    REQUIRE(records.size() == 360);
    std::map<std::string, int> per_source;
    for (std::size_t i = 0; i < records.size(); ++i) {
        ++per_source[records[i].source];
        if (i > 0) CHECK(records[i - 1].created_at >= records[i].created_at);
    }
    CHECK(per_source == std::map<std::string, int>{{"brand", 120}, {"main", 120}, {"tk", 120}});

    const auto table = callbridge_cli({"list", "--config", config.path(), "--ca-file", m.ca.path(), "--format", "table"}, env);
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.starts_with("CREATED (UTC)        SOURCE"));
    CHECK(table.out.ends_with("(360 calls)\n"));
}

TEST_CASE("list: filters return exactly the calls the canonical predicate selects") {
    Mock m;
    struct Case {
        const char* provider;
        std::vector<std::pair<std::string, std::string>> flags;  // flag, filter
    };
    const std::vector<Case> cases = {
        {"autocalls", {{"--status", "completed"}}},
        {"autocalls", {{"--status", "no_answer"}, {"--direction", "outbound"}}},
        {"autocalls", {{"--provider-status", "unanswered"}}},
        {"autocalls", {{"--direction", "web"}}},
        {"autocalls", {{"--from", "2025-08-04T12:00:00Z"}, {"--to", "2025-08-04T16:30:00+02:00"}}},
        {"autocalls", {{"--search", "+4072"}, {"--status", "completed,busy"}}},
        {"talkover", {{"--status", "in_progress"}}},
        {"talkover", {{"--status", "queued"}}},
        {"talkover", {{"--direction", "inbound"}, {"--agent-id", "agent-uuid-2"}}},
        {"talkover", {{"--search", "+1202555"}}},
        {"talkover", {{"--from", "2025-08-04T15:00:00Z"}}},
        {"clickspeak", {{"--status", "failed"}}},
    };
    for (const Case& c : cases) {
        CallQuery query;
        std::vector<std::string> flags;
        std::string shown = c.provider;
        const std::map<std::string, std::string> filter_of{
            {"--status", "status"}, {"--provider-status", "provider_status"}, {"--direction", "direction"},
            {"--agent-id", "agent_id"}, {"--search", "search"}, {"--from", "created_from"}, {"--to", "created_to"}};
        for (const auto& [flag, value] : c.flags) {
            REQUIRE_FALSE(set_filter(query, filter_of.at(flag), value));
            flags.push_back(flag);
            flags.push_back(value);
            shown += " " + flag + " " + value;
        }
        CAPTURE(shown);
        const auto result = callbridge_cli(one_source(m, c.provider, flags));
        REQUIRE(result.exit_code == 0);
        const auto expected = expected_ids(m, c.provider, query);
        CHECK(ids(records_of(result.out)) == expected);
    }
}

TEST_CASE("list: a customer number and an Autocalls campaign go to the vendor and come back exact") {
    Mock m;
    const auto calls = m.vendors->calls("autocalls");
    const std::string number(calls[5].wire.at("client_phone_number").as_string());
    const auto result = callbridge_cli(one_source(m, "autocalls", {"--customer-number", number}));
    REQUIRE(result.exit_code == 0);
    const auto records = records_of(result.out);
    REQUIRE_FALSE(records.empty());
    for (const auto& r : records) CHECK(r.customer_number == number);

    std::size_t in_campaign = 0;
    for (const auto& c : calls) in_campaign += c.hidden.at("campaign_id") == 2 ? 1 : 0;
    const auto campaign = callbridge_cli(one_source(m, "autocalls", {"--campaign-id", "2"}));
    REQUIRE(campaign.exit_code == 0);
    CHECK(records_of(campaign.out).size() == in_campaign);
}

TEST_CASE("list: --limit stops early and --page-size sets the vendor's page") {
    Mock m;
    const auto before = m.vendors->requests();
    const auto result = callbridge_cli(one_source(m, "talkover", {"--limit", "7", "--page-size", "5"}));
    REQUIRE(result.exit_code == 0);
    const auto records = records_of(result.out);
    const auto all = expected_ids(m, "talkover", {});
    CHECK(ids(records) == std::vector<std::string>(all.begin(), all.begin() + 7));
    CHECK(m.vendors->requests() - before == 2);
}

TEST_CASE("list: --output and --raw and csv") {
    Mock m;
    TempFile out("", ".jsonl");
    const auto raw = callbridge_cli(one_source(m, "autocalls", {"--raw", "--limit", "3", "--output", out.path()}));
    REQUIRE(raw.exit_code == 0);
    CHECK(raw.out.empty());
    std::ifstream file(out.path());
    std::stringstream text;
    text << file.rdbuf();
    const auto written = records_of(text.str());
    REQUIRE(written.size() == 3);
    CHECK(written[0].raw.contains("assistant_name"));

    const auto csv = callbridge_cli(one_source(m, "talkover", {"--format", "csv", "--limit", "2"}));
    REQUIRE(csv.exit_code == 0);
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 3);
    CHECK(callbridge_cli(one_source(m, "talkover", {"--format", "csv", "--raw"})).exit_code == 2);
}

TEST_CASE("list: bad usage and invalid or unsupported queries are status 2 with nothing sent") {
    Mock m;
    struct Case {
        std::vector<std::string> args;
        std::vector<std::string> env;
        const char* message;
    };
    const std::vector<Case> cases = {
        {one_source(m, "autocalls", {"--page-size", "500"}), tokens, "invalid query: --page-size: must be"},
        {one_source(m, "autocalls", {"--status", "done"}), tokens, "--status: unknown status 'done'"},
        {one_source(m, "autocalls", {"--from", "yesterday"}), tokens, "--from: expected a date"},
        {one_source(m, "autocalls", {"--from", "2025-08-05", "--to", "2025-08-04"}), tokens, "--from: is after created_to"},
        {one_source(m, "autocalls", {"--agent-id", "sales"}), tokens, "--agent-id: must be an integer for provider autocalls"},
        {one_source(m, "talkover", {"--campaign-id", "4"}), tokens, "unsupported filter: --campaign-id: is not offered by talkover"},
        {one_source(m, "autocalls"), {}, "the variable AUTOCALLS_TOKEN holding the token is not set"},
        {one_source(m, "nosuch"), tokens, "unknown provider 'nosuch'"},
        {{"list", "--provider", "autocalls", "--base-url", "http://127.0.0.1:1/api"}, tokens, "clear text"},
        {{"list"}, tokens, "give --provider for one source, or --config for several"},
        {{"list", "--config", "/no/such.json"}, tokens, "cannot read '/no/such.json'"},
        {one_source(m, "autocalls", {"--ca-file", "/no/ca.pem"}), tokens, "/no/ca.pem"},
        {one_source(m, "autocalls", {"--timezone", "Mars/Base"}), tokens, "unknown time zone 'Mars/Base'"},
        {one_source(m, "autocalls", {"--concurrency", "0"}), tokens, "--concurrency"},
        {one_source(m, "autocalls", {"--format", "xml"}), tokens, "unknown format 'xml'"},
    };
    const auto before = m.vendors->requests();
    for (const Case& c : cases) {
        INFO(c.message);
        const auto result = callbridge_cli(c.args, c.env);
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK_MESSAGE(result.err.find(c.message) != std::string::npos, result.err);
    }
    CHECK(m.vendors->requests() == before);
}

TEST_CASE("list: rejected credentials are status 3 naming the source and the token's variable") {
    Mock m(mock::MockOptions{.calls = 10, .tokens = {"ac-right-key"}});
    const auto result = callbridge_cli(one_source(m, "autocalls", {"--source-name", "main"}),
                                       {"AUTOCALLS_TOKEN=ac-wrong-secret"});
    CHECK(result.exit_code == 3);
    CHECK(result.err == "callbridge: source 'main' (autocalls), page 1: unauthorized: Unauthenticated. [HTTP 401]; "
                        "check the token in AUTOCALLS_TOKEN\n");
    CHECK(result.out.empty());
}

TEST_CASE("list: a vendor that rejects the query is status 4 with its field errors") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [](const mock::ServerRequest&) {
        return mock::ServerReply::json(422, fixture("talkover/errors/422-documented.json"));
    });
    const auto result = callbridge_cli({"list", "--provider", "talkover", "--base-url", server.base_url() + "/api/v1",
                                        "--ca-file", ca.path()});
    CHECK(result.exit_code == 4);
    CHECK(result.err.find("rejected by vendor: The given data was invalid. [HTTP 422]; status: The selected status is "
                          "invalid.") != std::string::npos);
    CHECK(result.err.find("check the filters") != std::string::npos);
}

TEST_CASE("list: a certificate not trusted is status 5 before anything is sent") {
    Mock m;
    const auto before = m.vendors->requests();
    const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", m.root("autocalls")});
    CHECK(result.exit_code == 5);
    CHECK(result.err.find("transport failure while TLS handshake") != std::string::npos);
    CHECK(result.err.find("--ca-file") != std::string::npos);
    CHECK(m.vendors->requests() == before);
}

TEST_CASE("list: a vendor that keeps failing is status 6 after the retries") {
    Mock m(mock::MockOptions{.calls = 10, .fail_every = 1});
    // One page at a time: at the default concurrency pages 2 to 4 go out
    // with page 1 (Talkover numbers its pages) and are retried as well.
    const auto result = callbridge_cli(one_source(m, "talkover", {"--max-retries", "1", "--concurrency", "1"}));
    CHECK(result.exit_code == 6);
    CHECK(result.err.find("vendor unavailable: Internal server error. [HTTP 500]; try again later") != std::string::npos);
    CHECK(m.vendors->requests() == 2);
}

TEST_CASE("list: Talkover's documented example lists its calls oldest first and both come out newest first") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    std::string page = fixture("talkover/documented-example.json");
    page.replace(page.find("\"last_page\": 5"), 14, "\"last_page\": 1");
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [page](const mock::ServerRequest&) { return mock::ServerReply::json(200, page); });
    const auto result = callbridge_cli({"list", "--provider", "talkover", "--base-url", server.base_url() + "/api/v1",
                                        "--ca-file", ca.path()});
    CHECK(result.exit_code == 0);
    CHECK(ids(records_of(result.out)) == std::vector<std::string>{"call-uuid-2", "call-uuid-1"});
}

TEST_CASE("list: a response that cannot be understood is status 7") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [](const mock::ServerRequest&) {
        return mock::ServerReply::json(200, fixture("autocalls/malformed/html-login-page.html"));
    });
    const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                        "--ca-file", ca.path()});
    CHECK(result.exit_code == 7);
    CHECK(result.err.find("source 'autocalls', page 1: malformed response: not JSON") != std::string::npos);
}

TEST_CASE("list: one failing source is reported and the others still come out whole") {
    Mock m(mock::MockOptions{.calls = 50, .tokens = {"ac-test-1", "talq_test-1"}});
    TempFile config("{\"sources\": [{\"name\": \"main\", \"provider\": \"autocalls\", \"base_url\": \"" +
                        m.root("autocalls") + "\"}, {\"name\": \"brand\", \"provider\": \"clickspeak\", \"base_url\": \"" +
                        m.root("clickspeak") + "\"}, {\"name\": \"tk\", \"provider\": \"talkover\", \"base_url\": \"" +
                        m.root("talkover") + "\"}]}",
                    ".json");
    const auto result = callbridge_cli({"list", "--config", config.path(), "--ca-file", m.ca.path()});
    CHECK(result.exit_code == 3);  // brand's cs- token is not accepted
    CHECK(result.err.find("source 'brand' (clickspeak), page 1: unauthorized") != std::string::npos);
    const auto records = records_of(result.out);
    CHECK(records.size() == 100);
    for (const auto& r : records) CHECK(r.source != "brand");
}

TEST_CASE("list: http:// only with --insecure-http") {
    auto vendors = std::make_shared<mock::VendorMock>(mock::MockOptions{.calls = 5});
    mock::HttpServer plain(mock::ServerOptions{}, [vendors](const mock::ServerRequest& r) { return vendors->handle(r); });
    const std::vector<std::string> args{"list", "--provider", "autocalls", "--base-url", plain.base_url() + "/api"};
    CHECK(callbridge_cli(args).exit_code == 2);
    auto allowed = args;
    allowed.push_back("--insecure-http");
    const auto result = callbridge_cli(allowed);
    CHECK(result.exit_code == 0);
    CHECK(records_of(result.out).size() == 5);
}

TEST_CASE("list: the token is never printed even when the server echoes it") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [](const mock::ServerRequest& r) {
        const std::string echoed(find_header(r.headers, "Authorization").value_or(""));
        return mock::ServerReply::json(401, R"({"message":"token )" + echoed + R"( is not valid"})");
    });
    const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                        "--ca-file", ca.path()},
                                       {"AUTOCALLS_TOKEN=1|SuperSecretValue123"});
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("SuperSecretValue123") == std::string::npos);
    CHECK(result.out.find("SuperSecretValue123") == std::string::npos);
    CHECK(result.err.find("[REDACTED]") != std::string::npos);
}

TEST_CASE("list: a vendor that ignores the page asked for is an error not a short listing") {
    // A cache in front of the vendor drops the query string: every page is
    // page 1's calls, while the paginator counts 3000 calls on 30 pages.
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 3000, 5);
    std::vector<const mock::MockCall*> calls;
    for (const auto& c : data->calls()) calls.push_back(&c);
    const std::string first = mock::render_page("autocalls", calls, 1, 100);
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [&](const mock::ServerRequest& r) {
                                std::string page = first;
                                page.replace(0, std::string_view("{\"current_page\":1,").size(),
                                             "{\"current_page\":" + r.param("page").value_or("1") + ",");
                                return mock::ServerReply::json(200, page);
                            });
    const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                        "--ca-file", ca.path()});
    CHECK(result.exit_code == 7);
    CHECK(result.err.find("source 'autocalls', page 3: malformed response: the page holds only calls already listed") !=
          std::string::npos);
    CHECK(result.err.find("counts 3000 calls on 30 pages") != std::string::npos);
    CHECK(records_of(result.out).size() == 100);
    // It stops where it finds out, page 3: at most twice the concurrency (4)
    // pages past it were asked for (answered pages are read while the next
    // go out), not all 30.
    CHECK(server.stats().requests <= 3 + 2 * 4);
}

TEST_CASE("list: a call the vendor repeats on a later page is printed once") {
    // Page 3 ends with the newest call again, updated (another status).
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 300, 9);
    mock::MockCall again = data->calls().front();
    again.wire["status"] = "failed";
    std::vector<const mock::MockCall*> listed;
    for (const auto& c : data->calls()) listed.push_back(&c);
    std::vector<const mock::MockCall*> repeated = listed;
    repeated.insert(repeated.begin() + 299, &again);
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [&](const mock::ServerRequest& r) {
                                const auto page = static_cast<std::uint32_t>(std::stoul(r.param("page").value_or("1")));
                                return mock::ServerReply::json(
                                    200, mock::render_page("autocalls", page >= 3 ? repeated : listed, page, 100));
                            });
    for (const char* concurrency : {"1", "4"}) {
        CAPTURE(concurrency);
        const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                            "--ca-file", ca.path(), "--concurrency", concurrency});
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        const auto printed = ids(records_of(result.out));
        CHECK(printed.size() == 300);
        CHECK(std::set<std::string>(printed.begin(), printed.end()).size() == 300);
    }
}

TEST_CASE("list: output that cannot be written stops the listing at once with the reason") {
    Mock m(mock::MockOptions{.calls = 3000});
    const auto before = m.vendors->requests();
    const auto result = callbridge_cli(one_source(m, "autocalls", {"--page-size", "10", "--output", "/dev/full"}));
    CHECK(result.exit_code == 1);
    CHECK(result.err == "callbridge: cannot write to '/dev/full': No space left on device\n");
    CHECK(m.vendors->requests() - before < 40);  // of 300 pages
}

TEST_CASE("list: --deadline ends a listing that a stalled server would hold") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 300, 5);
    std::vector<const mock::MockCall*> calls;
    for (const auto& c : data->calls()) calls.push_back(&c);
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [&](const mock::ServerRequest& r) {
                                auto reply = mock::ServerReply::json(200, mock::render_page("autocalls", calls, 1, 100));
                                if (r.param("page") != "1") reply.fault = mock::ServerReply::Fault::stall;
                                return reply;
                            });
    const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                        "--ca-file", ca.path(), "--deadline", "1.5", "--concurrency", "1"});
    CHECK(result.exit_code == 5);
    CHECK(result.err.find("source 'autocalls', page 2: transport failure: the listing's deadline of 1500 ms passed "
                          "before this source was done") != std::string::npos);
    CHECK(records_of(result.out).size() == 100);
}

TEST_CASE("list: C1 controls and DEL from a vendor reach neither the table nor standard error") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    std::string page = fixture("autocalls/quirks-page.json");
    page.replace(page.find("\"current_page\": 2"), 17, "\"current_page\": 1");
    page.replace(page.find("\"last_page\": 3"), 14, "\"last_page\": 2");
    // CSI (U+009B) and OSC (U+009D) ... ST (U+009C), and DEL, JSON-escaped.
    page.replace(page.find("Sales Assistant"), 15, "S\\u009b1m\\u009d0;x\\u009c\\u007fAgent");
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [&](const mock::ServerRequest& r) {
                                if (r.param("page") == "1") return mock::ServerReply::json(200, page);
                                return mock::ServerReply::json(500, "<p>down \xC2\x9B" "2J\x7F \x9B" "2J</p>");
                            });
    const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                        "--ca-file", ca.path(), "--format", "table", "--max-retries", "0"});
    CHECK(result.exit_code == 6);
    for (const std::string& text : {result.out, result.err}) {
        for (unsigned char c = 0x80; c <= 0x9F; ++c) CHECK(text.find(std::string("\xC2") + static_cast<char>(c)) == std::string::npos);
        CHECK(text.find('\x7F') == std::string::npos);
        CHECK(text.find('\x1B') == std::string::npos);
        CHECK(text.find('\x9B') == std::string::npos);
    }
    CHECK(result.out.find("  S 1m 0;x  Agent  ") != std::string::npos);
    CHECK(result.err.find("(body: \"<p>down  2J  \xEF\xBF\xBD" "2J</p>\")") != std::string::npos);
}

TEST_CASE("list: a token echoed JSON-escaped in a 500 body without a message is not readable on standard error") {
    // PHP writes / as \/, .NET writes + as \u002B; the body has no message,
    // so its excerpt is what is shown.
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    int requests = 0;
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [&](const mock::ServerRequest& r) {
        const std::string echoed(find_header(r.headers, "Authorization").value_or(""));
        const std::string token = echoed.substr(echoed.find(' ') + 1);
        const std::string form = ++requests % 2 == 1 ? json_slashes(token)
                                                     : json_unicode(token, true, [](char c) { return c == '+' || c == '/'; });
        return mock::ServerReply::json(500, R"({"exception":"Error","headers":{"authorization":["Bearer )" + form + R"("]}})");
    });
    for (int run = 0; run < 2; ++run) {
        const auto result = callbridge_cli({"list", "--provider", "autocalls", "--base-url", server.base_url() + "/api",
                                            "--ca-file", ca.path(), "--max-retries", "0"},
                                           {"AUTOCALLS_TOKEN=" + std::string(awkward_token)});
        CHECK(result.exit_code == 6);
        CAPTURE(result.err);
        CHECK(result.err.find("[REDACTED]") != std::string::npos);
        CHECK_FALSE(secret_readable_in(result.err, awkward_token, 5));
    }
}

TEST_CASE("list: --keep-formulas goes with csv only") {
    Mock m;
    const auto result = callbridge_cli(one_source(m, "autocalls", {"--keep-formulas"}));
    CHECK(result.exit_code == 2);
    CHECK(result.err == "callbridge: --keep-formulas goes with --format csv only\n");
}

TEST_CASE("list: interrupted it stops with 130 and whole lines only") {
    Mock m(mock::MockOptions{.calls = 2000, .latency = 100ms});
    std::vector<std::string> args = one_source(m, "autocalls", {"--page-size", "10", "--concurrency", "1"});
    args.insert(args.begin(), CALLBRIDGE_CLI);
    const auto result = run_process_then_signal(args, tokens, 1, SIGINT);
    CHECK(result.exit_code == 130);
    CHECK(result.err.find("interrupted") != std::string::npos);
    CHECK_FALSE(result.out.empty());
    CHECK(result.out.back() == '\n');
    CHECK(records_of(result.out).size() < 2000);  // every line a whole record
}

}  // TEST_SUITE
