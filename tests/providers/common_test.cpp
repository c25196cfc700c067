// What every dialect shares: API roots, percent-encoding, error bodies and
// wait hints.

#include <callbridge/api_root.hpp>

#include <callbridge/kit/error_body.hpp>
#include <callbridge/kit/query_rules.hpp>
#include <callbridge/kit/request.hpp>

#include "source/wait_hints.hpp"
#include "support/fixtures.hpp"

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono;

TEST_SUITE("dialects") {

TEST_CASE("API roots: scheme host port and base path") {
    auto root = ApiRoot::parse("https://app.autocalls.ai/api");
    REQUIRE(root.has_value());
    CHECK(root->origin() == Origin{"https", "app.autocalls.ai", 443});
    CHECK(root->base_path() == "/api");
    CHECK(root->is_https());
    CHECK(root->to_string() == "https://app.autocalls.ai/api");

    root = ApiRoot::parse("HTTP://127.0.0.1:8080/");
    REQUIRE(root.has_value());
    CHECK(root->origin() == Origin{"http", "127.0.0.1", 8080});
    CHECK(root->base_path() == "");
    CHECK_FALSE(root->is_https());
    CHECK(root->to_string() == "http://127.0.0.1:8080");

    root = ApiRoot::parse("https://[::1]:9443/api/v1/");
    REQUIRE(root.has_value());
    CHECK(root->origin().host == "::1");
    CHECK(root->to_string() == "https://[::1]:9443/api/v1");
}

TEST_CASE("API roots that are refused and why") {
    struct Case {
        const char* url;
        const char* why;
    };
    for (const Case& c : {Case{"app.autocalls.ai/api", "not an absolute URL"},
                          Case{"ftp://example.com/api", "must start with https://"},
                          Case{"https:///api", "has no host"},
                          Case{"https://user:pw@example.com/api", "must not carry a user or password"},
                          Case{"https://example.com/api?x=1", "must not have a query or fragment"},
                          Case{"https://example.com/api#top", "must not have a query or fragment"},
                          Case{"https://example.com:0/api", "invalid port"},
                          // Found by fuzz_config: Boost.URL 1.81 reads this as port 8080, path "+mock".
                          Case{"http://127.0.0.1:8080+mock", "invalid port or path"},
                          // Found by fuzz_config: decoded, %80 is a byte no URL can hold.
                          Case{"http://api%80.example.com/v1", "characters DNS does not allow"},
                          Case{"https://exa mple.com/api", "not an absolute URL"},
                          Case{"", "not an absolute URL"}}) {
        CAPTURE(c.url);
        const auto root = ApiRoot::parse(c.url);
        REQUIRE(root.has_error());
        CHECK(root.error().is(errc::invalid_option));
        CHECK(root.error().details().option == "api_root");
        CHECK_MESSAGE(root.error().details().message.find(c.why) != std::string::npos, root.error().details().message);
    }
}

TEST_CASE("Percent-encoding leaves only unreserved characters") {
    CHECK(kit::percent_encode("+1234567890") == "%2B1234567890");
    CHECK(kit::percent_encode("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
    CHECK(kit::percent_encode("AZaz09-._~") == "AZaz09-._~");
}

TEST_CASE("Date widening crosses month and year boundaries") {
    CallQuery query;
    query.created_from = utc(2025, 1, 1, 0, 0, 0);
    query.created_to = utc(2025, 2, 28, 23, 59, 59);
    CHECK(kit::format_bound(*query.created_from, kit::ParamFormat::date_widened, false) == "2024-12-31");
    CHECK(kit::format_bound(*query.created_to, kit::ParamFormat::date_widened, true) == "2025-03-01");
}

TEST_CASE("Error bodies in every shape read for message code and fields") {
    struct Case {
        const char* body;
        const char* message;
        const char* code;
        std::size_t fields;
    };
    const Case cases[] = {
        {R"({"message":"m"})", "m", "", 0},
        {R"({"message":"m","errors":{"a":["x","y"],"b":"z"}})", "m", "", 2},
        {R"({"success":false,"message":"m"})", "m", "", 0},
        {R"({"success":false,"message":"m","code":"C"})", "m", "C", 0},
        {R"({"success":false,"message":"m","errors":{"a":["x"]}})", "m", "", 1},
        {R"({"error":{"code":"C","message":"m","details":{"a":["x"],"retry_after":5}}})", "m", "C", 1},
        {R"({"success":false,"error":{"code":"C","message":"m"}})", "m", "C", 0},
        {R"({"error":"UNAUTHORIZED","message":"m","status_code":401})", "m", "UNAUTHORIZED", 0},
        {R"({"error":"m"})", "m", "", 0},
        {R"({"success":false,"error":"m","error_code":"C"})", "m", "C", 0},
        {R"({"status":false,"error":"m"})", "m", "", 0},
        {R"(<html><body>Bad Gateway</body></html>)", "", "", 0},
        {R"([1,2,3])", "", "", 0},
        {"", "", "", 0},
    };
    for (const Case& c : cases) {
        CAPTURE(c.body);
        const kit::ErrorBody body = kit::read_error_body(c.body);
        CHECK(body.message == c.message);
        CHECK(body.code == c.code);
        CHECK(body.field_errors.size() == c.fields);
    }
    const auto fields = kit::read_error_body(R"({"errors":{"a":["x","y"],"b":"z","c":5}})").field_errors;
    CHECK(fields == std::vector<FieldError>{{"a", {"x", "y"}}, {"b", {"z"}}});
}

TEST_CASE("Classification by status when the body says nothing") {
    auto classify = [](int status, std::string body = "") {
        HttpResponse response;
        response.status = status;
        response.body = std::move(body);
        return kit::classify_error_response(response, "autocalls", context("main", 2));
    };
    CHECK(classify(401).is(errc::unauthorized));
    CHECK(classify(401).details().message == "the vendor rejected the credentials");
    CHECK(classify(403).is(errc::unauthorized));
    CHECK(classify(400).is(errc::rejected_by_vendor));
    CHECK(classify(422).is(errc::rejected_by_vendor));
    CHECK(classify(429).is(errc::rate_limited));
    CHECK(classify(500).is(errc::vendor_unavailable));
    CHECK(classify(502, "Bad gateway\n\n  from nginx").details().body_excerpt == "Bad gateway from nginx");
    CHECK(classify(599).is(errc::vendor_unavailable));
    CHECK(classify(301).is(errc::malformed_response));
    CHECK(classify(404).details().message == "not found; check the API root");
    CHECK(classify(418, "teapot").details().message == "unexpected HTTP status");
    CHECK(classify(418, "teapot").details().body_excerpt == "teapot");
    CHECK(classify(418).details().page == 2u);
    CHECK(classify(418).details().source == "main");
}

TEST_CASE("Body excerpts are folded and cut") {
    CHECK(kit::body_excerpt("a\n\tb\r\n c") == "a b c");
    CHECK(kit::body_excerpt("  lead") == "lead");
    CHECK(kit::body_excerpt(std::string(300, 'x'), 10) == "xxxxxxxxxx...");
    // Found by fuzz_error_bodies: a space before the cut made the excerpt one
    // longer than its limit.
    CHECK(kit::body_excerpt("xxxxxxxxx yz", 10) == "xxxxxxxxx...");
    // The cut never splits a UTF-8 character ("é" is two bytes).
    CHECK(kit::body_excerpt("xxxxxxxxx\xc3\xa9z", 10) == "xxxxxxxxx...");
    CHECK(kit::body_excerpt("xxxxxxxx\xc3\xa9z", 10) == "xxxxxxxx\xc3\xa9...");
    CHECK(kit::body_excerpt(std::string(300, 'x')).size() <= 203);
}

TEST_CASE("Wait hints: Retry-After in seconds or as an HTTP date") {
    const auto now = sys_days(year{2025} / 8 / 4) + hours(12);
    HttpResponse response;
    response.headers = {{"Retry-After", "7"}};
    CHECK(detail::read_wait_hints(response, now).retry_after == seconds(7));
    response.headers = {{"retry-after", "Mon, 04 Aug 2025 12:01:30 GMT"}};
    CHECK(detail::read_wait_hints(response, now).retry_after == seconds(90));
    response.headers = {{"Retry-After", "Mon, 04 Aug 2025 11:00:00 GMT"}};  // in the past
    CHECK(detail::read_wait_hints(response, now).retry_after == seconds(0));
    response.headers = {{"Retry-After", "soon"}};
    CHECK_FALSE(detail::read_wait_hints(response, now).retry_after.has_value());
}

TEST_CASE("Wait hints: X-RateLimit-Reset as epoch seconds or seconds to go and Remaining") {
    const auto now = sys_days(year{2025} / 8 / 4) + hours(12);
    const auto epoch = duration_cast<seconds>((now + seconds(42)).time_since_epoch()).count();
    HttpResponse response;
    response.headers = {{"X-RateLimit-Reset", std::to_string(epoch)}, {"X-RateLimit-Remaining", "0"}};
    auto hints = detail::read_wait_hints(response, now);
    CHECK(hints.reset_after == seconds(42));
    CHECK(hints.remaining == 0u);
    response.headers = {{"X-RateLimit-Reset", "30"}};
    CHECK(detail::read_wait_hints(response, now).reset_after == seconds(30));
}

TEST_CASE("Wait hints: retry_after in the body and the spec's order of preference") {
    const auto now = system_clock::now();
    HttpResponse response;
    response.body = R"({"message":"Too Many Attempts.","retry_after":60})";
    CHECK(detail::read_wait_hints(response, now).body_retry_after == seconds(60));
    response.body = R"({"error":{"code":"RATE_LIMIT_EXCEEDED","details":{"retry_after":"15"}}})";
    CHECK(detail::read_wait_hints(response, now).body_retry_after == seconds(15));

    response.headers = {{"X-RateLimit-Reset", "90"}};
    CHECK(detail::read_wait_hints(response, now).preferred() == seconds(15));  // body before reset
    response.headers.push_back({"Retry-After", "5"});
    CHECK(detail::read_wait_hints(response, now).preferred() == seconds(5));   // header first
    response.body.clear();
    response.headers = {{"X-RateLimit-Reset", "90"}};
    CHECK(detail::read_wait_hints(response, now).preferred() == seconds(90));
    response.headers.clear();
    CHECK_FALSE(detail::read_wait_hints(response, now).preferred().has_value());
}

TEST_CASE("HTTP dates") {
    CHECK(detail::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == sys_days(year{1994} / 11 / 6) + hours(8) +
                                                                           minutes(49) + seconds(37));
    CHECK_FALSE(detail::parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC").has_value());
    CHECK_FALSE(detail::parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT").has_value());
    CHECK_FALSE(detail::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").has_value());
}

}  // TEST_SUITE
