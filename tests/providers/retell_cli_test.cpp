// `callbridge list --provider retell` end to end: the real command against
// the vendor mock (POST /v3/list-calls with its body filters and cursor,
// GET /v2/get-call/{id}), with --details, filters, the mock's faults, and
// the credential kept out of every output.

#include <callbridge/call_record.hpp>
#include <callbridge/providers.hpp>

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"
#include "support/fixtures.hpp"
#include "support/normalize_checks.hpp"
#include "support/process.hpp"
#include "support/secret_forms.hpp"
#include "support/temp_file.hpp"
#include "support/vendor_mock_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <map>
#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

const std::string key = "key_retell_test_0123456789";

struct Mock : MockVendorServer {
    explicit Mock(mock::MockOptions options = {.calls = 150}) : MockVendorServer(std::move(options)) {}
};

ProcessResult list(const Mock& m, std::vector<std::string> more = {}, std::string token = key) {
    std::vector<std::string> args{CALLBRIDGE_CLI, "list",     "--provider", "retell", "--base-url",
                                  m.server.base_url(), "--ca-file", m.ca.path()};
    args.insert(args.end(), more.begin(), more.end());
    return run_process(args, {}, {"RETELL_API_KEY=" + token});
}

// The mock's calls that have started (Retell's calls without a
// start_timestamp are never listed), by id.
std::set<std::string> started_ids(const Mock& m) {
    std::set<std::string> out;
    for (const auto& c : m.vendors->calls("retell"))
        if (c.wire.contains("start_timestamp")) out.insert(std::string(c.wire.at("call_id").as_string()));
    return out;
}

// What a listing must return: the mock's calls as the dialect maps them,
// that satisfy the canonical predicate, newest first.
std::vector<std::string> expected_ids(const Mock& m, const CallQuery& query) {
    const auto calls = m.vendors->calls("retell");
    std::vector<const mock::MockCall*> all;
    for (const auto& c : calls) all.push_back(&c);
    const auto body = mock::render_page("retell", all, 1, static_cast<std::uint32_t>(std::max<std::size_t>(1, all.size())));
    auto page = find_dialect("retell")->parse_page(body, PageContext{"retell", 0, {}});
    REQUIRE(page.has_value());
    std::vector<std::string> out;
    for (const auto& r : page->records)
        if (matches(query, r)) out.push_back(r.id);
    return out;
}

void check_newest_first_once(const std::vector<CallRecord>& records) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < records.size(); ++i) {
        CHECK_MESSAGE(seen.insert(records[i].id).second, "twice: ", records[i].id);
        if (i > 0) CHECK(records[i - 1].created_at >= records[i].created_at);
    }
}

std::vector<boost::json::object> request_log(const std::string& path) {
    std::vector<boost::json::object> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(boost::json::parse(line).as_object());
    return out;
}

std::size_t requests_to(const std::vector<boost::json::object>& log, std::string_view prefix) {
    std::size_t n = 0;
    for (const auto& entry : log)
        if (std::string_view(entry.at("path").as_string()).starts_with(prefix)) ++n;
    return n;
}

}  // namespace

TEST_SUITE("retell") {

TEST_CASE("list: every started call of the account exactly once newest first") {
    Mock m;
    const auto result = list(m, {"--page-size", "20"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto records = records_of(result.out);
    const auto started = started_ids(m);
    REQUIRE(started.size() > 100);
    REQUIRE(started.size() < 150);  // some never started
    const auto listed = ids(records);
    CHECK(std::set<std::string>(listed.begin(), listed.end()) == started);
    CHECK(records.size() == started.size());
    CHECK(ids(records) == expected_ids(m, {}));
    check_newest_first_once(records);
    CHECK(records.front().provider == "retell");
    CHECK_FALSE(records.front().transcript.has_value());
}

TEST_CASE("list: filters in filter_criteria return exactly what the canonical predicate selects") {
    Mock m;
    const std::vector<std::vector<std::pair<std::string, std::string>>> cases = {
        {{"--status", "completed"}},
        {{"--status", "busy,no_answer"}},
        {{"--status", "failed"}, {"--direction", "outbound"}},
        {{"--status", "in_progress"}},
        {{"--status", "initiated"}},
        {{"--provider-status", "not_connected"}},
        {{"--provider-status", "registered"}},
        {{"--direction", "web"}},
        {{"--direction", "inbound"}, {"--agent-id", "agent_5c1e9a0b7d3f4e2a8c6b1d0e"}},
        {{"--search", "+4072"}},
        {{"--from", "2025-08-04T12:00:00Z"}, {"--to", "2025-08-04T16:30:00+02:00"}},
        {{"--from", "2025-08-04T15:00:00Z"}},
    };
    const std::map<std::string, std::string> filter_of{
        {"--status", "status"},     {"--provider-status", "provider_status"}, {"--direction", "direction"},
        {"--agent-id", "agent_id"}, {"--search", "search"},                   {"--from", "created_from"},
        {"--to", "created_to"}};
    std::size_t non_empty = 0;
    for (const auto& c : cases) {
        CallQuery query;
        std::vector<std::string> flags{"--page-size", "25"};
        std::string shown;
        for (const auto& [flag, value] : c) {
            REQUIRE_FALSE(set_filter(query, filter_of.at(flag), value));
            flags.push_back(flag);
            flags.push_back(value);
            shown += " " + flag + " " + value;
        }
        CAPTURE(shown);
        const auto result = list(m, flags);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const auto got = ids(records_of(result.out));
        CHECK(got == expected_ids(m, query));
        if (!got.empty()) ++non_empty;
    }
    CHECK(non_empty >= 9);  // the cases select something (initiated and registered never start)
}

TEST_CASE("list: --details fetches get-call for each call and fills the transcripts") {
    TempFile log("", ".jsonl");
    Mock m(mock::MockOptions{.calls = 60, .request_log = log.path()});
    const auto result = list(m, {"--details", "--page-size", "25"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto records = records_of(result.out);
    REQUIRE(records.size() == started_ids(m).size());
    std::map<std::string, std::string> hidden;
    for (const auto& c : m.vendors->calls("retell"))
        if (c.hidden.contains("transcript"))
            hidden[std::string(c.wire.at("call_id").as_string())] = std::string(c.hidden.at("transcript").as_string());
    for (const auto& r : records) {
        CAPTURE(r.id);
        REQUIRE(r.transcript.has_value());
        CHECK(*r.transcript == hidden.at(r.id));
    }
    const auto entries = request_log(log.path());
    CHECK(requests_to(entries, "/v2/get-call/") == records.size());
    CHECK(requests_to(entries, "/v3/list-calls") == 3);  // 60 calls listed, 25 a page

    // Without --details: no get-call, no transcripts.
    TempFile plain_log("", ".jsonl");
    Mock plain(mock::MockOptions{.calls = 60, .request_log = plain_log.path()});
    const auto without = list(plain, {"--page-size", "25"});
    REQUIRE(without.exit_code == 0);
    for (const auto& r : records_of(without.out)) CHECK_FALSE(r.transcript.has_value());
    CHECK(requests_to(request_log(plain_log.path()), "/v2/get-call/") == 0);
}

TEST_CASE("list: a filter on fields the list shows never turns the details on") {
    TempFile log("", ".jsonl");
    Mock m(mock::MockOptions{.calls = 40, .request_log = log.path()});
    const auto result = list(m, {"--search", "CA", "--status", "completed"});
    REQUIRE(result.exit_code == 0);
    CHECK(requests_to(request_log(log.path()), "/v2/get-call/") == 0);
    CallQuery query;
    REQUIRE_FALSE(set_filter(query, "search", "CA"));
    REQUIRE_FALSE(set_filter(query, "status", "completed"));
    CHECK(ids(records_of(result.out)) == expected_ids(m, query));
}

TEST_CASE("list: calls placed while listing shift nothing - every call that existed comes once") {
    Mock m(mock::MockOptions{.calls = 200, .latency = 5ms, .insert_per_page = 4});
    const auto before = started_ids(m);
    const auto result = list(m, {"--page-size", "20", "--details"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto records = records_of(result.out);
    check_newest_first_once(records);
    std::set<std::string> delivered;
    for (const auto& r : records) delivered.insert(r.id);
    for (const auto& id : before) CHECK_MESSAGE(delivered.contains(id), "missed ", id);
}

TEST_CASE("list: 5xx cuts and rate limits are retried and the listing is whole") {
    for (const mock::MockOptions& options :
         {mock::MockOptions{.calls = 100, .fail_every = 3}, mock::MockOptions{.calls = 100, .cut_every = 4},
          mock::MockOptions{.calls = 60, .rate_limit = 2, .rate_window = 1s},
          mock::MockOptions{.calls = 60, .rate_limit = 2, .rate_window = 1s, .retry_after_header = false}}) {
        Mock m(options);
        const auto result = list(m, {"--page-size", "20"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(ids(records_of(result.out)) == expected_ids(m, {}));
    }
}

TEST_CASE("list: campaign_id is refused before anything is sent") {
    TempFile log("", ".jsonl");
    Mock m(mock::MockOptions{.calls = 5, .request_log = log.path()});
    const auto result = list(m, {"--campaign-id", "7"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("--campaign-id") != std::string::npos);
    CHECK(result.err.find("retell") != std::string::npos);
    CHECK(request_log(log.path()).empty());
}

TEST_CASE("list: a rejected key is status 3 and the key appears in no form") {
    const std::string secret(awkward_token);
    // The mock accepts another key: 401 in Retell's shape.
    Mock m(mock::MockOptions{.calls = 5, .tokens = {"key_the_right_one"}});
    const auto refused = list(m, {}, secret);
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("API key is missing or invalid.") != std::string::npos);
    CHECK(refused.err.find("RETELL_API_KEY") != std::string::npos);

    // A server that echoes the Authorization header back in every form.
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    mock::HttpServer echo(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [](const mock::ServerRequest& r) {
        const std::string header(find_header(r.headers, "Authorization").value_or(""));
        const std::string token = header.starts_with("Bearer ") ? header.substr(7) : header;
        std::string all;
        for (const auto& form : secret_forms(token)) all += form.text + " ";
        boost::json::object body{{"status", "error"}, {"message", "bad key " + all}};
        return mock::ServerReply::json(401, boost::json::serialize(body));
    });
    const auto echoed = run_process({CALLBRIDGE_CLI, "list", "--provider", "retell", "--base-url", echo.base_url(),
                                     "--ca-file", ca.path(), "--details", "--raw"},
                                    {}, {"RETELL_API_KEY=" + secret});
    CHECK(echoed.exit_code == 3);
    for (const auto& result : {refused, echoed}) {
        for (const auto& form : secret_forms(secret)) {
            if (form.text.size() < 8) continue;
            CAPTURE(form.name);
            CHECK(result.out.find(form.text) == std::string::npos);
            CHECK(result.err.find(form.text) == std::string::npos);
        }
    }
}

}  // TEST_SUITE

TEST_SUITE("retell") {

// tests/cli/normalize_test.cpp lists its fixtures by name on this branch;
// Retell's are checked here, every fixtures/retell/expected/*.jsonl.
TEST_CASE("normalize: every Retell fixture gives exactly its canonical records") {
    CHECK(check_every_expected_normalization("retell") >= 6);
}

}  // TEST_SUITE
