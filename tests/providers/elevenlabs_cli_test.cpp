// ElevenLabs end to end: `callbridge normalize` on every fixture byte for
// byte, and `callbridge list --provider elevenlabs` against the mock over
// TLS: every conversation once, newest first, through the cursor, with
// filters, with details (asked for, or turned on by a filter on a field only
// the details carry), under the mock's faults; and the key in no output.

#include <callbridge/json_text.hpp>
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

#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

const std::string key = "xi-test-key-0123456789";

struct Mock : MockVendorServer {
    explicit Mock(mock::MockOptions options = {.calls = 120}) : MockVendorServer(std::move(options)) {}
};

ProcessResult callbridge_cli(std::vector<std::string> args, std::vector<std::string> env = {"ELEVENLABS_API_KEY=" + key}) {
    args.insert(args.begin(), CALLBRIDGE_CLI);
    return run_process(args, {}, env);
}

std::vector<std::string> list_args(const Mock& m, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"list", "--provider", "elevenlabs", "--base-url", m.server.base_url(), "--ca-file",
                                  m.ca.path()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// The mock's conversations as the dialect maps them, newest first, each
// with its details applied when `details`.
std::vector<CallRecord> mapped(const Mock& m, bool details) {
    const auto calls = m.vendors->calls("elevenlabs");
    std::vector<const mock::MockCall*> all;
    for (const auto& c : calls) all.push_back(&c);
    const auto body =
        mock::render_page("elevenlabs", all, 1, static_cast<std::uint32_t>(std::max<std::size_t>(1, all.size())));
    PageContext context{"elevenlabs", 1, {}};
    context.keep_raw = false;
    auto page = find_dialect("elevenlabs")->parse_page(body, context);
    REQUIRE(page.has_value());
    REQUIRE(page->records.size() == calls.size());
    if (details)
        for (std::size_t i = 0; i < calls.size(); ++i) {
            const Error e = find_dialect("elevenlabs")
                                ->apply_details(page->records[i], json_text(calls[i].hidden.at("details")), context);
            REQUIRE_MESSAGE(!e, e.message());
        }
    return std::move(page->records);
}

std::vector<std::string> expected_ids(const Mock& m, const CallQuery& query, bool details = false) {
    std::vector<std::string> out;
    for (const auto& r : mapped(m, details))
        if (matches(query, r)) out.push_back(r.id);
    return out;
}

std::string jsonl_of(const std::vector<CallRecord>& records) {
    std::string out;
    for (const auto& r : records) out += to_json(r) + "\n";
    return out;
}

}  // namespace

TEST_SUITE("elevenlabs") {

TEST_CASE("normalize: every ElevenLabs fixture gives exactly its canonical records") {
    CHECK(check_every_expected_normalization("elevenlabs") == 5);
}

TEST_CASE("list: every conversation once newest first through the cursor") {
    Mock m;
    for (const char* page_size : {"100", "7"}) {
        CAPTURE(page_size);
        const auto before = m.vendors->requests();
        const auto result = callbridge_cli(list_args(m, {"--page-size", page_size}));
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        const auto records = records_of(result.out);
        CHECK(ids(records) == expected_ids(m, {}));
        REQUIRE(records.size() == 120);
        CHECK(records.front().provider == "elevenlabs");
        // The cursor is followed page by page: ceil(120 / size) requests.
        CHECK(m.vendors->requests() - before == (std::string(page_size) == "7" ? 18u : 2u));
        // Without --details, what only the details carry is null.
        for (const auto& r : records) {
            CHECK_FALSE(r.transcript.has_value());
            CHECK_FALSE(r.customer_number.has_value());
        }
    }
}

TEST_CASE("list: filters return exactly the conversations the canonical predicate selects") {
    Mock m;
    const auto all = mapped(m, false);
    // Bounds on seconds conversations start at: the vendor's strict bounds
    // would drop them without the widening.
    const std::string from = format_rfc3339(all[80].created_at);
    const std::string to = format_rfc3339(all[20].created_at);
    const std::string agent = *all[3].agent.id;
    const std::vector<std::vector<std::pair<std::string, std::string>>> cases = {
        {{"--status", "completed"}},
        {{"--status", "in_progress,initiated"}},
        {{"--status", "unknown"}},
        {{"--provider-status", "processing"}},
        {{"--direction", "web"}},
        {{"--direction", "inbound"}, {"--status", "failed"}},
        {{"--agent-id", agent}},
        {{"--from", from}, {"--to", to}},
        {{"--from", from}, {"--agent-id", agent}, {"--status", "completed"}},
    };
    const std::map<std::string, std::string> filter_of{
        {"--status", "status"},     {"--provider-status", "provider_status"}, {"--direction", "direction"},
        {"--agent-id", "agent_id"}, {"--from", "created_from"},               {"--to", "created_to"}};
    for (const auto& flags : cases) {
        CallQuery query;
        std::vector<std::string> args;
        std::string shown;
        for (const auto& [flag, value] : flags) {
            REQUIRE_FALSE(set_filter(query, filter_of.at(flag), value));
            args.push_back(flag);
            args.push_back(value);
            shown += " " + flag + " " + value;
        }
        CAPTURE(shown);
        const auto result = callbridge_cli(list_args(m, args));
        REQUIRE(result.exit_code == 0);
        const auto expected = expected_ids(m, query);
        CHECK(ids(records_of(result.out)) == expected);
        if (shown.find("--from") != std::string::npos) CHECK(expected.size() >= 2);
    }
}

TEST_CASE("list: --details fills numbers call SID cost transcript and analysis from each conversation") {
    Mock m(mock::MockOptions{.calls = 60});
    const auto before = m.vendors->requests();
    const auto result = callbridge_cli(list_args(m, {"--details", "--page-size", "25"}));
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    const auto expected = mapped(m, true);
    CHECK(result.out == jsonl_of(expected));
    CHECK(m.vendors->requests() - before == 3u + 60u);  // 3 pages, one detail each
    std::size_t with_numbers = 0, with_cost = 0, with_transcript = 0;
    for (const auto& r : records_of(result.out)) {
        with_numbers += r.customer_number ? 1 : 0;
        with_cost += r.total_cost ? 1 : 0;
        with_transcript += r.transcript ? 1 : 0;
        if (r.total_cost) CHECK(r.currency == "USD");
        if (r.direction == Direction::web) CHECK_FALSE(r.customer_number.has_value());
    }
    CHECK(with_numbers > 10);
    CHECK(with_cost > 10);
    CHECK(with_transcript > 10);
}

TEST_CASE("list: a customer number or a search turns details on by itself and comes back exact") {
    Mock m(mock::MockOptions{.calls = 80});
    const auto detailed = mapped(m, true);
    std::string number;
    for (const auto& r : detailed)
        if (r.customer_number) number = *r.customer_number;
    REQUIRE_FALSE(number.empty());
    CallQuery by_number;
    REQUIRE_FALSE(set_filter(by_number, "customer_number", number));
    const auto result = callbridge_cli(list_args(m, {"--customer-number", number}));
    REQUIRE(result.exit_code == 0);
    const auto records = records_of(result.out);
    REQUIRE_FALSE(records.empty());
    CHECK(ids(records) == expected_ids(m, by_number, true));
    for (const auto& r : records) {
        CHECK(r.customer_number == number);
        CHECK(r.provider_call_sid.has_value());  // the details were read
    }

    CallQuery by_search;
    REQUIRE_FALSE(set_filter(by_search, "search", "+4072"));
    const auto searched = callbridge_cli(list_args(m, {"--search", "+4072", "--status", "completed"}));
    REQUIRE(searched.exit_code == 0);
    by_search.statuses = {CallStatus::completed};
    const auto found = ids(records_of(searched.out));
    CHECK(found == expected_ids(m, by_search, true));
    CHECK_FALSE(found.empty());
}

TEST_CASE("list: faults - rate limits 5xx cuts and conversations added while listing - every one once") {
    Mock m(mock::MockOptions{.calls = 150,
                             .rate_limit = 4,
                             .rate_window = std::chrono::seconds(1),
                             .fail_every = 3,
                             .cut_every = 5,
                             .insert_per_page = 2});
    const auto existing = expected_ids(m, {});
    const auto result = callbridge_cli(list_args(m, {"--page-size", "20", "--max-retries", "6"}));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const auto printed = ids(records_of(result.out));
    const std::set<std::string> unique(printed.begin(), printed.end());
    CHECK(unique.size() == printed.size());  // no conversation twice
    for (const auto& id : existing) CHECK_MESSAGE(unique.count(id) == 1, id);  // every one that existed
    // Newest first.
    const auto records = records_of(result.out);
    for (std::size_t i = 1; i < records.size(); ++i) CHECK(records[i - 1].created_at >= records[i].created_at);
}

TEST_CASE("list: a rejected key is status 3 and the key is in no output in any form") {
    Mock m(mock::MockOptions{.calls = 10, .tokens = {"xi-the-right-key"}});
    const std::string wrong(awkward_token);
    const auto result = callbridge_cli(list_args(m, {"--details"}), {"ELEVENLABS_API_KEY=" + wrong});
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("unauthorized: Invalid API key (invalid_api_key) [HTTP 401]") != std::string::npos);
    CHECK(result.err.find("ELEVENLABS_API_KEY") != std::string::npos);
    CHECK_FALSE(secret_readable_in(result.err, wrong, 5));
    CHECK_FALSE(secret_readable_in(result.out, wrong, 5));
}

TEST_CASE("list: a key the vendor echoes in any form is not readable on standard error") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    const auto forms = secret_forms(awkward_token);
    std::size_t next = 0;
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [&](const mock::ServerRequest& r) {
                                const std::string sent(find_header(r.headers, "xi-api-key").value_or(""));
                                const std::string form = sent == awkward_token ? forms[next++ % forms.size()].text : "";
                                return mock::ServerReply::json(
                                    401, R"({"detail":{"status":"invalid_api_key","message":"Invalid API key )" + form +
                                             R"("}})");
                            });
    for (std::size_t i = 0; i < forms.size(); ++i) {
        CAPTURE(forms[i].name);
        const auto result =
            callbridge_cli({"list", "--provider", "elevenlabs", "--base-url", server.base_url(), "--ca-file", ca.path()},
                           {"ELEVENLABS_API_KEY=" + std::string(awkward_token)});
        CHECK(result.exit_code == 3);
        CHECK_FALSE(secret_readable_in(result.err, awkward_token, 5));
        CHECK_FALSE(secret_readable_in(result.out, awkward_token, 5));
    }
}

TEST_CASE("list: a vendor that rejects the query is status 4 with FastAPI's field errors") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)}, [](const mock::ServerRequest&) {
        return mock::ServerReply::json(422, fixture("elevenlabs/errors/422-validation.json"));
    });
    const auto result = callbridge_cli(
        {"list", "--provider", "elevenlabs", "--base-url", server.base_url(), "--ca-file", ca.path()});
    CHECK(result.exit_code == 4);
    CHECK(result.err.find("page_size: Input should be less than or equal to 100") != std::string::npos);
}

TEST_CASE("list: a campaign is refused before any request") {
    Mock m(mock::MockOptions{.calls = 5});
    const auto before = m.vendors->requests();
    const auto result = callbridge_cli(list_args(m, {"--campaign-id", "batch_1"}));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("unsupported filter: --campaign-id: is not offered by elevenlabs") != std::string::npos);
    CHECK(m.vendors->requests() == before);
}

}  // TEST_SUITE
