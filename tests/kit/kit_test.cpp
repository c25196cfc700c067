// The provider kit on its own: value readers, field paths, word and status
// tables, the error shapes of vendors beyond the shipped two, every paging
// style of ListDialect (requests and answers), JSON dialects, the plugin
// version rule, and per-call details read by a source.

#include <callbridge/http_source.hpp>
#include <callbridge/kit.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/plugins.hpp>
#include <callbridge/providers.hpp>

#include <callbridge/testing/drain.hpp>
#include <callbridge/testing/fake_clock.hpp>
#include <callbridge/testing/fake_http_client.hpp>
#include "support/fixtures.hpp"
#include "support/secret_forms.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

using namespace callbridge;
using namespace callbridge::test;
using namespace callbridge::testing;
using namespace std::chrono_literals;

namespace {

boost::json::value json(std::string_view text) { return boost::json::parse(text); }

SourceAccess access(std::string root = "https://api.example.com/v1", std::string token = "key-0123456789") {
    return SourceAccess{*ApiRoot::parse(root), std::move(token), {}, {}};
}

// A small vendor of each paging style, as a plugin author would write it.
kit::VendorDescription vendor(kit::Paging paging, std::string records = "items") {
    kit::VendorDescription d;
    d.provider = "acme";
    d.default_api_root = "https://api.example.com/v1";
    d.endpoint.path = "/calls";
    d.records = std::move(records);
    d.paging = std::move(paging);
    d.mapping.rules = {
        {kit::Field::id, {"uid"}, kit::Read::id, true},
        {kit::Field::created_at, {"created"}, kit::Read::time, true},
        {kit::Field::provider_status, {"state"}, kit::Read::string},
        {kit::Field::transcript, {"transcript"}, kit::Read::transcript_turns},
    };
    d.mapping.statuses = kit::StatusTable({{"done", CallStatus::completed}, {"live", CallStatus::in_progress}});
    return d;
}

std::string call(int id, std::string_view created) {
    return R"({"uid":)" + std::to_string(id) + R"(,"created":")" + std::string(created) + R"(","state":"done"})";
}

// A page read with every call whole and for what its dialect declares.
std::pair<CallPage, CallPage> read_both_ways(const kit::ListDialect& dialect, std::string_view body,
                                             std::uint32_t page) {
    PageContext whole = context("s", page);
    PageContext partial = whole;
    partial.keep_raw = false;
    auto a = dialect.parse_page(body, whole);
    auto b = dialect.parse_page(body, partial);
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    return {std::move(*a), std::move(*b)};
}

}  // namespace

TEST_SUITE("kit") {

TEST_CASE("Values: RFC 2822 dates epoch seconds and milliseconds") {
    CHECK(parse_rfc2822("Tue, 18 Aug 2026 14:02:10 +0000") == utc(2026, 8, 18, 14, 2, 10));
    CHECK(parse_rfc2822("18 Aug 2026 16:02:10 +0200") == utc(2026, 8, 18, 14, 2, 10));
    CHECK(parse_rfc2822("Tue, 8 Aug 2026 14:02 GMT") == utc(2026, 8, 8, 14, 2, 0));
    CHECK_FALSE(parse_rfc2822("Tue, 31 Feb 2026 14:02:10 +0000").has_value());
    CHECK_FALSE(parse_rfc2822("2026-08-18T14:02:10Z").has_value());
    CHECK_FALSE(parse_rfc2822("Tue, 18 Aug 2026 14:02:10 CEST").has_value());
    const TimeZone utc_zone;
    CHECK(kit::read_time(json("1755532931"), kit::TimeFormat::epoch_seconds, utc_zone) == utc(2025, 8, 18, 16, 2, 11));
    CHECK(kit::read_time(json("1755532931482"), kit::TimeFormat::epoch_milliseconds, utc_zone) ==
          utc(2025, 8, 18, 16, 2, 11));
    // Before 1970, milliseconds round towards the past too.
    CHECK(kit::read_time(json("-1"), kit::TimeFormat::epoch_milliseconds, utc_zone) == utc(1969, 12, 31, 23, 59, 59));
    CHECK_FALSE(kit::read_time(json("\"soon\""), kit::TimeFormat::epoch_seconds, utc_zone).has_value());
    CHECK(kit::read_epoch_milliseconds("2026-08-18T14:02:11.482Z") == 1787061731482);
    CHECK(kit::read_epoch_milliseconds("2026-08-18T14:02:11.4829Z") == 1787061731482);
    CHECK(kit::read_epoch_milliseconds("2026-08-18T14:02:11Z") == 1787061731000);
}

TEST_CASE("Values: money in cents and as a magnitude exactly and durations as text") {
    CHECK(kit::read_money(json("21.96"), kit::MoneyUnit::cents) == Decimal::parse("0.2196"));
    CHECK(kit::read_money(json("\"-0.01900\""), kit::MoneyUnit::magnitude) == Decimal::parse("0.019"));
    CHECK(kit::read_money(json("\"0.0300\""), kit::MoneyUnit::main) == Decimal::parse("0.03"));
    CHECK_FALSE(kit::read_money(json("\"free\""), kit::MoneyUnit::main).has_value());
    CHECK(kit::read_duration_text("219.2s") == 219);
    CHECK(kit::read_duration_text("0s") == 0);
    CHECK(kit::read_duration_text("0.999999999999999999s") == 0);
    CHECK_FALSE(kit::read_duration_text("-3s").has_value());
    CHECK_FALSE(kit::read_duration_text("3m").has_value());
    CHECK_FALSE(kit::read_duration_text("1e3s").has_value());
}

TEST_CASE("Field reader: dotted paths and the full path in errors") {
    const auto object = json(R"({"transport":{"callSid":"CA1"},"customer":null,"n":"x"})").as_object();
    kit::FieldReader in(object, "[2]");
    CHECK(in.optional_string("transport.callSid") == "CA1");
    CHECK_FALSE(in.optional_string("customer.number").has_value());
    CHECK_FALSE(in.has("customer"));
    CHECK_FALSE(in.optional_string("transport.callSid.deeper").has_value());
    CHECK(in.ok());
    (void)in.optional_count("n");
    REQUIRE_FALSE(in.ok());
    CHECK(in.error().details().field == "[2].n");
}

TEST_CASE("Word maps: exact words first then the longest prefix") {
    const kit::WordMap<EndedBy> ended{{{"customer-ended-call", EndedBy::customer, true},
                                       {"assistant-ended-call", EndedBy::assistant, true},
                                       {"assistant-said-end-call-phrase", EndedBy::assistant, true}}};
    CHECK(ended.find("customer-ended-call-after-transfer") == EndedBy::customer);
    CHECK(ended.find("assistant-said-end-call-phrase") == EndedBy::assistant);
    CHECK_FALSE(ended.find("silence-timed-out").has_value());
    const kit::WordMap<AnsweredBy> answered{{{"machine", AnsweredBy::machine, true}, {"machine", AnsweredBy::human}}};
    CHECK(answered.find("machine") == AnsweredBy::human);
    CHECK(answered.find("machine_start") == AnsweredBy::machine);
}

TEST_CASE("Status tables: the filter words for several statuses only when all are filterable") {
    const kit::StatusTable table({{"registered", CallStatus::initiated},
                                  {"ongoing", CallStatus::in_progress},
                                  {"ended", CallStatus::completed},
                                  {"not_connected", CallStatus::failed},
                                  {"error", CallStatus::failed}},
                                 {"ongoing", "ended", "not_connected", "error"});
    CHECK(table.filter_words_for({CallStatus::failed, CallStatus::completed}) ==
          std::vector<std::string>{"ended", "not_connected", "error"});
    CHECK_FALSE(table.filter_words_for({CallStatus::initiated}).has_value());  // registered is not filterable
    CHECK_FALSE(table.filter_words_for({CallStatus::unknown}).has_value());
    CHECK_FALSE(table.filter_words_for({CallStatus::busy}).has_value());
}

TEST_CASE("Error bodies of NestJS Django FastAPI Retell and Twilio shapes") {
    struct Case {
        const char* body;
        const char* message;
        const char* code;
        std::size_t fields;
    };
    const Case cases[] = {
        {R"({"message":"Invalid Key. Hot tip...","error":"Unauthorized","statusCode":401})", "Invalid Key. Hot tip...",
         "Unauthorized", 0},
        {R"({"message":["limit must not be greater than 1000","id must be a UUID"],"error":"Bad Request"})",
         "limit must not be greater than 1000; id must be a UUID", "Bad Request", 0},
        {R"({"detail":"Invalid API key."})", "Invalid API key.", "", 0},
        {R"({"detail":{"status":"invalid_api_key","message":"Invalid API key"}})", "Invalid API key", "invalid_api_key", 0},
        {R"({"detail":[{"loc":["query","page_size"],"msg":"ensure this value is less than or equal to 100","type":"x"}]})",
         "the vendor refused the request", "", 1},
        {R"({"status":"error","message":"API key is missing or invalid."})", "API key is missing or invalid.", "", 0},
        {R"({"code":20404,"message":"The requested resource was not found","more_info":"https://www.twilio.com/docs/errors/20404","status":404})",
         "The requested resource was not found", "20404", 0},
    };
    for (const Case& c : cases) {
        CAPTURE(c.body);
        const kit::ErrorBody body = kit::read_error_body(c.body);
        CHECK(body.message == c.message);
        CHECK(body.code == c.code);
        CHECK(body.field_errors.size() == c.fields);
    }
    CHECK(kit::read_error_body(cases[4].body).field_errors.front() ==
          FieldError{"page_size", {"ensure this value is less than or equal to 100"}});
}

TEST_CASE("Requests: bearer named header and Basic credentials and path parameters") {
    kit::Auth bearer;
    CHECK(find_header(kit::request_headers(bearer, access()), "Authorization") == "Bearer key-0123456789");
    kit::Auth header{kit::Auth::Scheme::header, "xi-api-key", ""};
    CHECK(find_header(kit::request_headers(header, access()), "xi-api-key") == "key-0123456789");
    CHECK_FALSE(find_header(kit::request_headers(header, access()), "Authorization").has_value());
    kit::Auth basic{kit::Auth::Scheme::basic, "", "account"};
    SourceAccess twilio = access("https://api.twilio.com/2010-04-01", "auth-token-1");
    twilio.parameters["account"] = "AC0123";
    CHECK(find_header(kit::request_headers(basic, twilio), "Authorization") == "Basic " + kit::base64("AC0123:auth-token-1"));
    twilio.user = "SK99";
    CHECK(find_header(kit::request_headers(basic, twilio), "Authorization") == "Basic " + kit::base64("SK99:auth-token-1"));
    CHECK(kit::base64("") == "");
    CHECK(kit::base64("f") == "Zg==");
    CHECK(kit::base64("fo") == "Zm8=");
    CHECK(kit::base64("foo") == "Zm9v");
    CHECK(kit::fill_path("/Accounts/{account}/Calls.json", twilio).value() == "/Accounts/AC0123/Calls.json");
    const auto missing = kit::fill_path("/Accounts/{account}/Calls.json", access());
    REQUIRE(missing.has_error());
    CHECK(missing.error().details().option == "account");
}

TEST_CASE("Paging by cursor in the query: the cursor goes back until has_more is false") {
    const kit::ListDialect dialect(vendor(kit::CursorPaging{}));
    const auto plan = dialect.plan({});
    REQUIRE(plan.has_value());
    CHECK(dialect.page_request(access(), *plan, {}, 50).target == "/v1/calls?page_size=50");
    CHECK(dialect.page_request(access(), *plan, PageCursor{2, "c/2+x"}, 50).target ==
          "/v1/calls?page_size=50&cursor=c%2F2%2Bx");
    auto page = dialect.parse_page(R"({"items":[)" + call(2, "2026-08-18T14:00:00Z") + "," +
                                       call(1, "2026-08-18T13:00:00Z") + R"(],"has_more":true,"next_cursor":"n2"})",
                                   context("a", 1));
    REQUIRE(page.has_value());
    CHECK(page->records.size() == 2);
    CHECK(page->info.next == PageCursor{2, "n2"});
    CHECK(page->info.order == PageOrder::newest_first);
    page = dialect.parse_page(R"({"items":[],"has_more":false,"next_cursor":"stale"})", context("a", 2));
    REQUIRE(page.has_value());
    CHECK_FALSE(page->info.next.has_value());
    const auto broken = dialect.parse_page(R"({"items":[],"has_more":true})", context("a", 2));
    REQUIRE(broken.has_error());
    CHECK(broken.error().details().field == "next_cursor");
}

TEST_CASE("Paging by cursor in a JSON body: a POST with the plan's members") {
    kit::VendorDescription d = vendor(kit::CursorPaging{kit::CursorPaging::SentIn::body, "pagination_key", "limit",
                                                        "pagination_key", "has_more"});
    d.endpoint.method = "POST";
    const kit::ListDialect dialect(std::move(d));
    auto plan = dialect.plan({});
    REQUIRE(plan.has_value());
    plan->vendor_body["sort_order"] = "descending";
    const HttpRequest first = dialect.page_request(access(), *plan, {}, 100);
    CHECK(first.method == "POST");
    CHECK(first.target == "/v1/calls");
    CHECK(json(first.body) == json(R"({"sort_order":"descending","limit":100})"));
    CHECK(find_header(first.headers, "Content-Type") == "application/json");
    const HttpRequest second = dialect.page_request(access(), *plan, PageCursor{2, "k2"}, 100);
    CHECK(json(second.body) == json(R"({"sort_order":"descending","limit":100,"pagination_key":"k2"})"));
}

TEST_CASE("Paging by next link: followed on the root's origin and re-sent to it from elsewhere") {
    const kit::ListDialect dialect(vendor(kit::NextLink{"next", "pageSize", "total"}, "results"));
    const auto plan = dialect.plan({});
    REQUIRE(plan.has_value());
    const auto root = access("https://127.0.0.1:8443/api");
    CHECK(dialect.page_request(root, *plan, {}, 25).target == "/api/calls?pageSize=25");
    // Same origin: the link as given (its own path and filters).
    HttpRequest next = dialect.page_request(root, *plan, PageCursor{2, "https://127.0.0.1:8443/api/calls?cursor=cD0x&pageSize=25"}, 25);
    CHECK(next.origin == root.root.origin());
    CHECK(next.target == "/api/calls?cursor=cD0x&pageSize=25");
    // Another origin: never sent there; its query goes to the configured root.
    next = dialect.page_request(root, *plan, PageCursor{2, "http://api.example.org/accounts/?cursor=cD00ODY%3D"}, 25);
    CHECK(next.origin == root.root.origin());
    CHECK(next.target == "/api/calls?cursor=cD00ODY%3D");
    // Relative to the origin (Twilio's next_page_uri).
    next = dialect.page_request(root, *plan, PageCursor{2, "/api/calls?Page=1&PageToken=PA1"}, 25);
    CHECK(next.target == "/api/calls?Page=1&PageToken=PA1");

    auto page = dialect.parse_page(R"({"results":[)" + call(1, "2026-08-18T14:00:00Z") +
                                       R"(],"next":"https://x.example/api/calls?cursor=a","total":9})",
                                   context("u", 1));
    REQUIRE(page.has_value());
    CHECK(page->info.next == PageCursor{2, "https://x.example/api/calls?cursor=a"});
    CHECK(page->info.total == 9u);
    page = dialect.parse_page(R"({"results":[],"next":null})", context("u", 3));
    REQUIRE(page.has_value());
    CHECK_FALSE(page->info.next.has_value());
    CHECK(dialect.parse_page(R"({"results":[],"next":"::not a url"})", context("u", 3)).has_error());
}

TEST_CASE("Paging by time windows: a full window is halved and read again newest half first") {
    kit::TimeWindows windows;
    windows.window_size = 3;
    windows.created_field = "created";
    const kit::ListDialect dialect(vendor(windows, ""));
    CallQuery query;
    query.created_from = utc(2026, 8, 18, 0, 0, 0);
    query.created_to = utc(2026, 8, 18, 23, 59, 59);
    const auto plan = dialect.plan(query);
    REQUIRE(plan.has_value());
    // The first window is the query's bounds, the upper one exclusive.
    CHECK(dialect.page_request(access(), *plan, {}, 100).target ==
          "/v1/calls?createdAtGe=2026-08-18T00%3A00%3A00.000Z&createdAtLt=2026-08-19T00%3A00%3A00.000Z&limit=3");

    // A full answer (three calls, in no order): nothing delivered, the window split.
    const std::string full = "[" + call(1, "2026-08-18T01:00:00.000Z") + "," + call(3, "2026-08-18T20:00:00.000Z") + "," +
                             call(2, "2026-08-18T10:00:00.000Z") + "]";
    auto page = dialect.parse_page(full, context("v", 1));
    REQUIRE(page.has_value());
    CHECK(page->info.intermediate);
    CHECK(page->records.empty());
    REQUIRE(page->info.next.has_value());
    // Open windows are split next to the newest call returned: newer than it first.
    PageContext next_context = context("v", 1);
    next_context.cursor = *page->info.next;
    const HttpRequest newer = dialect.page_request(access(), *plan, next_context.cursor, 100);
    CHECK(newer.target == "/v1/calls?createdAtGe=2026-08-18T20%3A00%3A00.001Z&createdAtLt=2026-08-19T00%3A00%3A00.000Z&limit=3");

    // A window that is not full is whole: its calls newest first, then the older window.
    page = dialect.parse_page("[" + call(4, "2026-08-18T21:00:00.000Z") + "]", next_context);
    REQUIRE(page.has_value());
    CHECK_FALSE(page->info.intermediate);
    REQUIRE(page->records.size() == 1);
    CHECK(page->records[0].id == "4");
    REQUIRE(page->info.next.has_value());
    const HttpRequest older = dialect.page_request(access(), *plan, *page->info.next, 100);
    CHECK(older.target == "/v1/calls?createdAtGe=2026-08-18T00%3A00%3A00.000Z&createdAtLt=2026-08-18T20%3A00%3A00.001Z&limit=3");
}

TEST_CASE("Paging by time windows: a one-millisecond window that is still full is an error") {
    kit::TimeWindows windows;
    windows.window_size = 2;
    windows.created_field = "created";
    const kit::ListDialect dialect(vendor(windows, ""));
    PageContext at = context("v", 7);
    at.cursor = PageCursor{7, "1787011200000:1787011200001"};
    const auto page = dialect.parse_page("[" + call(1, "2026-08-18T00:00:00.000Z") + "," + call(2, "2026-08-18T00:00:00.000Z") + "]", at);
    REQUIRE(page.has_error());
    CHECK(page.error().is(errc::malformed_response));
    CHECK(page.error().details().message.find("within one millisecond") != std::string::npos);
}

TEST_CASE("JSON dialects: the Talkover dialect as data reads its fixtures exactly as the shipped one") {
    const std::string description = R"({
        "callbridge_dialect": 1, "provider": "talkover", "default_api_root": "https://app.talkover.ai/api/v1",
        "endpoint": {"path": "/calls"}, "records": "data", "failure_flag": "success",
        "paging": {"style": "page_numbers", "paginator": ["pagination", "meta"], "require_last_page": true},
        "fields": {
            "id": {"path": "id", "read": "id", "required": true},
            "provider_call_sid": "sid",
            "direction": {"path": "direction", "required": true},
            "provider_status": {"path": "status", "required": true},
            "from_number": {"path": "from", "read": "text"}, "to_number": {"path": "to", "read": "text"},
            "agent_id": {"path": "agent.id", "read": "id"}, "agent_name": "agent.name", "agent_label": "agent.label",
            "duration_s": {"path": "duration", "read": "count"},
            "created_at": {"path": "created_at", "read": "time", "required": true},
            "updated_at": {"path": "updated_at", "read": "time", "required": true},
            "is_test": {"path": "is_testing", "read": "boolean"}},
        "statuses": {"words": {"initiated": "initiated", "ringing": "ringing", "queued": "queued",
                               "scheduled": "queued", "answered": "in_progress", "in-progress": "in_progress",
                               "completed": "completed", "busy": "busy", "no-answer": "no_answer", "failed": "failed"},
                     "filter_words": ["initiated", "ringing", "answered", "completed", "failed", "busy", "no-answer"]},
        "directions": {"words": {"inbound": "inbound", "outbound": "outbound"}},
        "query": {"direction_param": "direction",
                  "pushdowns": [{"filter": "agent_id", "param": "agent_id"},
                                {"filter": "customer_number", "param": "search"}, {"filter": "search", "param": "search"},
                                {"filter": "created_from", "param": "date_from", "format": "date_widened"},
                                {"filter": "created_to", "param": "date_to", "format": "date_widened"}],
                  "refusals": [{"filter": "campaign_id", "why": "is not offered by talkover"}]}
    })";
    const auto dialect = kit::load_json_dialect(description);
    REQUIRE(dialect.has_value());
    const auto shipped = find_dialect("talkover");
    for (const char* file : {"talkover/documented-example.json", "talkover/meta-paginator.json", "talkover/empty-page.json"}) {
        CAPTURE(file);
        const auto ours = (*dialect)->parse_page(fixture(file), context("tk", 0));
        const auto theirs = shipped->parse_page(fixture(file), context("tk", 0));
        REQUIRE_MESSAGE(ours.has_value(), (ours ? std::string() : ours.error().message()));
        REQUIRE(theirs.has_value());
        REQUIRE(ours->records.size() == theirs->records.size());
        for (std::size_t i = 0; i < ours->records.size(); ++i) CHECK(to_json(ours->records[i]) == to_json(theirs->records[i]));
        CHECK(ours->info == theirs->info);
    }
    CallQuery query;
    REQUIRE_FALSE(set_filter(query, "customer_number", "+40712345678"));
    REQUIRE_FALSE(set_filter(query, "direction", "inbound"));
    CHECK((*dialect)->plan(query)->vendor_params == shipped->plan(query)->vendor_params);
    REQUIRE_FALSE(set_filter(query, "direction", "web"));
    CHECK((*dialect)->plan(query)->matches_nothing);
}

TEST_CASE("JSON dialects: every mistake is refused naming where it is") {
    struct Case {
        const char* json;
        const char* field;
        const char* why;
    };
    const std::string base = R"("callbridge_dialect": 1, "provider": "x", "default_api_root": "https://x.example",
                                "endpoint": {"path": "/calls"}, )";
    const Case cases[] = {
        {R"({"provider": "x"})", "callbridge_dialect", "version 1"},
        {"{" R"("callbridge_dialect": 1, "provider": "x", "default_api_root": "ftp://x", "endpoint": {"path": "/c"}})",
         "default_api_root", "not an http(s) URL"},
        {"{}", "callbridge_dialect", "missing"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        const auto d = kit::read_vendor_description(c.json);
        REQUIRE(d.has_error());
        CHECK(d.error().details().field == c.field);
        CHECK_MESSAGE(d.error().details().message.find(c.why) != std::string::npos, d.error().details().message);
    }
    const Case more[] = {
        {R"("fields": {"id": "uid", "created_at": {"path": "t", "read": "time"}}, "colour": 1})", "colour",
         "unknown member"},
        {R"("fields": {"idd": "uid"}})", "fields.idd", "unknown canonical field"},
        {R"("fields": {"id": {"path": "uid", "read": "uuid"}}})", "fields.id.read", "unknown read 'uuid'"},
        {R"("fields": {"id": "uid", "created_at": {"path": "t", "read": "count"}}})", "fields.created_at.read",
         "'count' cannot fill created_at, a time field (read as time, time_rfc2822, time_epoch_seconds or "
         "time_epoch_ms)"},
        {R"("fields": {"id": "uid"}})", "fields.created_at", "every call needs a time"},
        {R"("fields": {"id": "uid", "created_at": "t"}, "paging": {"style": "pages"}})", "paging.style", "expected"},
        {R"("fields": {"id": "uid", "created_at": "t"}, "statuses": {"words": {"done": "finished"}}})",
         "statuses.words.done", "unknown canonical status"},
        {R"("fields": {"id": "uid", "created_at": "t"}, "query": {"pushdowns": [{"filter": "colour", "param": "c"}]}})",
         "query.pushdowns[0].filter", "unknown filter"},
        {R"("fields": {"id": "uid", "created_at": "t"}, "auth": {"scheme": "cookie"}})", "auth.scheme", "expected bearer"},
    };
    for (const Case& c : more) {
        const std::string text = "{" + base + c.json;
        CAPTURE(text);
        const auto d = kit::read_vendor_description(text);
        REQUIRE(d.has_error());
        CHECK(d.error().is(errc::invalid_option));
        CHECK(d.error().details().field == c.field);
        CHECK_MESSAGE(d.error().details().message.find(c.why) != std::string::npos, d.error().details().message);
    }
}

TEST_CASE("JSON dialects: a field given without a read takes its natural read") {
    const auto d = kit::read_vendor_description(R"({"callbridge_dialect": 1, "provider": "x",
        "default_api_root": "https://x.example", "endpoint": {"path": "/calls"},
        "fields": {"id": "uid", "created_at": "t", "duration_s": "secs", "is_test": "test",
                   "variables": {"path": "vars"}, "total_cost": "cost", "agent_name": "agent"}})");
    REQUIRE_MESSAGE(d.has_value(), d.error().details().message);
    std::map<kit::Field, kit::Read> reads;
    for (const kit::FieldRule& rule : d->mapping.rules) reads[rule.field] = rule.read;
    CHECK(reads.at(kit::Field::id) == kit::Read::id);  // a string or an integer
    CHECK(reads.at(kit::Field::created_at) == kit::Read::time);
    CHECK(reads.at(kit::Field::duration_s) == kit::Read::count);
    CHECK(reads.at(kit::Field::is_test) == kit::Read::boolean);
    CHECK(reads.at(kit::Field::variables) == kit::Read::object);
    CHECK(reads.at(kit::Field::total_cost) == kit::Read::money);
    CHECK(reads.at(kit::Field::agent_name) == kit::Read::string);
}

TEST_CASE("Plugins: built for this version or refused") {
    CHECK(kit::is_compatible(CALLBRIDGE_VERSION_MAJOR, CALLBRIDGE_VERSION_MINOR));
    CHECK_FALSE(kit::is_compatible(CALLBRIDGE_VERSION_MAJOR + 1, CALLBRIDGE_VERSION_MINOR));
    CHECK_FALSE(kit::is_compatible(CALLBRIDGE_VERSION_MAJOR, CALLBRIDGE_VERSION_MINOR + 1));
    Registry registry;
    const Error missing = load_plugin("/nonexistent/plugin.so", registry);
    CHECK(missing.is(errc::invalid_option));
    CHECK(missing.details().option == "plugin");
    CHECK(missing.message().find("cannot be loaded") != std::string::npos);
}

TEST_CASE("Errors print and boost::system::result value throws with the message") {
    const Error error = invalid_option("token", "is empty");
    std::ostringstream out;
    out << error;
    CHECK(out.str() == error.message());
    const boost::system::result<int, Error> refused = error;
    try {
        (void)refused.value();
        FAIL("value() did not throw");
    } catch (const boost::system::system_error& e) {
        CHECK(e.code() == error.code());
        CHECK(std::string(e.what()).find("invalid option: token: is empty") != std::string::npos);
    }
}

TEST_CASE("Details: each call's details are read at most N at a time and fill what the list leaves out") {
    kit::VendorDescription d = vendor(kit::CursorPaging{});
    d.detail_path = "/calls/{id}";
    d.detail_rules = {{kit::Field::transcript, {"transcript"}, kit::Read::transcript_turns}};
    auto dialect = std::make_shared<kit::ListDialect>(std::move(d));
    boost::asio::io_context io;
    std::atomic<int> in_flight{0}, most{0}, detail_requests{0};
    auto client = std::make_shared<FakeHttpClient>(
        io.get_executor(),
        [&](const HttpRequest& request) {
            HttpResponse response;
            response.status = 200;
            if (request.target.starts_with("/v1/calls/")) {
                ++detail_requests;
                const std::string id = request.target.substr(10);
                response.body = R"({"transcript":[{"role":"agent","message":"hello )" + id + R"("}]})";
            } else {
                std::string items;
                for (int i = 6; i >= 1; --i)
                    items += (items.empty() ? "" : ",") + call(i, "2026-08-18T1" + std::to_string(i) + ":00:00Z");
                response.body = R"({"items":[)" + items + R"(],"has_more":false})";
            }
            return response;
        },
        20ms);
    SourceOptions options;
    options.token = "key-0123456789";
    options.max_details_in_flight = 2;
    options.clock = std::make_shared<FakeClock>(io.get_executor());
    options.on_event = [&](const SourceEvent& event) {
        if (event.kind == SourceEvent::Kind::request && event.request.target.starts_with("/v1/calls/"))
            most = std::max(most.load(), ++in_flight);
        if (event.kind == SourceEvent::Kind::response && event.request.target.starts_with("/v1/calls/")) --in_flight;
    };
    auto source = make_http_source(dialect, client, options).value();

    // Without details, the list's records as they are.
    Listing plain(io.get_executor(), {source}, {});
    const auto without = drain(io, plain);
    REQUIRE(without.records.size() == 6);
    CHECK_FALSE(without.records[0].transcript.has_value());
    CHECK(detail_requests == 0);

    Listing listing(io.get_executor(), {source}, {}, ListingOptions{.details = true});
    const auto with = drain(io, listing);
    REQUIRE(with.failures.empty());
    REQUIRE(with.records.size() == 6);
    CHECK(with.records[0].transcript == "agent: hello 6");
    CHECK(with.records[5].transcript == "agent: hello 1");
    CHECK(detail_requests == 6);
    CHECK(most <= 2);
    CHECK(most >= 1);
}

TEST_CASE("Details: a detail the vendor refuses fails the source naming it") {
    kit::VendorDescription d = vendor(kit::CursorPaging{});
    d.detail_path = "/calls/{id}";
    auto dialect = std::make_shared<kit::ListDialect>(std::move(d));
    boost::asio::io_context io;
    auto client = std::make_shared<FakeHttpClient>(io.get_executor(), [&](const HttpRequest& request) {
        HttpResponse response;
        response.status = request.target.starts_with("/v1/calls/") ? 404 : 200;
        response.body = response.status == 404 ? R"({"detail":"Not found."})"
                                                : R"({"items":[)" + call(1, "2026-08-18T10:00:00Z") + R"(],"has_more":false})";
        return response;
    });
    SourceOptions options;
    options.token = "key-0123456789";
    auto source = make_http_source(dialect, client, options).value();
    Listing listing(io.get_executor(), {source}, {}, ListingOptions{.details = true});
    const auto out = drain(io, listing);
    CHECK(out.records.empty());
    REQUIRE(out.failures.size() == 1);
    CHECK(out.failures[0].details().source == "acme");
    CHECK(out.failures[0].message().find("Not found.") != std::string::npos);
}

}  // TEST_SUITE

TEST_SUITE("kit") {

// The JSON pointer of a list dialect's records array.
std::string records_pointer(const Dialect& dialect) {
    std::string path = dynamic_cast<const kit::ListDialect&>(dialect).description().records;
    std::replace(path.begin(), path.end(), '.', '/');
    return path.empty() ? "" : "/" + path;
}

// Pages are read for what their records need unless the vendor's objects
// are kept; both readings must give the same records, paging and errors.
TEST_CASE("Reading a page for what it needs gives what reading it whole gives") {
    namespace fs = std::filesystem;
    std::size_t pages = 0;
    for (const std::string& provider : shipped_providers()) {
        const auto dialect = find_dialect(provider);
        const fs::path folder = fixture_path(provider);
        if (!fs::exists(folder)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(folder)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".json" ||
                entry.path().parent_path().filename() == "expected")
                continue;
            const std::string body = fixture(fs::relative(entry.path(), fixture_path("")).string());
            CAPTURE(entry.path().string());
            PageContext whole = context("s", 0);
            PageContext partial = whole;
            partial.keep_raw = false;
            const auto a = dialect->parse_page(body, whole);
            const auto b = dialect->parse_page(body, partial);
            REQUIRE(a.has_value() == b.has_value());
            ++pages;
            if (!a) {
                CHECK(a.error().message() == b.error().message());
                continue;
            }
            CHECK(a->info == b->info);
            REQUIRE(a->records.size() == b->records.size());
            // Each record keeps its vendor object whole: the records are the
            // vendor's objects in order, less the calls not listed.
            const auto parsed = boost::json::parse(body);
            const auto& objects = parsed.at_pointer(records_pointer(*dialect)).as_array();
            // (Time windows give their calls newest first, not in the body's
            // order, and none of a full window, which is split and read again.)
            const auto& paging = dynamic_cast<const kit::ListDialect&>(*dialect).description().paging;
            const auto* windows = std::get_if<kit::TimeWindows>(&paging);
            const bool newest_first = windows != nullptr;
            if (windows != nullptr && objects.size() == windows->window_size)
                CHECK(a->records.empty());
            else
                CHECK(objects.size() == a->records.size() + a->info.unlisted);
            std::size_t next = 0;
            for (std::size_t i = 0; i < a->records.size(); ++i) {
                CHECK(to_json(a->records[i]) == to_json(b->records[i]));
                CHECK(b->records[i].raw.empty());
                if (newest_first) {
                    CHECK_MESSAGE(std::find(objects.begin(), objects.end(), a->records[i].raw) != objects.end(),
                                  "record ", i, " is none of the vendor's objects");
                    continue;
                }
                while (next < objects.size() && objects[next] != a->records[i].raw) ++next;
                CHECK_MESSAGE(next < objects.size(), "record ", i, " is none of the vendor's objects in order");
                ++next;
            }
        }
    }
    CHECK(pages >= 20);
}


namespace {

// "2026-08-18T14:02:11.482Z" for milliseconds since 1970.
std::string iso_millis(std::int64_t millis) {
    std::string text = format_rfc3339(Timestamp(std::chrono::seconds(millis / 1000)));
    const std::string fraction = std::to_string(1000 + millis % 1000).substr(1);
    return text.substr(0, text.size() - 1) + "." + fraction + "Z";
}

// The query parameters of a request target, decoded.
std::map<std::string, std::string> query_of(const std::string& target) {
    std::map<std::string, std::string> out;
    const auto q = target.find('?');
    if (q == std::string::npos) return out;
    std::string_view rest = std::string_view(target).substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        out[std::string(pair.substr(0, eq))] = test::detail_forms::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return out;
}

struct WindowWalk {
    std::vector<std::string> ids;  // as delivered
    std::optional<Error> error;
    int requests = 0;
};

// A vendor with no paging: it answers createdAtGe/createdAtLt/limit (or, not
// honouring, ignores the window), in an order of its own (ids scrambled), and
// a dialect walking it window by window.
WindowWalk walk_windows(const kit::ListDialect& dialect, const std::vector<std::pair<int, std::int64_t>>& calls,
                        const CallQuery& query, bool honour = true) {
    WindowWalk walk;
    const auto plan = dialect.plan(query);
    REQUIRE(plan.has_value());
    PageCursor cursor;
    while (walk.requests < 5000) {
        const HttpRequest request = dialect.page_request(access(), *plan, cursor, 100);
        ++walk.requests;
        auto params = query_of(request.target);
        const auto from = params.contains("createdAtGe") ? kit::read_epoch_milliseconds(params["createdAtGe"]) : std::nullopt;
        const auto to = params.contains("createdAtLt") ? kit::read_epoch_milliseconds(params["createdAtLt"]) : std::nullopt;
        const auto limit = static_cast<std::size_t>(std::stoul(params.at("limit")));
        std::vector<std::pair<int, std::int64_t>> answer;
        for (const auto& c : calls)
            if (!honour || ((!from || c.second >= *from) && (!to || c.second < *to))) answer.push_back(c);
        std::sort(answer.begin(), answer.end(), [](const auto& a, const auto& b) { return (a.first * 7919) % 101 < (b.first * 7919) % 101; });
        if (answer.size() > limit) answer.resize(limit);
        std::string body = "[";
        for (const auto& [id, at] : answer) body += (body.size() > 1 ? "," : "") + call(id, iso_millis(at));
        body += "]";
        PageContext at = context("v", cursor.page);
        at.cursor = cursor;
        at.keep_raw = walk.requests % 2 == 0;  // both readings
        auto page = dialect.parse_page(body, at);
        if (!page) {
            walk.error = page.error();
            return walk;
        }
        if (!page->info.intermediate)
            for (const CallRecord& r : page->records) walk.ids.push_back(r.id);
        if (!page->info.next) return walk;
        cursor = *page->info.next;
    }
    FAIL("the walk did not end");
    return walk;
}

}  // namespace

TEST_CASE("Paging by time windows: every call once newest first though many share one millisecond") {
    kit::TimeWindows windows;
    windows.window_size = 4;
    windows.created_field = "created";
    const kit::ListDialect dialect(vendor(windows, ""));
    // 60 calls over a day: runs of up to three calls in one millisecond
    // (one fewer than a window holds), and some a millisecond apart.
    const std::int64_t base = 1787011200000;  // 2026-08-18T00:00:00Z
    std::vector<std::pair<int, std::int64_t>> calls;
    std::int64_t at = base;
    for (int id = 1; id <= 60; ++id) {
        calls.emplace_back(id, at);
        if (id % 4 == 0) at += 1;                    // next millisecond
        else if (id % 4 == 3) at += 3'600'000 / 7;  // far later
    }
    std::map<std::string, std::int64_t> created;
    for (const auto& [id, when] : calls) created[std::to_string(id)] = when;

    const auto check_walk = [&](const CallQuery& query, std::int64_t from, std::int64_t to) {
        const WindowWalk walk = walk_windows(dialect, calls, query);
        REQUIRE_FALSE(walk.error.has_value());
        std::set<std::string> seen;
        std::size_t expected = 0;
        for (const auto& [id, when] : calls) expected += when >= from && when < to;
        for (std::size_t i = 0; i < walk.ids.size(); ++i) {
            CAPTURE(walk.ids[i]);
            CHECK(seen.insert(walk.ids[i]).second);  // once
            const std::int64_t when = created.at(walk.ids[i]);
            CHECK((when >= from && when < to));
            if (i > 0) CHECK(created.at(walk.ids[i - 1]) >= when);  // newest first, by the millisecond
        }
        CHECK(walk.ids.size() == expected);
        CHECK(walk.requests > static_cast<int>(expected / windows.window_size));  // full windows were read again
    };
    SUBCASE("the whole list") { check_walk(CallQuery{}, INT64_MIN, INT64_MAX); }
    SUBCASE("within the query's bounds") {
        CallQuery query;
        query.created_from = utc(2026, 8, 18, 1, 0, 0);
        query.created_to = utc(2026, 8, 18, 3, 59, 59);
        const auto walk = walk_windows(dialect, calls, query);
        REQUIRE_FALSE(walk.error.has_value());
        // What the vendor answered within the bounds' milliseconds; the source
        // then checks created_at (seconds) against the query itself.
        check_walk(query, base + 3'600'000, base + 4 * 3'600'000);
    }
}

TEST_CASE("Paging by time windows: a full one-millisecond window is an error naming it") {
    kit::TimeWindows windows;
    windows.window_size = 4;
    windows.created_field = "created";
    const kit::ListDialect dialect(vendor(windows, ""));
    const std::int64_t tie = 1787011200000 + 41'482;  // 2026-08-18T00:00:41.482Z
    std::vector<std::pair<int, std::int64_t>> calls{{1, tie - 5000}, {2, tie}, {3, tie}, {4, tie}, {5, tie}, {6, tie + 9000}};
    const WindowWalk walk = walk_windows(dialect, calls, CallQuery{});
    REQUIRE(walk.error.has_value());
    CHECK(walk.error->is(errc::malformed_response));
    const std::string message = walk.error->details().message;
    CHECK(message.find("within one millisecond") != std::string::npos);
    CHECK(message.find("[2026-08-18T00:00:41.482Z, 2026-08-18T00:00:41.483Z)") != std::string::npos);
    CHECK(walk.requests < 100);  // split down to the millisecond, then stopped
}

TEST_CASE("Paging by time windows: a call outside the window asked for is an error - not an extra or a loss") {
    kit::TimeWindows windows;
    windows.window_size = 3;
    windows.created_field = "created";
    const kit::ListDialect dialect(vendor(windows, ""));
    std::vector<std::pair<int, std::int64_t>> calls;
    for (int id = 1; id <= 7; ++id) calls.emplace_back(id, 1787011200000 + id * 60'000);
    // The vendor ignores createdAtGe/createdAtLt: the first (open) window is
    // full, and the next, newer than the newest it returned, gets older calls.
    const WindowWalk walk = walk_windows(dialect, calls, CallQuery{}, false);
    REQUIRE(walk.error.has_value());
    CHECK(walk.error->is(errc::malformed_response));
    CHECK(walk.error->details().message.find("outside the window asked for") != std::string::npos);
    CHECK(walk.error->details().field == "created");
    CHECK(walk.ids.empty());
    // Read directly: a window [00:01, 00:02) answered with a call at 00:05.
    PageContext at = context("v", 3);
    at.cursor = PageCursor{3, "1787011260000:1787011320000"};
    const auto page = dialect.parse_page("[" + call(1, "2026-08-18T00:01:30.000Z") + "," + call(5, "2026-08-18T00:05:00.000Z") + "]", at);
    REQUIRE(page.has_error());
    CHECK(page.error().details().message.find("2026-08-18T00:05:00.000Z") != std::string::npos);
    CHECK(page.error().details().message.find("[2026-08-18T00:01:00.000Z, 2026-08-18T00:02:00.000Z)") != std::string::npos);
}

TEST_CASE("Bare array bodies: the selective reader reads nested members as the whole reading does") {
    kit::TimeWindows windows;
    windows.created_field = "created";
    kit::VendorDescription d = vendor(windows, "");
    d.mapping.rules.push_back({kit::Field::provider_call_sid, {"transport.callSid", "sid"}, kit::Read::text});
    d.mapping.rules.push_back({kit::Field::summary, {"analysis.summary"}, kit::Read::string});
    const kit::ListDialect dialect(std::move(d));
    const std::string body = R"([{"uid":"a","created":"2026-08-18T14:02:11.482Z","transport":{"provider":"twilio","callSid":"CA1"},)"
                             R"("analysis":{"summary":"Booked.","structuredData":{"x":[1,2,{"y":null}]}},"big":[[[]]]},)"
                             R"({"uid":"b","created":"2026-08-18T14:01:11.000Z","sid":"CA2","transport":null}])";
    const auto [a, b] = read_both_ways(dialect, body, 0);
    REQUIRE(a.records.size() == 2);
    REQUIRE(b.records.size() == 2);
    CHECK(b.records[0].provider_call_sid == "CA1");
    CHECK(b.records[0].summary == "Booked.");
    CHECK(b.records[1].provider_call_sid == "CA2");
    for (std::size_t i = 0; i < 2; ++i) CHECK(to_json(a.records[i]) == to_json(b.records[i]));
    CHECK(a.info == b.info);
    // Other shapes, in both readings: named.
    PageContext whole = context("s", 0);
    PageContext partial = whole;
    partial.keep_raw = false;
    for (const PageContext& at : {whole, partial}) {
        const auto object = dialect.parse_page(R"({"data":[]})", at);
        REQUIRE(object.has_error());
        CHECK(object.error().details().message.find("expected an array, got an object") != std::string::npos);
        const auto scalar = dialect.parse_page(R"([{"uid":"a","created":"2026-08-18T14:02:11.482Z"},7])", at);
        REQUIRE(scalar.has_error());
        CHECK(scalar.error().details().field == "[1]");
        const auto empty = dialect.parse_page("[]", at);
        REQUIRE(empty.has_value());
        CHECK(empty->records.empty());
        CHECK_FALSE(empty->info.next.has_value());
    }
}

}  // TEST_SUITE

TEST_SUITE("kit") {

namespace {

// A hook that reads what its test names: a member it declares, one it does
// not, and an object of which only a member is declared.
class HookReading final : public kit::ListDialect {
public:
    HookReading(kit::VendorDescription d, std::string read) : ListDialect(std::move(d)), read_(std::move(read)) {}

private:
    void refine(CallRecord& record, kit::FieldReader& call, const PageContext&) const override {
        const auto* found = call.find(read_);
        if (found != nullptr && found->is_string()) record.summary = std::string(found->get_string());
        // Kept in the record, so it must outlive the page's reading.
        if (found != nullptr && found->is_object()) record.evaluation = call.optional_object(read_);
    }
    std::string read_;
};

kit::VendorDescription hooked_vendor() {
    kit::VendorDescription d = vendor(kit::PageNumbers{.next_url = "next"}, "items");
    d.mapping.rules.push_back({kit::Field::provider_call_sid, {"transport.callSid"}, kit::Read::text});
    d.read_paths = {"agent", "label"};
    return d;
}

const std::string hooked_page =
    R"({"next":null,"items":[{"uid":1,"created":"2026-08-18T14:02:11Z","label":"first",)"
    R"("agent":{"id":"a-1","team":{"name":"blue"}},"transport":{"callSid":"CA1","region":"eu"},"secret":"s"}]})";

}  // namespace

TEST_CASE("Reading in part: a hook reads what its dialect declares and fails naming anything else") {
    for (const bool keep_raw : {false, true}) {
        CAPTURE(keep_raw);
        PageContext at = context("s", 1);
        at.keep_raw = keep_raw;
        // Declared whole: read, and what the hook keeps outlives the reading.
        const auto agent = HookReading(hooked_vendor(), "agent").parse_page(hooked_page, at);
        REQUIRE(agent.has_value());
        REQUIRE(agent->records.size() == 1);
        CHECK(boost::json::serialize(*agent->records[0].evaluation) == R"({"id":"a-1","team":{"name":"blue"}})");
        // Inside a member declared whole.
        const auto inside = HookReading(hooked_vendor(), "agent.team.name").parse_page(hooked_page, at);
        REQUIRE(inside.has_value());
        CHECK(inside->records[0].summary == "blue");
        const auto label = HookReading(hooked_vendor(), "label").parse_page(hooked_page, at);
        REQUIRE(label.has_value());
        CHECK(label->records[0].summary == "first");
        if (keep_raw) continue;  // read whole, every member is there to read
        // Not declared, though the vendor sent it: a failure naming it, not a silent null.
        const auto secret = HookReading(hooked_vendor(), "secret").parse_page(hooked_page, at);
        REQUIRE(secret.has_error());
        CHECK(secret.error().details().field == "items[0].secret");
        CHECK(secret.error().details().message.find("read_paths") != std::string::npos);
        // Only callSid of transport is declared: transport whole is not.
        const auto transport = HookReading(hooked_vendor(), "transport").parse_page(hooked_page, at);
        REQUIRE(transport.has_error());
        CHECK(transport.error().details().field == "items[0].transport");
        // Nor is another member of it.
        const auto region = HookReading(hooked_vendor(), "transport.region").parse_page(hooked_page, at);
        REQUIRE(region.has_error());
        CHECK(region.error().details().field == "items[0].transport.region");
    }
}

// Every canonical field: those with a name a JSON dialect uses.
std::vector<kit::Field> every_field() {
    std::vector<kit::Field> fields;
    for (unsigned f = 0; f < 64; ++f)
        if (kit::to_string(static_cast<kit::Field>(f)) != "?") fields.push_back(static_cast<kit::Field>(f));
    return fields;
}

TEST_CASE("Mappings: each field's natural read fills it") {
    CHECK(every_field().size() == 31);
    for (const kit::Field field : every_field()) {
        CAPTURE(kit::to_string(field));
        CHECK(kit::can_fill(field, kit::natural_read(field)));
    }
    CHECK(kit::natural_read(kit::Field::created_at) == kit::Read::time);
    CHECK(kit::natural_read(kit::Field::duration_s) == kit::Read::count);
    CHECK(kit::natural_read(kit::Field::is_test) == kit::Read::boolean);
    CHECK(kit::natural_read(kit::Field::variables) == kit::Read::object);
    CHECK(kit::natural_read(kit::Field::total_cost) == kit::Read::money);
    CHECK(kit::natural_read(kit::Field::agent_name) == kit::Read::string);
    CHECK(kit::natural_read(kit::Field::id) == kit::Read::id);
}

TEST_CASE("Mappings: every field read by its natural read from a value of its kind is filled") {
    // What apply_mapping writes, not only what can_fill says: a field the
    // switch of map_fields forgot, or whose kind is wrong, is left as it was.
    const auto value_of_kind = [](kit::Field field) -> boost::json::value {
        switch (kit::natural_read(field)) {
            case kit::Read::count: return 42;
            case kit::Read::boolean: return true;
            case kit::Read::object: return boost::json::object{{"k", "v"}};
            case kit::Read::money: return "1.25";
            case kit::Read::time: return "2026-08-18T14:02:11Z";
            case kit::Read::id: return 7;
            default: return "inbound";  // a text that is also a direction word
        }
    };
    const std::string untouched = to_json(CallRecord{});
    CHECK(every_field().size() == 31);
    for (const kit::Field field : every_field()) {
        CAPTURE(kit::to_string(field));
        kit::CallMapping mapping;
        mapping.rules = {{field, {"v"}, kit::natural_read(field), true}};
        mapping.ended_by = kit::WordMap<EndedBy>({{"inbound", EndedBy::customer}});
        const boost::json::object call{{"v", value_of_kind(field)}};
        kit::FieldReader in(call, "items[0]");
        CallRecord record;
        const kit::FieldsRead read = kit::apply_mapping(mapping, in, context("s", 1), record);
        CHECK_MESSAGE(in.ok(), (in.ok() ? std::string() : in.error().details().message));
        CHECK(read.contains(field));
        CHECK(to_json(record) != untouched);
    }
}

TEST_CASE("Mappings: a read whose kind cannot fill its field is refused naming both") {
    // A description's mistake (a time field read as a count) is told when
    // the dialect is made, not on a vendor's page as a default time or garbage.
    CHECK(kit::can_fill(kit::Field::created_at, kit::Read::time_epoch_ms));
    CHECK(kit::can_fill(kit::Field::duration_s, kit::Read::milliseconds));
    CHECK(kit::can_fill(kit::Field::transcript, kit::Read::transcript_turns));
    CHECK_FALSE(kit::can_fill(kit::Field::created_at, kit::Read::count));
    CHECK_FALSE(kit::can_fill(kit::Field::total_cost, kit::Read::string));
    kit::VendorDescription d = vendor(kit::PageNumbers{.next_url = "next"}, "items");
    d.mapping.rules[1] = {kit::Field::created_at, {"created"}, kit::Read::count, true};
    const std::string created_as_count =
        "'count' cannot fill created_at, a time field (read as time, time_rfc2822, time_epoch_seconds or time_epoch_ms)";
    CHECK_THROWS_WITH_AS(kit::ListDialect{d}, ("ListDialect 'acme': rule at 'created': " + created_as_count).c_str(),
                         std::invalid_argument);
    d = vendor(kit::PageNumbers{.next_url = "next"}, "items");
    d.detail_rules.push_back({kit::Field::is_test, {"test"}, kit::Read::text});
    CHECK_THROWS_WITH_AS(kit::ListDialect{d},
                         "ListDialect 'acme': detail rule at 'test': 'text' cannot fill is_test, a boolean field "
                         "(read as boolean)",
                         std::invalid_argument);
    d = vendor(kit::PageNumbers{.next_url = "next"}, "items");
    d.mapping.rules.push_back({kit::Field::duration_s, {}, kit::Read::string});
    CHECK_THROWS_WITH_AS(kit::ListDialect{d},
                         "ListDialect 'acme': rule for duration_s: 'string' cannot fill duration_s, a number field "
                         "(read as count, milliseconds or duration_text)",
                         std::invalid_argument);
    // apply_mapping, given such rules directly, fails the call naming the
    // path, for every field (duration_s read as a string gave 0).
    const auto call = boost::json::parse(R"({"created":1755525731,"took":"12"})").as_object();
    const std::pair<kit::FieldRule, std::string> misreads[] = {
        {{kit::Field::created_at, {"created"}, kit::Read::count, true}, created_as_count},
        {{kit::Field::duration_s, {"took"}, kit::Read::string},
         "'string' cannot fill duration_s, a number field (read as count, milliseconds or duration_text)"}};
    for (const auto& [rule, message] : misreads) {
        kit::CallMapping mapping;
        mapping.rules = {rule};
        kit::FieldReader in(call, "items[0]");
        CallRecord record;
        (void)kit::apply_mapping(mapping, in, context("s", 1), record);
        REQUIRE_FALSE(in.ok());
        CHECK(in.error().details().field == "items[0]." + rule.paths.front());
        CHECK(in.error().details().message == message);
    }
}

TEST_CASE("Reading in part: a rule reading inside a member another rule keeps whole reads it there") {
    // "agent" is kept whole for one rule; "agent.team.name" lies inside it,
    // so it has no slot of its own and is found within agent's value.
    kit::VendorDescription d = vendor(kit::PageNumbers{.next_url = "next"}, "items");
    d.mapping.rules.push_back({kit::Field::evaluation, {"agent"}, kit::Read::object});
    d.mapping.rules.push_back({kit::Field::summary, {"agent.team.name"}, kit::Read::string});
    d.mapping.rules.push_back({kit::Field::agent_label, {"agent.missing", "label"}, kit::Read::string});
    const auto [a, b] = read_both_ways(kit::ListDialect(d), hooked_page, 1);
    REQUIRE(b.records.size() == 1);
    CHECK(b.records[0].summary == "blue");
    CHECK(b.records[0].agent.label == "first");
    CHECK(boost::json::serialize(*b.records[0].evaluation) == R"({"id":"a-1","team":{"name":"blue"}})");
    CHECK(to_json(a.records[0]) == to_json(b.records[0]));
}

TEST_CASE("Reading in part: members of a member named by the empty string are not the top level's") {
    // ".x" is x inside the member "", which the index of paths must not take for "x".
    const std::string body =
        R"({"next":null,"items":[{"uid":1,"created":"2026-08-18T14:02:11Z","x":"top","":{"x":"inner"}}]})";
    kit::VendorDescription d = vendor(kit::PageNumbers{.next_url = "next"}, "items");
    d.mapping.rules.push_back({kit::Field::summary, {".x"}, kit::Read::string});
    d.mapping.rules.push_back({kit::Field::provider_call_sid, {"x"}, kit::Read::string});
    const auto [a, b] = read_both_ways(kit::ListDialect(d), body, 1);
    REQUIRE(b.records.size() == 1);
    CHECK(b.records[0].summary == "inner");
    CHECK(b.records[0].provider_call_sid == "top");
    CHECK(to_json(a.records[0]) == to_json(b.records[0]));
    // With only ".x" declared, "x" is not read for.
    kit::VendorDescription hooked = vendor(kit::PageNumbers{.next_url = "next"}, "items");
    hooked.read_paths = {".x"};
    PageContext at = context("s", 1);
    at.keep_raw = false;
    const auto undeclared = HookReading(hooked, "x").parse_page(body, at);
    REQUIRE(undeclared.has_error());
    CHECK(undeclared.error().details().field == "items[0].x");
}

TEST_CASE("Reading in part: records within an object of the body are read in part too") {
    kit::VendorDescription d = hooked_vendor();
    d.records = "data.items";
    const std::string body = R"({"next":null,"data":{"total":2,"items":[)" + call(1, "2026-08-18T14:02:11Z") + "," +
                             R"({"uid":2,"created":"2026-08-18T14:01:11Z","secret":"s","label":"second"}]}})";
    const auto [a, b] = read_both_ways(kit::ListDialect(d), body, 1);
    REQUIRE(b.records.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) CHECK(to_json(a.records[i]) == to_json(b.records[i]));
    // Read in part, not whole: what the dialect does not declare is not there to read.
    PageContext at = context("s", 1);
    at.keep_raw = false;
    const auto label = HookReading(d, "label").parse_page(body, at);
    REQUIRE(label.has_value());
    CHECK(label->records[1].summary == "second");
    const auto secret = HookReading(d, "secret").parse_page(body, at);
    REQUIRE(secret.has_error());
    CHECK(secret.error().details().field == "data.items[0].secret");
}

TEST_CASE("Reading in part: a records array sent twice reads as its last as when read whole") {
    for (const std::string records : {"items", "data.items"}) {
        CAPTURE(records);
        kit::VendorDescription d = vendor(kit::PageNumbers{.next_url = "next"}, records);
        const kit::ListDialect dialect(d);
        const auto wrap = [&](const std::string& calls) {
            return records == "items" ? R"("items":[)" + calls + "]" : R"("data":{"items":[)" + calls + "]}";
        };
        const std::string body = R"({"next":null,)" + wrap(call(1, "2026-08-18T14:02:11Z")) + "," +
                                 wrap(call(2, "2026-08-18T14:01:11Z") + "," + call(3, "2026-08-18T14:00:11Z")) + "}";
        const auto [a, b] = read_both_ways(dialect, body, 1);
        REQUIRE(a.records.size() == 2);
        REQUIRE(b.records.size() == 2);
        CHECK(b.records[0].id == "2");
        for (std::size_t i = 0; i < 2; ++i) CHECK(to_json(a.records[i]) == to_json(b.records[i]));
    }
}

TEST_CASE("Reading in part: an object of the body sent twice reads as its last as when read whole") {
    // The records' object, and a paging member within it, come again: the first goes.
    kit::VendorDescription d = vendor(kit::CursorPaging{.next_cursor = "data.cursor", .has_more = ""}, "data.items");
    const kit::ListDialect dialect(d);
    const std::string first = R"("data":{"cursor":"k1","items":[)" + call(1, "2026-08-18T14:02:11Z") + "]}";
    PageContext whole = context("s", 1);
    PageContext partial = whole;
    partial.keep_raw = false;
    for (const PageContext& at : {whole, partial}) {
        CAPTURE(at.keep_raw);
        const auto replaced = dialect.parse_page(
            "{" + first + R"(,"data":{"items":[)" + call(2, "2026-08-18T14:01:11Z") + "]}}", at);
        REQUIRE(replaced.has_value());
        REQUIRE(replaced->records.size() == 1);
        CHECK(replaced->records[0].id == "2");
        CHECK_FALSE(replaced->info.next.has_value());
        for (const std::string again : {R"({"total":1})", "null", "[1]"}) {
            const auto gone = dialect.parse_page("{" + first + R"(,"data":)" + again + "}", at);
            REQUIRE(gone.has_error());
            CHECK(gone.error().details().field == "data.items");
        }
    }
}

TEST_CASE("Reading in part: a member sent twice reads as its last as when read whole") {
    const kit::ListDialect dialect(hooked_vendor());
    const std::string body =
        R"({"next":null,"items":[{"uid":1,"created":"2026-08-18T14:02:11Z","state":"live","state":"done",)"
        R"("transport":{"callSid":"CA1"},"transport":{"region":"eu"}},)"
        R"({"uid":2,"created":"2026-08-18T14:01:11Z","transport":{"callSid":"CA2"},"transport":{"callSid":"CA3"}},)"
        R"({"uid":3,"created":"2026-08-18T14:00:11Z","transport":{"callSid":"CA4"},"transport":5},)"
        R"({"uid":4,"created":"2026-08-18T13:59:11Z","transport":{"callSid":"CA5"},"transport":["x"]},)"
        R"({"uid":5,"created":"2026-08-18T13:58:11Z","transport":{"callSid":"CA6"},"transport":"gone"}]})";
    const auto [a, b] = read_both_ways(dialect, body, 1);
    REQUIRE(b.records.size() == 5);
    CHECK(b.records[0].provider_status == "done");
    CHECK_FALSE(b.records[0].provider_call_sid.has_value());
    CHECK(b.records[1].provider_call_sid == "CA3");
    // The last is not an object: it holds no callSid.
    for (std::size_t i = 2; i < 5; ++i) CHECK_FALSE(b.records[i].provider_call_sid.has_value());
    for (std::size_t i = 0; i < 5; ++i) CHECK(to_json(a.records[i]) == to_json(b.records[i]));
}

TEST_CASE("Cursor paging: require_has_more makes an answer without has_more malformed") {
    kit::CursorPaging paging{.sent_in = kit::CursorPaging::SentIn::body, .request_param = "key", .size_param = "limit",
                             .next_cursor = "key", .has_more = "has_more"};
    const kit::ListDialect lenient(vendor(paging));
    paging.require_has_more = true;
    const kit::ListDialect strict(vendor(paging));
    const std::string without = R"({"items":[)" + call(1, "2026-08-18T10:00:00Z") + "]}";
    const std::string with_key = R"({"items":[)" + call(1, "2026-08-18T10:00:00Z") + R"(],"key":"k2"})";
    const std::string done = R"({"items":[)" + call(1, "2026-08-18T10:00:00Z") + R"(],"has_more":false,"key":"stale"})";

    // Without the option, a missing has_more leaves it to the cursor.
    const auto ended = lenient.parse_page(without, context("s", 3));
    REQUIRE(ended.has_value());
    CHECK_FALSE(ended->info.next.has_value());
    const auto follows = lenient.parse_page(with_key, context("s", 3));
    REQUIRE(follows.has_value());
    CHECK(follows->info.next == PageCursor{4, "k2"});

    for (const std::string* body : {&without, &with_key}) {
        const auto page = strict.parse_page(*body, context("s", 3));
        REQUIRE(page.has_error());
        CHECK(page.error().is(errc::malformed_response));
        CHECK(page.error().details().field == "has_more");
        CHECK(page.error().details().page == 3u);
        CHECK(page.error().message().find("does not say whether more calls follow") != std::string::npos);
    }
    // has_more false ends the list even with a cursor there.
    const auto last = strict.parse_page(done, context("s", 3));
    REQUIRE(last.has_value());
    CHECK_FALSE(last->info.next.has_value());
}

}  // TEST_SUITE

TEST_SUITE("kit") {

TEST_CASE("A bare array of records: a page whose records are not all objects is an error naming the element") {
    const kit::ListDialect dialect(vendor(kit::TimeWindows{.created_field = "created"}, ""));
    for (bool keep_raw : {true, false}) {
        CAPTURE(keep_raw);
        PageContext ctx = context("s", 2);
        ctx.keep_raw = keep_raw;
        const auto bad = dialect.parse_page("[" + call(1, "2026-08-18T10:00:00.000Z") + ",42]", ctx);
        REQUIRE(bad.has_error());
        CHECK(bad.error().is(errc::malformed_response));
        CHECK(bad.error().details().field == "[1]");
        CHECK(bad.error().message().find("expected a call object, got a number") != std::string::npos);

        const auto object = dialect.parse_page(R"({"items":[]})", ctx);
        REQUIRE(object.has_error());
        CHECK(object.error().message().find("expected an array") != std::string::npos);

        const auto good = dialect.parse_page("[" + call(1, "2026-08-18T10:00:00.000Z") + "]", ctx);
        REQUIRE_MESSAGE(good.has_value(), good.error().message());
        CHECK(good->records.size() == 1);
    }
}

TEST_CASE("Details: a filter on a field only the details carry turns them on and is checked after them") {
    kit::VendorDescription d = vendor(kit::CursorPaging{});
    // Without a detail endpoint the list cannot show a number: refused.
    CallQuery by_number;
    REQUIRE_FALSE(set_filter(by_number, "customer_number", "+14155550100"));
    const auto refused = kit::ListDialect(d).plan(by_number);
    REQUIRE(refused.has_error());
    CHECK(refused.error().is(errc::unsupported_filter));

    d.detail_path = "/calls/{id}";
    d.detail_rules = {{kit::Field::customer_number, {"customer.number"}, kit::Read::text},
                      {kit::Field::provider_call_sid, {"sid"}, kit::Read::text}};
    const kit::ListDialect dialect(d);
    const auto plan = dialect.plan(by_number);
    REQUIRE(plan.has_value());
    CHECK(plan->needs_details);
    CHECK(plan->local.customer_number == "+14155550100");  // checked once the details are read
    CallQuery by_search;
    REQUIRE_FALSE(set_filter(by_search, "search", "4155"));
    CHECK(dialect.plan(by_search)->needs_details);
    // Filters the list can check need no details.
    CallQuery by_time;
    REQUIRE_FALSE(set_filter(by_time, "created_from", "2026-08-18"));
    REQUIRE_FALSE(set_filter(by_time, "status", "completed"));
    CHECK_FALSE(dialect.plan(by_time)->needs_details);
    CHECK_FALSE(dialect.plan(CallQuery{})->needs_details);
    // A campaign neither shows is still refused.
    CallQuery by_campaign;
    REQUIRE_FALSE(set_filter(by_campaign, "campaign_id", "7"));
    CHECK(dialect.plan(by_campaign).error().is(errc::unsupported_filter));
}

}  // TEST_SUITE
