// Vapi end to end: `callbridge list --provider vapi` against the mock, whose
// list has no paging and answers createdAtGe/createdAtLt/limit to the
// millisecond; and the listing engine with smaller windows, so that they
// fill and are split. Every call that existed at the start comes once,
// newest first, under the mock's faults, with many calls in one millisecond;
// the key is never printed in any form.

#include <callbridge/http_client.hpp>
#include <callbridge/http_source.hpp>
#include <callbridge/json_text.hpp>
#include <callbridge/kit.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/providers.hpp>

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"
#include <callbridge/testing/drain.hpp>
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/secret_forms.hpp"
#include "support/temp_file.hpp"
#include "support/vendor_mock_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <map>
#include <set>

using namespace callbridge;
using namespace callbridge::test;
using namespace callbridge::testing;
using namespace std::chrono_literals;

namespace {

const std::string key = "vapi-test-private-key-1";

using Mock = MockVendorServer;

ProcessResult list_cli(const Mock& m, std::vector<std::string> more, std::string token = key) {
    std::vector<std::string> args{CALLBRIDGE_CLI, "list", "--provider", "vapi", "--base-url", m.server.base_url(),
                                  "--ca-file", m.ca.path()};
    args.insert(args.end(), more.begin(), more.end());
    return run_process(args, {}, {"VAPI_API_KEY=" + token});
}

std::vector<std::string> ids_of(const std::string& jsonl) {
    std::vector<std::string> out;
    std::istringstream lines(jsonl);
    for (std::string line; std::getline(lines, line);) {
        auto record = record_from_json(line);
        REQUIRE_MESSAGE(record.has_value(), line);
        CHECK(record->provider == "vapi");
        out.push_back(record->id);
    }
    return out;
}

// createdAt of each call the mock holds, in milliseconds.
std::map<std::string, std::int64_t> created_of(const std::vector<mock::MockCall>& calls) {
    std::map<std::string, std::int64_t> out;
    for (const auto& c : calls)
        out[std::string(c.wire.at("id").as_string())] = *kit::read_epoch_milliseconds(c.wire.at("createdAt").as_string());
    return out;
}

// A saved Vapi list of `count` calls, `per_tie` of them in each millisecond.
std::string tied_page(std::size_t count, std::size_t per_tie) {
    boost::json::array calls;
    const std::int64_t newest = 1787050800000;  // 2026-08-18T11:00:00.000Z
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t at = newest - static_cast<std::int64_t>(i / per_tie) * 61'357;
        std::string created = format_rfc3339(Timestamp(std::chrono::seconds(at / 1000)));
        created.pop_back();
        created += "." + std::to_string(1000 + at % 1000).substr(1) + "Z";
        calls.push_back(boost::json::object{{"id", "tie-" + std::to_string(i)},
                                            {"orgId", "o"},
                                            {"createdAt", created},
                                            {"updatedAt", created},
                                            {"type", i % 2 ? "inboundPhoneCall" : "webCall"},
                                            {"status", "ended"},
                                            {"endedReason", i % 3 ? "customer-ended-call" : "customer-busy"}});
    }
    return json_text(calls);
}

// Checks that `listed` holds every id of `before` once, newest first by the
// millisecond, and nothing the mock never had.
void check_listing(const std::vector<std::string>& listed, const std::vector<mock::MockCall>& before,
                   const std::vector<mock::MockCall>& after) {
    const auto created = created_of(after);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        CAPTURE(listed[i]);
        CHECK(seen.insert(listed[i]).second);
        REQUIRE(created.contains(listed[i]));
        if (i > 0) CHECK(created.at(listed[i - 1]) >= created.at(listed[i]));
    }
    for (const auto& [id, at] : created_of(before)) {
        CAPTURE(id);
        CHECK(seen.contains(id));
    }
}

struct Listed {
    std::vector<std::string> ids;
    std::vector<Error> failures;
};

// The listing engine over Vapi's mapping with windows of `window` calls.
Listed list_windows(const Mock& m, std::uint32_t window, CallQuery query = {}) {
    auto description = dynamic_cast<const kit::ListDialect&>(*find_dialect("vapi")).description();
    std::get<kit::TimeWindows>(description.paging).window_size = window;
    auto dialect = std::make_shared<kit::ListDialect>(std::move(description));
    boost::asio::io_context io;
    SourceOptions options;
    options.api_root = m.server.base_url();
    options.token = key;
    options.http.ca_files = {m.ca.path()};
    options.retry.base_delay = 20ms;
    options.retry.max_retries = 6;
    auto source = make_http_source(io.get_executor(), dialect, options);
    REQUIRE(source.has_value());
    Listing listing(io.get_executor(), {*source}, query, {.concurrency = 4});
    Drained drained = drain(io, listing);
    Listed out;
    for (const auto& r : drained.records) out.ids.push_back(r.id);
    out.failures = std::move(drained.failures);
    return out;
}

}  // namespace

TEST_SUITE("vapi") {

TEST_CASE("list: the mock's whole account once newest first") {
    Mock m({.calls = 250});
    const auto before = m.vendors->calls("vapi");
    const auto result = list_cli(m, {});
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    const auto listed = ids_of(result.out);
    CHECK(listed.size() == 250);
    check_listing(listed, before, before);
}

TEST_CASE("list: 2600 calls with five in each millisecond under faults - windows split and each call once") {
    // More than one answer holds: the open window comes back full and is split.
    Mock m({.calls_from = {{"vapi", tied_page(2600, 5)}},
            .latency = 2ms,
            .fail_every = 3,
            .cut_every = 5,
            .insert_per_page = 2,
            .request_log = {}});
    const auto before = m.vendors->calls("vapi");
    REQUIRE(before.size() == 2600);
    const auto result = list_cli(m, {"--max-retries", "8"});
    CHECK_MESSAGE(result.exit_code == 0, result.err);
    const auto after = m.vendors->calls("vapi");
    CHECK(after.size() > before.size());  // calls were created while it listed
    check_listing(ids_of(result.out), before, after);
    CHECK(m.vendors->requests() > 6);  // split, retried
}

TEST_CASE("list: filters against the canonical predicate") {
    Mock m({.calls = 300});
    const auto calls = m.vendors->calls("vapi");
    std::vector<const mock::MockCall*> all;
    for (const auto& c : calls) all.push_back(&c);
    const auto page = find_dialect("vapi")->parse_page(mock::render_page("vapi", all, 1, 300), PageContext{"vapi", 0, {}});
    REQUIRE(page.has_value());
    REQUIRE(page->records.size() == 300);
    const std::string agent = *page->records[7].agent.id;
    const std::string from = format_rfc3339(page->records[200].created_at);
    const std::string to = format_rfc3339(page->records[20].created_at);
    struct Case {
        std::vector<std::string> flags;
        std::vector<std::pair<std::string, std::string>> filters;
    };
    const Case cases[] = {
        {{"--agent-id", agent}, {{"agent_id", agent}}},
        {{"--from", from, "--to", to}, {{"created_from", from}, {"created_to", to}}},
        {{"--status", "busy,no_answer,failed"}, {{"status", "busy,no_answer,failed"}}},
        {{"--direction", "web", "--agent-id", agent}, {{"direction", "web"}, {"agent_id", agent}}},
        {{"--status", "canceled", "--from", from}, {{"status", "canceled"}, {"created_from", from}}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.flags.front());
        CallQuery query;
        for (const auto& [name, value] : c.filters) REQUIRE_FALSE(set_filter(query, name, value));
        std::vector<std::string> expected;
        for (const auto& r : page->records)
            if (matches(query, r)) expected.push_back(r.id);
        CHECK(!expected.empty());
        const auto result = list_cli(m, c.flags);
        CHECK_MESSAGE(result.exit_code == 0, result.err);
        CHECK(ids_of(result.out) == expected);
    }
}

TEST_CASE("list: windows of 20 split to the millisecond - every call once newest first") {
    Mock m({.calls_from = {{"vapi", tied_page(400, 7)}}, .fail_every = 4});
    const auto before = m.vendors->calls("vapi");
    const Listed whole = list_windows(m, 20);
    REQUIRE(whole.failures.empty());
    CHECK(whole.ids.size() == 400);
    check_listing(whole.ids, before, before);
    const auto requests = m.vendors->requests();
    CHECK(requests > 400 / 20);

    // Within bounds: the windows start from the query's.
    CallQuery query;
    REQUIRE_FALSE(set_filter(query, "created_from", "2026-08-18T09:00:00Z"));
    REQUIRE_FALSE(set_filter(query, "created_to", "2026-08-18T10:30:00Z"));
    const Listed bounded = list_windows(m, 20, query);
    REQUIRE(bounded.failures.empty());
    std::vector<std::string> expected;
    for (const auto& c : before) {
        const auto at = Timestamp(std::chrono::seconds(*kit::read_epoch_milliseconds(c.wire.at("createdAt").as_string()) / 1000));
        if (at >= *query.created_from && at <= *query.created_to) expected.push_back(std::string(c.wire.at("id").as_string()));
    }
    CHECK(!expected.empty());
    CHECK(std::set(bounded.ids.begin(), bounded.ids.end()) == std::set(expected.begin(), expected.end()));
    CHECK(bounded.ids.size() == expected.size());
}

TEST_CASE("list: a millisecond holding a whole window is an error naming it - not a loop or a short list") {
    Mock m({.calls_from = {{"vapi", tied_page(60, 20)}}});
    const Listed listed = list_windows(m, 20);
    REQUIRE(listed.failures.size() == 1);
    const Error& e = listed.failures.front();
    CHECK(e.is(errc::malformed_response));
    CHECK_MESSAGE(e.details().message.find("within one millisecond, [2026-08-18T") != std::string::npos, e.details().message);
    CHECK(m.vendors->requests() < 200);
}

TEST_CASE("list: a rejected key is status 3 and the key is never printed in any form") {
    const std::string secret(awkward_token);
    Mock m({.calls = 5, .tokens = {"vapi-the-right-key"}});
    const auto result = list_cli(m, {"--source-name", "prod"}, secret);
    CHECK(result.exit_code == 3);
    CHECK(result.out.empty());
    CHECK(result.err.find("Invalid Key. Hot tip") != std::string::npos);
    CHECK(result.err.find("VAPI_API_KEY") != std::string::npos);
    for (const auto& form : secret_forms(secret)) {
        CAPTURE(form.name);
        CHECK(result.err.find(form.text) == std::string::npos);
        CHECK(result.out.find(form.text) == std::string::npos);
    }
    CHECK_FALSE(holds_piece_of(result.err, secret, 8));

    // The right key, with the mock's rate limit: listed, never printed.
    Mock limited({.calls = 40, .tokens = {key}, .rate_limit = 1, .rate_window = 1s});
    const auto ok = list_cli(limited, {});
    CHECK_MESSAGE(ok.exit_code == 0, ok.err);
    for (const auto& form : secret_forms(key)) {
        CAPTURE(form.name);
        CHECK(ok.err.find(form.text) == std::string::npos);
        CHECK(ok.out.find(form.text) == std::string::npos);
    }
}

TEST_CASE("mock: Vapi's filters to the millisecond with limit ties and errors") {
    Mock m({.tokens = {key}, .calls_from = {{"vapi", tied_page(12, 3)}}});
    boost::asio::io_context io;
    auto client = make_https_client(io.get_executor(), {.ca_files = {m.ca.path()}});
    REQUIRE(client.has_value());
    const auto get = [&](std::string target, std::string token = key) {
        HttpRequest request;
        request.origin = Origin{"https", "127.0.0.1", m.server.port()};
        request.target = std::move(target);
        request.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
        HttpResponse response;
        (*client)->async_send(request, [&](Error e, HttpResponse r) {
            REQUIRE_MESSAGE(!e, e.message());
            response = std::move(r);
        });
        io.restart();
        io.run();
        return response;
    };
    const auto count = [](const HttpResponse& r) { return boost::json::parse(r.body).as_array().size(); };
    // tie-0..2 at 11:00:00.000, tie-3..5 at 10:58:58.643.
    CHECK(count(get("/call")) == 12);
    CHECK(count(get("/call?limit=4")) == 4);
    CHECK(count(get("/call?limit=0")) == 0);
    CHECK(count(get("/call?createdAtGe=2026-08-18T11:00:00.000Z")) == 3);                  // inclusive
    CHECK(count(get("/call?createdAtGt=2026-08-18T11:00:00.000Z")) == 0);                  // exclusive
    CHECK(count(get("/call?createdAtLt=2026-08-18T11:00:00.000Z")) == 9);                  // exclusive
    CHECK(count(get("/call?createdAtLe=2026-08-18T11:00:00.000Z")) == 12);                 // inclusive
    CHECK(count(get("/call?createdAtGe=2026-08-18T10:58:58.643Z&createdAtLt=2026-08-18T10:58:58.644Z")) == 3);
    CHECK(count(get("/call?createdAtGe=2026-08-18T10:58:58.644Z&createdAtLt=2026-08-18T11:00:00.000Z")) == 0);
    CHECK(count(get("/call?createdAtGe=2026-08-18T12:58:58.643%2B02:00&createdAtLt=2026-08-18T10:58:58.644Z")) == 3);
    CHECK(count(get("/call?id=tie-4")) == 1);
    const auto first = boost::json::parse(get("/call?limit=1").body).as_array().at(0);
    CHECK(first.at("id") == "tie-0");  // newest first
    CHECK(get("/call/tie-4").status == 200);
    CHECK(get("/call/nope").status == 404);

    const auto too_many = get("/call?limit=1001");
    CHECK(too_many.status == 400);
    CHECK(too_many.body.find("limit must not be greater than 1000") != std::string::npos);
    CHECK(get("/call?createdAtGe=yesterday").status == 400);
    const auto wrong = get("/call", "vapi-public-key");
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("Invalid Key. Hot tip") != std::string::npos);
    CHECK(wrong.body.find("\"statusCode\":401") != std::string::npos);
}

}  // TEST_SUITE
