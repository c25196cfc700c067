// `callbridge list --provider twilio` end to end: the real program against
// the vendor mock over TLS, with both forms of credentials, next_page_uri
// paging, filters checked against the canonical predicate on the mock's own
// calls, the mock's faults, and no credential on standard output or error in
// any form (raw, escaped, percent-encoded, base64, Basic).

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

#include <fstream>
#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

const std::string account = "AC0123456789abcdef0123456789abcdef";
const std::string auth_token = "tw-auth-token-0123456789abcdef";
const std::string key_sid = "SKfedcba9876543210fedcba9876543210";
const std::string key_secret = "tw-key-secret-0123456789abcdef";

const std::vector<std::string> token_env{"TWILIO_ACCOUNT_SID=" + account, "TWILIO_AUTH_TOKEN=" + auth_token};

struct Mock : MockVendorServer {
    explicit Mock(mock::MockOptions options = {.calls = 130}) : MockVendorServer(std::move(options)) {}

    std::string root() const { return server.base_url() + "/2010-04-01"; }
};

ProcessResult callbridge_cli(std::vector<std::string> args, std::vector<std::string> env = token_env) {
    args.insert(args.begin(), CALLBRIDGE_CLI);
    return run_process(args, {}, env);
}

std::vector<std::string> list_args(const Mock& m, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"list", "--provider", "twilio", "--base-url", m.root(), "--ca-file", m.ca.path()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// The mock's calls (of `calls`, or its own now), mapped by the dialect,
// that satisfy the canonical predicate, newest first.
std::vector<std::string> expected_ids(const std::vector<mock::MockCall>& calls, const CallQuery& query) {
    std::vector<const mock::MockCall*> all;
    for (const auto& c : calls) all.push_back(&c);
    const auto body = mock::render_page("twilio", all, 1, static_cast<std::uint32_t>(std::max<std::size_t>(1, all.size())));
    auto page = find_dialect("twilio")->parse_page(body, PageContext{"twilio", 0, {}});
    REQUIRE_MESSAGE(page.has_value(), (page ? "" : page.error().message()));
    std::vector<std::string> out;
    for (const auto& r : page->records)
        if (matches(query, r)) out.push_back(r.id);
    return out;
}

std::vector<std::string> expected_ids(const Mock& m, const CallQuery& query = {}) {
    return expected_ids(m.vendors->calls("twilio"), query);
}

bool newest_first(const std::vector<CallRecord>& records) {
    for (std::size_t i = 1; i < records.size(); ++i)
        if (records[i - 1].created_at < records[i].created_at) return false;
    return true;
}

}  // namespace

TEST_SUITE("twilio") {

TEST_CASE("list: the whole account through next_page_uri with Account SID and Auth Token") {
    Mock m;
    const auto result = callbridge_cli(list_args(m, {"--page-size", "20"}));
    CHECK(result.exit_code == 0);
    CAPTURE(result.err);
    const auto records = records_of(result.out);
    CHECK(records.size() == 130);
    CHECK(ids(records) == expected_ids(m));
    CHECK(newest_first(records));
    const auto listed = ids(records);
    const std::set<std::string> unique(listed.begin(), listed.end());
    CHECK(unique.size() == records.size());
    CHECK(records.front().provider == "twilio");
}

TEST_CASE("list: an API key SID and secret with TWILIO_ACCOUNT_SID - as Twilio's CLI takes them") {
    Mock m(mock::MockOptions{.calls = 40, .tokens = {key_secret}});
    const auto result = callbridge_cli(list_args(m, {"--page-size", "15"}),
                                       {"TWILIO_ACCOUNT_SID=" + account, "TWILIO_API_KEY=" + key_sid,
                                        "TWILIO_API_SECRET=" + key_secret, "TWILIO_AUTH_TOKEN=" + auth_token});
    CHECK(result.exit_code == 0);
    CAPTURE(result.err);
    CHECK(ids(records_of(result.out)) == expected_ids(m));
}

TEST_CASE("list: --user-env and --token-env name the API key's own variables") {
    Mock m(mock::MockOptions{.calls = 12, .tokens = {key_secret}});
    const auto result = callbridge_cli(list_args(m, {"--user-env", "SHOP_KEY", "--token-env", "SHOP_SECRET"}),
                                       {"TWILIO_ACCOUNT_SID=" + account, "SHOP_KEY=" + key_sid,
                                        "SHOP_SECRET=" + key_secret});
    CHECK(result.exit_code == 0);
    CAPTURE(result.err);
    CHECK(records_of(result.out).size() == 12);
}

TEST_CASE("list: a config file with the account and either form of credentials") {
    Mock m(mock::MockOptions{.calls = 25});
    TempFile config(R"({"sources": [
        {"name": "tw-token", "provider": "twilio", "base_url": ")" + m.root() + R"(",
         "account": ")" + account + R"(", "token_env": "SHOP_AUTH_TOKEN"},
        {"name": "tw-key", "provider": "twilio", "base_url": ")" + m.root() + R"(",
         "account_env": "SHOP_ACCOUNT", "user_env": "SHOP_KEY", "token_env": "SHOP_SECRET"}]})");
    const auto result = callbridge_cli({"list", "--config", config.path(), "--ca-file", m.ca.path()},
                                       {"SHOP_AUTH_TOKEN=" + auth_token, "SHOP_ACCOUNT=" + account,
                                        "SHOP_KEY=" + key_sid, "SHOP_SECRET=" + key_secret});
    CHECK(result.exit_code == 0);
    CAPTURE(result.err);
    const auto records = records_of(result.out);
    CHECK(records.size() == 50);
    std::size_t by_key = 0;
    for (const auto& r : records) by_key += r.source == "tw-key" ? 1 : 0;
    CHECK(by_key == 25);
}

TEST_CASE("list: filters pushed down and checked locally give exactly the canonical predicate") {
    Mock m(mock::MockOptions{.calls = 200});
    const auto calls = m.vendors->calls("twilio");
    // A customer of an outbound call, for To.
    std::string customer;
    for (const auto& c : calls)
        if (mock::string_of(c.wire, "direction") == "outbound-api") customer = std::string(mock::string_of(c.wire, "to"));
    REQUIRE_FALSE(customer.empty());
    const std::vector<std::vector<std::pair<std::string, std::string>>> cases{
        {{"status", "canceled"}},
        {{"status", "completed,busy"}},
        {{"provider_status", "no-answer"}},
        {{"direction", "outbound"}, {"customer_number", customer}},
        {{"direction", "inbound"}},
        {{"created_from", "2025-08-03"}, {"created_to", "2025-08-04T12:00:00Z"}},
        {{"search", "+4072"}},
    };
    const std::map<std::string, std::string> flag{{"status", "--status"},     {"provider_status", "--provider-status"},
                                                  {"direction", "--direction"}, {"customer_number", "--customer-number"},
                                                  {"created_from", "--from"},   {"created_to", "--to"},
                                                  {"search", "--search"}};
    for (const auto& filters : cases) {
        CallQuery query;
        std::vector<std::string> args;
        for (const auto& [name, value] : filters) {
            REQUIRE_FALSE(set_filter(query, name, value));
            args.push_back(flag.at(name));
            args.push_back(value);
        }
        CAPTURE(args);
        args.insert(args.end(), {"--page-size", "30"});
        const auto result = callbridge_cli(list_args(m, args));
        CHECK(result.exit_code == 0);
        const auto expected = expected_ids(calls, query);
        CHECK_FALSE(expected.empty());
        CHECK(ids(records_of(result.out)) == expected);
    }
}

TEST_CASE("list: a wrong Auth Token is status 3 with Twilio's message and no credential") {
    Mock m(mock::MockOptions{.calls = 5, .tokens = {"the-right-token-0123456789"}});
    const auto result = callbridge_cli(list_args(m));
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("Authenticate (20003)") != std::string::npos);
    CHECK_FALSE(secret_readable_in(result.err + result.out, auth_token));
    CHECK_FALSE(secret_readable_in(result.err + result.out, account));
}

TEST_CASE("list: an Account SID of another form is refused before any request") {
    Mock m(mock::MockOptions{.calls = 5});
    const auto before = m.vendors->requests();
    const auto result = callbridge_cli(list_args(m), {"TWILIO_ACCOUNT_SID=" + key_sid, "TWILIO_AUTH_TOKEN=" + auth_token});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("account") != std::string::npos);
    CHECK(result.err.find(key_sid) == std::string::npos);
    CHECK(m.vendors->requests() == before);

    const auto unset = callbridge_cli(list_args(m), {"TWILIO_AUTH_TOKEN=" + auth_token});
    CHECK(unset.exit_code == 2);
    CHECK(unset.err.find("TWILIO_ACCOUNT_SID") != std::string::npos);
}

TEST_CASE("list: every call exactly once newest first under the mock's faults") {
    Mock m(mock::MockOptions{.calls = 150, .rate_limit = 4, .rate_window = 1s, .retry_after_header = false,
                             .fail_every = 5, .cut_every = 7, .insert_per_page = 2});
    const auto before = m.vendors->calls("twilio");
    const auto result = callbridge_cli(list_args(m, {"--page-size", "25", "--max-retries", "8"}));
    CHECK(result.exit_code == 0);
    CAPTURE(result.err);
    const auto records = records_of(result.out);
    const auto listed = ids(records);
    const std::set<std::string> unique(listed.begin(), listed.end());
    CHECK(unique.size() == listed.size());
    for (const auto& id : expected_ids(before, {})) CHECK(unique.contains(id));
    CHECK(newest_first(records));
}

TEST_CASE("list: a made-up PageToken is Twilio's 21481 - rejected by vendor") {
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    std::string first = fixture("twilio/documented-example.json");
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [first](const mock::ServerRequest& r) {
                                if (!r.param("PageToken")) return mock::ServerReply::json(200, first);
                                return mock::ServerReply::json(400, fixture("twilio/errors/400-invalid-page-token.json"));
                            });
    const auto result = callbridge_cli({"list", "--provider", "twilio", "--base-url", server.base_url() + "/2010-04-01",
                                        "--ca-file", ca.path()});
    CHECK(result.exit_code == 4);
    CHECK(result.err.find("Invalid PageToken") != std::string::npos);
}

TEST_CASE("list: the credentials echoed back in every form are not readable on standard output or error") {
    // A vendor (or a proxy before it) that quotes the request's Authorization
    // header and the account in its error page, in each form a secret can take.
    mock::CertificateAuthority authority;
    TempFile ca(authority.certificate_pem());
    const std::string token(awkward_token);
    for (const auto& form : secret_forms(token)) {
        CAPTURE(form.name);
        mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                                [&](const mock::ServerRequest& r) {
                                    const std::string basic(find_header(r.headers, "Authorization").value_or(""));
                                    return mock::ServerReply::json(
                                        500, "{\"seen\":\"" + form.text + "\",\"authorization\":\"" + basic +
                                                 "\",\"account\":\"" + account + "\"}");
                                });
        const auto result = callbridge_cli({"list", "--provider", "twilio", "--base-url",
                                            server.base_url() + "/2010-04-01", "--ca-file", ca.path(),
                                            "--max-retries", "0"},
                                           {"TWILIO_ACCOUNT_SID=" + account, "TWILIO_AUTH_TOKEN=" + token});
        CHECK(result.exit_code == 6);
        const std::string shown = result.out + result.err;
        CHECK_FALSE(secret_readable_in(shown, token, 5));
        CHECK_FALSE(secret_readable_in(shown, account, 8));
        CHECK(shown.find(base64(account + ":" + token)) == std::string::npos);
    }
}

TEST_CASE("list: --raw keeps the vendor's objects without the account SID") {
    Mock m(mock::MockOptions{.calls = 6});
    const auto result = callbridge_cli(list_args(m, {"--raw"}));
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("\"raw\":") != std::string::npos);
    CHECK(result.out.find(account) == std::string::npos);
}

}  // TEST_SUITE

TEST_SUITE("twilio") {

TEST_CASE("normalize: every Twilio fixture gives exactly its canonical records") {
    for (const char* name : {"documented-example", "last-page", "quirks-page", "empty-page"})
        check_normalizes_byte_for_byte("twilio", name);
}

}  // TEST_SUITE

namespace {

mock::ServerRequest twilio_request(std::string path, std::vector<std::pair<std::string, std::string>> query,
                                   std::string user = account, std::string password = auth_token) {
    mock::ServerRequest r;
    r.method = "GET";
    r.path = std::move(path);
    r.target = r.path;
    r.query = std::move(query);
    r.headers.push_back({"Authorization", "Basic " + base64(user + ":" + password)});
    return r;
}

const std::string list_path = "/2010-04-01/Accounts/" + account + "/Calls.json";

boost::json::object body_of(const mock::ServerReply& reply) {
    auto parsed = boost::json::parse(reply.body);
    REQUIRE(parsed.is_object());
    return parsed.get_object();
}

}  // namespace

TEST_SUITE("twilio") {

TEST_CASE("mock: Basic credentials of the path's account or an API key - else Twilio's 401") {
    mock::VendorMock vendors(mock::MockOptions{.calls = 5});
    CHECK(vendors.handle(twilio_request(list_path, {})).status == 200);
    CHECK(vendors.handle(twilio_request(list_path, {}, key_sid, key_secret)).status == 200);
    const auto other = vendors.handle(twilio_request(list_path, {}, "ACffffffffffffffffffffffffffffffff"));
    CHECK(other.status == 401);
    CHECK(body_of(other).at("code") == 20003);
    CHECK(find_header(other.headers, "WWW-Authenticate").has_value());
    mock::ServerRequest none = twilio_request(list_path, {});
    none.headers.clear();
    CHECK(vendors.handle(none).status == 401);
}

TEST_CASE("mock: PageToken paging - Twilio's validation and 21481 - XML without .json") {
    mock::VendorMock vendors(mock::MockOptions{.calls = 7});
    const auto first = body_of(vendors.handle(twilio_request(list_path, {{"PageSize", "3"}})));
    CHECK(first.at("calls").as_array().size() == 3);
    const std::string next(first.at("next_page_uri").as_string());
    CHECK(next.starts_with(list_path + "?PageSize=3&Page=1&PageToken=PACA"));
    const std::string token = next.substr(next.find("PageToken=") + 10);
    const auto second = body_of(vendors.handle(twilio_request(list_path, {{"PageSize", "3"}, {"Page", "1"}, {"PageToken", token}})));
    CHECK(second.at("calls").as_array()[0].at("sid") != first.at("calls").as_array()[2].at("sid"));
    CHECK(second.at("start") == 3);

    const auto made_up = vendors.handle(twilio_request(list_path, {{"PageToken", "PAnothing"}}));
    CHECK(made_up.status == 400);
    CHECK(body_of(made_up).at("code") == 21481);
    CHECK(body_of(vendors.handle(twilio_request(list_path, {{"Page", "2"}}))).at("code") == 21481);
    const auto bad_status = vendors.handle(twilio_request(list_path, {{"Status", "ended"}}));
    CHECK(bad_status.status == 400);
    CHECK(body_of(bad_status).at("more_info") == "https://www.twilio.com/docs/errors/20001");
    CHECK(vendors.handle(twilio_request(list_path, {{"PageSize", "1001"}})).status == 400);
    CHECK(vendors.handle(twilio_request(list_path, {{"StartTime>", "yesterday"}})).status == 400);

    const auto xml = vendors.handle(twilio_request("/2010-04-01/Accounts/" + account + "/Calls", {}));
    CHECK(find_header(xml.headers, "Content-Type") == "application/xml");
    CHECK(vendors.handle(twilio_request("/2010-04-01/Accounts/" + account + "/Nothing.json", {})).status == 404);
}

TEST_CASE("mock: StartTime filters by whole UTC days on start_time") {
    mock::VendorMock vendors(mock::MockOptions{.calls = 120});
    const auto on = body_of(vendors.handle(twilio_request(list_path, {{"StartTime>", "2025-08-04"}, {"PageSize", "1000"}})));
    REQUIRE_FALSE(on.at("calls").as_array().empty());
    for (const auto& call : on.at("calls").as_array()) {
        const auto started = parse_rfc2822(call.at("start_time").as_string());
        REQUIRE(started.has_value());
        CHECK(*started >= utc(2025, 8, 4, 0, 0, 0));
    }
    CHECK(std::string(on.at("first_page_uri").as_string()).find("StartTime%3E=2025-08-04") != std::string::npos);
}

}  // TEST_SUITE
