// `callbridge list --provider ultravox` end to end: the real program against
// the vendor mock over TLS, every call once newest first, with filters,
// with --details, under the mock's faults; a next link to another origin
// never followed; and the API key never on standard output or error.

#include <callbridge/providers.hpp>

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/secret_forms.hpp"
#include "support/temp_file.hpp"
#include "support/vendor_mock_server.hpp"

#include <callbridge/json_text.hpp>

#include <boost/json/parse.hpp>

#include <atomic>
#include <mutex>
#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

const std::string key = "Zk3x9QpL.a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6";

struct Mock : MockVendorServer {
    explicit Mock(mock::MockOptions options = {.calls = 120}) : MockVendorServer(std::move(options)) {}

    std::string root() const { return server.base_url() + "/api"; }
};

ProcessResult callbridge_cli(std::vector<std::string> args, std::vector<std::string> env = {"ULTRAVOX_API_KEY=" + key}) {
    args.insert(args.begin(), CALLBRIDGE_CLI);
    return run_process(args, {}, env);
}

std::vector<std::string> list(const Mock& m, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"list", "--provider", "ultravox", "--base-url", m.root(), "--ca-file", m.ca.path()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// The mock's calls mapped by the dialect, that satisfy the canonical
// predicate, newest first.
std::vector<CallRecord> expected(const Mock& m, const CallQuery& query) {
    const auto calls = m.vendors->calls("ultravox");
    std::vector<const mock::MockCall*> all;
    for (const auto& c : calls) all.push_back(&c);
    const auto body = mock::render_page("ultravox", all, 1, static_cast<std::uint32_t>(std::max<std::size_t>(1, all.size())));
    auto page = find_dialect("ultravox")->parse_page(body, PageContext{"ultravox", 0, {}});
    REQUIRE(page.has_value());
    std::vector<CallRecord> out;
    for (auto& r : page->records)
        if (matches(query, r)) out.push_back(std::move(r));
    std::stable_sort(out.begin(), out.end(), [](const CallRecord& a, const CallRecord& b) { return a.created_at > b.created_at; });
    return out;
}

void check_newest_first_once(const std::vector<CallRecord>& records) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < records.size(); ++i) {
        CHECK(seen.insert(records[i].id).second);
        if (i > 0) CHECK(records[i - 1].created_at >= records[i].created_at);
    }
}

}  // namespace

TEST_SUITE("ultravox") {

TEST_CASE("list: the whole account through next links - every call once newest first") {
    Mock m(mock::MockOptions{.calls = 230});
    const auto result = callbridge_cli(list(m, {"--page-size", "25"}));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto records = records_of(result.out);
    CHECK(records.size() == 230);
    check_newest_first_once(records);
    CHECK(ids(records) == ids(expected(m, {})));
    // The mock's calls cover every way a call is read.
    std::set<Direction> directions;
    std::set<CallStatus> statuses;
    for (const auto& r : records) directions.insert(r.direction), statuses.insert(r.status);
    CHECK(directions.size() == 3);
    CHECK(statuses.count(CallStatus::unknown) == 1);
    CHECK(statuses.size() >= 5);
}

TEST_CASE("list: filters pushed down and checked locally give exactly the canonical predicate's calls") {
    Mock m(mock::MockOptions{.calls = 200});
    const auto all = expected(m, {});
    REQUIRE(all.size() == 200);
    const std::string middle = format_rfc3339(all[60].created_at);
    const std::string later = format_rfc3339(all[20].created_at);
    const std::vector<std::vector<std::string>> cases{
        {"--agent-id", "7c6b5a4f-3e2d-4c1b-9a0f-8e7d6c5b4a3f"},
        {"--from", middle},
        {"--to", middle},
        {"--from", middle, "--to", later},
        {"--direction", "inbound"},
        {"--direction", "web", "--status", "completed"},
        {"--status", "no_answer,failed"},
        {"--provider-status", "agent_hangup"},
        {"--search", "+1202555"},
        {"--agent-id", "0f3e2d1c-4b5a-4978-8a6b-5c4d3e2f1a0b", "--direction", "outbound", "--from", middle},
    };
    for (const auto& filters : cases) {
        std::string shown;
        for (const auto& f : filters) shown += f + " ";
        CAPTURE(shown);
        CallQuery query;
        for (std::size_t i = 0; i < filters.size(); i += 2) {
            std::string name = filters[i].substr(2);
            std::replace(name.begin(), name.end(), '-', '_');
            if (name == "from") name = "created_from";
            if (name == "to") name = "created_to";
            REQUIRE_FALSE(set_filter(query, name, filters[i + 1]));
        }
        std::vector<std::string> args{"--page-size", "30"};
        args.insert(args.end(), filters.begin(), filters.end());
        const auto result = callbridge_cli(list(m, args));
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const auto want = ids(expected(m, query));
        CHECK_FALSE(want.empty());
        CHECK(ids(records_of(result.out)) == want);
    }
}

TEST_CASE("list: --campaign-id is refused before any request") {
    Mock m;
    const auto result = callbridge_cli(list(m, {"--campaign-id", "4"}));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("unsupported filter: --campaign-id: is not offered by ultravox") != std::string::npos);
    CHECK(m.vendors->requests() == 0);
}

TEST_CASE("list: --details reads each call's messages into its transcript") {
    Mock m(mock::MockOptions{.calls = 40});
    const auto result = callbridge_cli(list(m, {"--details", "--page-size", "15"}));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto records = records_of(result.out);
    REQUIRE(records.size() == 40);
    const auto calls = m.vendors->calls("ultravox");
    std::size_t with_transcript = 0;
    for (const auto& r : records) {
        const auto call = std::find_if(calls.begin(), calls.end(), [&](const auto& c) { return mock::string_of(c.wire, "callId") == r.id; });
        REQUIRE(call != calls.end());
        const auto& messages = call->hidden.at("messages").as_array();
        if (messages.empty()) {
            CHECK_FALSE(r.transcript.has_value());
            continue;
        }
        std::string want;
        for (const auto& message : messages)
            want += (want.empty() ? "" : "\n") + std::string(message.at("role").as_string()) + ": " +
                    std::string(message.at("text").as_string());
        CHECK(r.transcript == want);
        ++with_transcript;
    }
    CHECK(with_transcript > 20);

    // Without it there is no transcript, and no request per call.
    const auto before = m.vendors->requests();
    const auto plain = callbridge_cli(list(m, {"--page-size", "15"}));
    REQUIRE(plain.exit_code == 0);
    for (const auto& r : records_of(plain.out)) CHECK_FALSE(r.transcript.has_value());
    CHECK(m.vendors->requests() - before == 3);
}

TEST_CASE("list: under latency 5xx cut bodies rate limits and calls created meanwhile every call is there once") {
    Mock m(mock::MockOptions{.calls = 150,
                             .latency = 5ms,
                             .rate_limit = 4,
                             .rate_window = 1s,
                             .fail_every = 5,
                             .cut_every = 7,
                             .insert_per_page = 2});
    const auto before = expected(m, {});
    const auto result = callbridge_cli(list(m, {"--page-size", "20", "--max-retries", "8", "--details"}));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto records = records_of(result.out);
    check_newest_first_once(records);
    std::set<std::string> listed;
    for (const auto& r : records) listed.insert(r.id);
    for (const auto& r : before) CHECK_MESSAGE(listed.count(r.id) == 1, r.id);
}

TEST_CASE("list: a next link to another host or port is never followed - the cursor goes to the configured root") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    std::atomic<int> elsewhere{0};
    mock::HttpServer other(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [&](const mock::ServerRequest&) {
        ++elsewhere;
        return mock::ServerReply::json(200, R"({"next":null,"previous":null,"results":[]})");
    });
    std::mutex mutex;
    std::vector<std::string> targets, keys;
    const std::string page1 = fixture("ultravox/documented-example.json");
    const std::string page2 = fixture("ultravox/last-page.json");
    const std::string other_url = other.base_url();  // the same host, another port
    mock::HttpServer root(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [&](const mock::ServerRequest& r) {
        std::lock_guard lock(mutex);
        targets.push_back(r.target);
        keys.emplace_back(find_header(r.headers, "X-API-Key").value_or(""));
        if (r.param("cursor") == "c2") return mock::ServerReply::json(200, page2);
        if (r.param("cursor")) return mock::ServerReply::json(404, R"({"detail":"Invalid cursor"})");
        // The documented first page, its next link on another port of the same host.
        auto body = boost::json::parse(page1).as_object();
        body["next"] = other_url + "/api/calls?cursor=c2&pageSize=2&sort=-created";
        return mock::ServerReply::json(200, json_text(body));
    });
    const auto result = callbridge_cli({"list", "--provider", "ultravox", "--base-url", root.base_url() + "/api",
                                        "--ca-file", ca.path(), "--page-size", "2"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    CHECK(records_of(result.out).size() == 3);
    CHECK(elsewhere == 0);
    REQUIRE(targets.size() == 2);
    CHECK(targets[0] == "/api/calls?sort=-created&pageSize=2");
    CHECK(targets[1] == "/api/calls?cursor=c2&pageSize=2&sort=-created");
    CHECK(keys == std::vector<std::string>{key, key});
}

TEST_CASE("list: a wrong or missing key is unauthorized and the key is never shown in any form") {
    Mock m(mock::MockOptions{.calls = 30, .tokens = {std::string(awkward_token)}});
    const auto wrong = callbridge_cli(list(m), {"ULTRAVOX_API_KEY=not-the-key"});
    CHECK(wrong.exit_code != 0);
    CHECK(wrong.err.find("Invalid API key.") != std::string::npos);
    CHECK_FALSE(secret_readable_in(wrong.err, "not-the-key", 5));

    const auto missing = callbridge_cli(list(m), {"ULTRAVOX_API_KEY="});
    CHECK(missing.exit_code != 0);
    CHECK(missing.err.find("ULTRAVOX_API_KEY") != std::string::npos);

    // The right key, with details and verbose errors about, and raw records.
    const auto right = callbridge_cli(list(m, {"--details", "--raw", "--page-size", "7"}),
                                      {"ULTRAVOX_API_KEY=" + std::string(awkward_token)});
    REQUIRE_MESSAGE(right.exit_code == 0, right.err);
    CHECK(records_of(right.out).size() == 30);
    CHECK_FALSE(secret_readable_in(right.out, awkward_token, 5));
    CHECK_FALSE(secret_readable_in(right.err, awkward_token, 5));
}

TEST_CASE("list: a vendor echoing the key in an error body shows it redacted") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [&](const mock::ServerRequest& r) {
        const std::string echoed(find_header(r.headers, "X-API-Key").value_or(""));
        return mock::ServerReply::json(403, R"({"detail":"Invalid API key: )" + json_slashes(echoed) + R"("})");
    });
    const auto result = callbridge_cli({"list", "--provider", "ultravox", "--base-url", server.base_url() + "/api",
                                        "--ca-file", ca.path()},
                                       {"ULTRAVOX_API_KEY=" + std::string(awkward_token)});
    CHECK(result.exit_code != 0);
    CAPTURE(result.err);
    CHECK(result.err.find("[REDACTED]") != std::string::npos);
    CHECK_FALSE(secret_readable_in(result.err, awkward_token, 5));
    CHECK_FALSE(secret_readable_in(result.out, awkward_token, 5));
}

TEST_CASE("list: --details fails naming the field when a call's messages run over one page") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    std::mutex mutex;
    std::vector<std::string> details;  // target and key of each detail request
    const std::string page = fixture("ultravox/last-page.json");
    const std::string messages = fixture("ultravox/details/messages-more-pages.json");
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [&](const mock::ServerRequest& r) {
        if (r.path == "/api/calls") return mock::ServerReply::json(200, page);
        std::lock_guard lock(mutex);
        details.push_back(r.target + " " + std::string(find_header(r.headers, "X-API-Key").value_or("")));
        return mock::ServerReply::json(200, messages);
    });
    const auto result = callbridge_cli({"list", "--provider", "ultravox", "--base-url", server.base_url() + "/api",
                                        "--ca-file", ca.path(), "--details"});
    CHECK(result.exit_code != 0);
    CHECK(result.out.empty());  // no short transcript
    CHECK(details == std::vector<std::string>{
                         "/api/calls/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e/messages?mode=in_call&pageSize=1000 " + key});
    CAPTURE(result.err);
    CHECK(result.err.find("details.next") != std::string::npos);
    CHECK(result.err.find("more than 1000 messages") != std::string::npos);
}

}  // TEST_SUITE
