// HTTP-backed sources against a loopback HTTPS server: paging, every error
// shape, the retry and rate-limit policy (on a clock the test controls),
// redaction of the token, every completion token, cancellation.

#include <callbridge/http_source.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/providers.hpp>

#include "mock/certificates.hpp"
#include "mock/dataset.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_module.hpp"
#include "source/redaction.hpp"
#include <callbridge/testing/drain.hpp>
#include <callbridge/testing/fake_clock.hpp>
#include <callbridge/testing/fake_http_client.hpp>
#include "support/fixtures.hpp"
#include "support/secret_forms.hpp"
#include "support/temp_file.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <thread>

using namespace callbridge;
using namespace callbridge::test;
using namespace callbridge::testing;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

constexpr const char* token = "1|s3cr3t-T0KEN-value";

using Script = std::function<mock::ServerReply(const mock::ServerRequest&, int number)>;

// A loopback HTTPS server answering by script, and sources pointed at it.
struct Harness {
    mock::CertificateAuthority authority;
    TempFile ca_file{authority.certificate_pem()};
    std::mutex mutex;
    std::vector<mock::ServerRequest> requests;
    std::vector<std::chrono::steady_clock::time_point> arrivals;
    Script script;
    mock::HttpServer server;
    asio::io_context io;
    std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>(io.get_executor());
    std::vector<SourceEvent> events;

    explicit Harness(Script s, std::optional<mock::KeyAndCertificate> certificate = std::nullopt)
        : script(std::move(s)),
          server(mock::ServerOptions{.tls = certificate ? *certificate : mock::loopback_certificate(authority)},
                 [this](const mock::ServerRequest& request) {
                     int number = 0;
                     {
                         std::lock_guard lock(mutex);
                         requests.push_back(request);
                         arrivals.push_back(std::chrono::steady_clock::now());
                         number = static_cast<int>(requests.size());
                     }
                     return script(request, number);
                 }) {}

    SourceOptions options() {
        SourceOptions o;
        o.name = "main";
        o.api_root = server.base_url() + "/api";
        o.token = token;
        o.http.ca_files = {ca_file.path()};
        o.retry.jitter = 0;
        o.clock = clock;
        o.on_event = [this](const SourceEvent& event) { events.push_back(event); };
        return o;
    }

    std::shared_ptr<CallSource> source(std::shared_ptr<const Dialect> dialect = find_dialect("autocalls"),
                                       std::function<void(SourceOptions&)> adjust = {}) {
        SourceOptions o = options();
        if (adjust) adjust(o);
        auto made = make_http_source(io.get_executor(), std::move(dialect), std::move(o));
        REQUIRE_MESSAGE(made.has_value(), (made.has_error() ? made.error().message() : ""));
        return *made;
    }

    std::pair<Error, CallPage> page(CallSource& source, CallQuery query = {}, PageCursor cursor = {}) {
        std::pair<Error, CallPage> outcome;
        source.async_list_page(std::move(query), std::move(cursor),
                               [&](Error e, CallPage p) { outcome = {std::move(e), std::move(p)}; });
        io.restart();
        io.run();
        return outcome;
    }

    std::size_t request_count() {
        std::lock_guard lock(mutex);
        return requests.size();
    }
};

// Autocalls pages of a generated data set, as the vendor would serve them.
Script autocalls_pages(std::shared_ptr<mock::Dataset> data) {
    return [data](const mock::ServerRequest& request, int) {
        std::vector<const mock::MockCall*> calls;
        for (const auto& c : data->calls()) calls.push_back(&c);
        const auto page = static_cast<std::uint32_t>(std::stoul(request.param("page").value_or("1")));
        const auto per_page = static_cast<std::uint32_t>(std::stoul(request.param("per_page").value_or("15")));
        return mock::ServerReply::json(200, mock::render_page("autocalls", calls, page, per_page));
    };
}

mock::ServerReply reply(int status, std::string body, HttpHeaders headers = {}) {
    auto r = mock::ServerReply::json(status, std::move(body));
    r.headers.insert(r.headers.end(), headers.begin(), headers.end());
    return r;
}

// Fails `failures` times with `failure`, then serves an empty page.
Script fail_then_succeed(int failures, mock::ServerReply failure) {
    return [=](const mock::ServerRequest&, int number) {
        return number <= failures ? failure : reply(200, fixture("autocalls/empty-page.json"));
    };
}

std::vector<std::chrono::milliseconds> ms(std::initializer_list<std::int64_t> values) {
    std::vector<std::chrono::milliseconds> out;
    for (auto v : values) out.emplace_back(v);
    return out;
}

// A dialect as another, noting the threads its pages were parsed on.
class ThreadNotingDialect : public Dialect {
public:
    explicit ThreadNotingDialect(std::shared_ptr<const Dialect> inner) : inner_(std::move(inner)) {}
    std::string_view provider() const noexcept override { return inner_->provider(); }
    std::string_view default_api_root() const noexcept override { return inner_->default_api_root(); }
    bool pages_by_number() const noexcept override { return inner_->pages_by_number(); }
    boost::system::result<QueryPlan, Error> plan(const CallQuery& query) const override { return inner_->plan(query); }
    HttpRequest page_request(const SourceAccess& access, const QueryPlan& plan, const PageCursor& cursor,
                             int page_size) const override {
        return inner_->page_request(access, plan, cursor, page_size);
    }
    boost::system::result<CallPage, Error> parse_page(std::string_view body, const PageContext& context) const override {
        {
            std::lock_guard lock(mutex_);
            threads_.insert(std::this_thread::get_id());
        }
        return inner_->parse_page(body, context);
    }
    Error classify_error(const HttpResponse& response, const PageContext& context) const override {
        return inner_->classify_error(response, context);
    }
    std::set<std::thread::id> threads() const {
        std::lock_guard lock(mutex_);
        return threads_;
    }

private:
    std::shared_ptr<const Dialect> inner_;
    mutable std::mutex mutex_;
    mutable std::set<std::thread::id> threads_;
};

}  // namespace

TEST_SUITE("source") {

TEST_CASE("Paging over several pages: every call once newest first") {
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 250, 7);
    Harness h(autocalls_pages(data));
    auto source = h.source();
    CHECK(source->name() == "main");
    CHECK(source->provider() == "autocalls");
    std::vector<CallRecord> all;
    PageCursor cursor;
    for (int guard = 0; guard < 10; ++guard) {
        auto [error, page] = h.page(*source, {}, cursor);
        REQUIRE_MESSAGE(!error, error.message());
        CHECK(page.info.total == 250u);
        CHECK(page.info.last_page == 3u);
        for (auto& r : page.records) all.push_back(std::move(r));
        if (!page.info.next) break;
        cursor = *page.info.next;
    }
    REQUIRE(all.size() == 250);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < all.size(); ++i) {
        ids.insert(all[i].id);
        CHECK(all[i].source == "main");
        if (i > 0) CHECK(all[i - 1].created_at >= all[i].created_at);
    }
    CHECK(ids.size() == 250);
    REQUIRE(h.request_count() == 3);
    CHECK(h.requests[2].target == "/api/user/calls?page=3&per_page=100");
    CHECK(find_header(h.requests[0].headers, "Authorization") == std::string("Bearer ") + token);
    CHECK(find_header(h.requests[0].headers, "Accept") == "application/json");
    CHECK(h.server.stats().tls_handshakes == 1);  // one connection for all pages
}

TEST_CASE("Records the vendor cannot filter are filtered locally") {
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 100, 3);
    Harness h(autocalls_pages(data));
    CallQuery query;
    query.search = "+4072";  // Autocalls has no search: fetched whole, matched here
    auto [error, page] = h.page(*h.source(), query);
    REQUIRE_FALSE(error);
    CHECK(page.info.vendor_records == 100);
    CHECK_FALSE(page.records.empty());
    CHECK(page.records.size() < 100);
    for (const auto& r : page.records) CHECK(r.customer_number->find("+4072") != std::string::npos);
    CHECK(h.requests[0].target == "/api/user/calls?page=1&per_page=100");
}

TEST_CASE("Queries refused before any request") {
    Harness h(fail_then_succeed(0, {}));
    auto talkover = h.source(find_dialect("talkover"));
    CallQuery campaign;
    campaign.campaign_id = "4";
    auto [refused, none] = h.page(*talkover, campaign);
    CHECK(refused.is(errc::unsupported_filter));
    CHECK(refused.details().source == "main");
    CHECK(talkover->check_query(campaign).is(errc::unsupported_filter));

    CallQuery agent;
    agent.agent_id = "sales";
    CHECK(h.page(*h.source(), agent).first.is(errc::invalid_query));

    CallQuery web;
    web.direction = Direction::web;
    auto [nothing_error, nothing] = h.page(*talkover, web);
    CHECK_FALSE(nothing_error);
    CHECK(nothing.records.empty());
    CHECK_FALSE(nothing.info.next.has_value());
    CHECK(h.request_count() == 0);
}

TEST_CASE("Error bodies of every shape become typed errors naming the source and page") {
    struct Case {
        std::shared_ptr<const Dialect> dialect;
        int status;
        const char* file;
        errc kind;
        const char* message;
    };
    const Case cases[] = {
        {find_dialect("autocalls"), 401, "autocalls/errors/401-unauthenticated.json", errc::unauthorized, "Unauthenticated."},
        {find_dialect("autocalls"), 403, "autocalls/errors/403-status-false.json", errc::unauthorized,
         "Your subscription has expired"},
        {find_dialect("autocalls"), 422, "autocalls/errors/422-validation.json", errc::rejected_by_vendor,
         "The selected status is invalid. (and 1 more error)"},
        {find_dialect("autocalls"), 429, "autocalls/errors/429-too-many-attempts.json", errc::rate_limited,
         "Too Many Attempts."},
        {find_dialect("autocalls"), 500, "autocalls/errors/500-server-error.html", errc::vendor_unavailable, ""},
        {find_dialect("talkover"), 401, "talkover/errors/401-error-string-and-message.json", errc::unauthorized,
         "Missing or invalid environment token (UNAUTHORIZED)"},
        {find_dialect("talkover"), 422, "talkover/errors/422-error-object.json", errc::rejected_by_vendor,
         "Query parameter validation failed (VALIDATION_ERROR)"},
        {find_dialect("talkover"), 429, "talkover/errors/429-success-false.json", errc::rate_limited,
         "Too many requests. Please try again later."},
        {find_dialect("talkover"), 500, "talkover/errors/500-documented.json", errc::vendor_unavailable,
         "Internal server error."},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        const std::string body = fixture(c.file);
        Harness h([&](const mock::ServerRequest&, int) { return reply(c.status, body); });
        auto source = h.source(c.dialect, [](SourceOptions& o) { o.retry.max_retries = 0; });
        auto [error, page] = h.page(*source, {}, PageCursor{4, {}});
        REQUIRE(error.is(c.kind));
        CHECK(error.details().message == c.message);
        CHECK(error.details().http_status == c.status);
        CHECK(error.details().source == "main");
        CHECK(error.details().page == 4u);
        if (c.status == 422) CHECK_FALSE(error.details().field_errors.empty());
        CHECK(h.request_count() == 1);
    }
}

TEST_CASE("5xx is retried with exponential backoff then succeeds") {
    Harness h(fail_then_succeed(2, reply(503, R"({"message":"Service Unavailable"})")));
    auto [error, page] = h.page(*h.source());
    REQUIRE_MESSAGE(!error, error.message());
    CHECK(h.request_count() == 3);
    CHECK(h.clock->waits() == ms({500, 1000}));
}

TEST_CASE("Backoff is capped and gives up after the retry budget") {
    Harness h(fail_then_succeed(100, reply(500, "<html>oops</html>")));
    auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) {
        o.retry.max_retries = 5;
        o.retry.base_delay = 1000ms;
        o.retry.max_delay = 3000ms;
    });
    auto [error, page] = h.page(*source);
    REQUIRE(error.is(errc::vendor_unavailable));
    CHECK(error.details().body_excerpt == "<html>oops</html>");
    CHECK(h.request_count() == 6);
    CHECK(h.clock->waits() == ms({1000, 2000, 3000, 3000, 3000}));
}

TEST_CASE("Jitter shortens backoffs by up to its fraction") {
    Harness h(fail_then_succeed(100, reply(502, "")));
    auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) {
        o.retry.max_retries = 20;
        o.retry.jitter = 0.5;
        o.retry.max_delay = 1000ms;
    });
    h.page(*source);
    const auto waits = h.clock->waits();
    REQUIRE(waits.size() == 20);
    std::set<std::int64_t> distinct;
    for (std::size_t i = 2; i < waits.size(); ++i) {  // past the doubling: the cap is 1000 ms
        CHECK(waits[i] >= 500ms);
        CHECK(waits[i] <= 1000ms);
        distinct.insert(waits[i].count());
    }
    CHECK(distinct.size() > 1);
}

TEST_CASE("Wait hints: Retry-After in seconds") {
    Harness h(fail_then_succeed(1, reply(429, R"({"message":"Too Many Attempts."})", {{"Retry-After", "7"}})));
    auto [error, page] = h.page(*h.source());
    REQUIRE_FALSE(error);
    CHECK(h.clock->waits() == ms({7000}));
}

TEST_CASE("Wait hints: Retry-After as an HTTP date against the source's clock") {
    // The fake clock reads 2025-08-04T12:00:00Z.
    Harness h(fail_then_succeed(1, reply(503, "", {{"Retry-After", "Mon, 04 Aug 2025 12:00:42 GMT"}})));
    auto [error, page] = h.page(*h.source());
    REQUIRE_FALSE(error);
    CHECK(h.clock->waits() == ms({42000}));
}

TEST_CASE("Wait hints: retry_after in the body top level (Autocalls) or in error.details (Talkover)") {
    {
        Harness h(fail_then_succeed(1, reply(429, fixture("autocalls/errors/429-too-many-attempts.json"))));
        REQUIRE_FALSE(h.page(*h.source()).first);
        CHECK(h.clock->waits() == ms({60000}));
    }
    {
        Harness h([](const mock::ServerRequest&, int number) {
            return number == 1 ? reply(429, fixture("talkover/errors/429-error-object.json"))
                               : reply(200, fixture("talkover/empty-page.json"));
        });
        REQUIRE_FALSE(h.page(*h.source(find_dialect("talkover"))).first);
        CHECK(h.clock->waits() == ms({60000}));
    }
}

TEST_CASE("Wait hints: X-RateLimit-Reset when nothing else says") {
    const std::string reset = "1754308815";  // the fake clock's start + 15 s
    Harness h(fail_then_succeed(1, reply(429, R"({"success":false,"message":"slow down"})",
                                         {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", reset}})));
    REQUIRE_FALSE(h.page(*h.source()).first);
    CHECK(h.clock->waits() == ms({15000}));
}

TEST_CASE("Wait hints in the spec's order: Retry-After then body then reset") {
    Harness h(fail_then_succeed(1, reply(429, R"({"retry_after":60})",
                                         {{"X-RateLimit-Reset", "90"}, {"Retry-After", "5"}})));
    REQUIRE_FALSE(h.page(*h.source()).first);
    CHECK(h.clock->waits() == ms({5000}));
}

TEST_CASE("A wait longer than allowed fails at once as rate limited") {
    Harness h(fail_then_succeed(1, reply(429, R"({"message":"Too Many Attempts."})", {{"Retry-After", "3600"}})));
    auto [error, page] = h.page(*h.source());
    REQUIRE(error.is(errc::rate_limited));
    CHECK(error.details().retry_after == std::chrono::seconds(3600));
    CHECK(error.message().find("retry after 3600 s") != std::string::npos);
    CHECK(h.request_count() == 1);
    CHECK(h.clock->waits().empty());
}

TEST_CASE("When X-RateLimit-Remaining reaches 0 the source pauses until the reset") {
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 30, 5);
    auto pages = autocalls_pages(data);
    Harness h([&](const mock::ServerRequest& request, int number) {
        auto r = pages(request, number);
        r.headers.push_back({"X-RateLimit-Limit", "100"});
        r.headers.push_back({"X-RateLimit-Remaining", number == 1 ? "0" : "50"});
        r.headers.push_back({"X-RateLimit-Reset", "1754308830"});  // start + 30 s
        return r;
    });
    auto source = h.source();
    CallQuery query;
    query.page_size = 10;
    REQUIRE_FALSE(h.page(*source, query, PageCursor{1, {}}).first);
    CHECK(h.clock->waits().empty());
    REQUIRE_FALSE(h.page(*source, query, PageCursor{2, {}}).first);
    CHECK(h.clock->waits() == ms({30000}));  // waited instead of provoking a 429
    REQUIRE_FALSE(h.page(*source, query, PageCursor{3, {}}).first);
    CHECK(h.clock->waits().size() == 1);
    const bool reported = std::any_of(h.events.begin(), h.events.end(), [](const SourceEvent& e) {
        return e.kind == SourceEvent::Kind::wait && e.delay == 30000ms;
    });
    CHECK(reported);
}

TEST_CASE("A request-rate ceiling spaces requests") {
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 30, 5);
    Harness h(autocalls_pages(data));
    auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) { o.rate_limit.max_requests_per_second = 2; });
    for (std::uint32_t page = 1; page <= 3; ++page) REQUIRE_FALSE(h.page(*source, {}, PageCursor{page, {}}).first);
    CHECK(h.clock->waits() == ms({500, 500}));
}

TEST_CASE("Retry-After honoured on the real clock: measured gap between requests") {
    Harness h(fail_then_succeed(1, reply(429, "{}", {{"Retry-After", "1"}})));
    auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) { o.clock = nullptr; });
    REQUIRE_FALSE(h.page(*source).first);
    REQUIRE(h.arrivals.size() == 2);
    CHECK(h.arrivals[1] - h.arrivals[0] >= 950ms);
}

TEST_CASE("A connection cut mid-body is retried") {
    Harness h([](const mock::ServerRequest&, int number) {
        auto r = reply(200, fixture("autocalls/documented-example.json"));
        if (number == 1) r.fault = mock::ServerReply::Fault::cut_mid_body;
        return r;
    });
    auto [error, page] = h.page(*h.source());
    REQUIRE_MESSAGE(!error, error.message());
    CHECK(page.records.size() == 1);
    CHECK(h.request_count() == 2);
    CHECK(h.clock->waits() == ms({500}));
}

TEST_CASE("A refused certificate is not retried and the token is never sent") {
    mock::CertificateAuthority stranger("stranger");
    Harness h(fail_then_succeed(0, {}), mock::loopback_certificate(stranger));
    auto [error, page] = h.page(*h.source());
    REQUIRE(error.is(errc::transport));
    CHECK(error.details().stage == TransportStage::tls_handshake);
    CHECK(h.server.stats().connections == 1);
    CHECK(h.request_count() == 0);
    CHECK(h.clock->waits().empty());
}

TEST_CASE("A body that is not JSON is a malformed response naming source and page") {
    Harness h([](const mock::ServerRequest&, int) { return reply(200, "<html>maintenance</html>"); });
    auto [error, page] = h.page(*h.source(), {}, PageCursor{2, {}});
    REQUIRE(error.is(errc::malformed_response));
    CHECK(error.message().starts_with("source 'main' (autocalls), page 2: malformed response"));
    CHECK(h.request_count() == 1);  // not retried
}

TEST_CASE("A gzip body is asked for and inflated and any other encoding is reported not parsed") {
    {
        Harness h([](const mock::ServerRequest&, int) { return reply(200, fixture("autocalls/documented-example.json")); });
        auto [error, page] = h.page(*h.source());
        REQUIRE_FALSE(error);
        CHECK(page.records.size() == 1);
        REQUIRE(h.requests.size() == 1);
        CHECK(find_header(h.requests[0].headers, "Accept-Encoding") == "gzip");
    }
    auto encoded = [](int status, std::string body, std::optional<std::string> encoding) {
        mock::ServerReply r = reply(status, std::move(body));
        if (encoding) r.headers.push_back({"Content-Encoding", *encoding});
        return r;
    };
    {
        Harness h([&](const mock::ServerRequest&, int) { return encoded(200, "\x1b\x03\x00\x00", "br"); });
        const Error e = h.page(*h.source()).first;
        REQUIRE(e.is(errc::malformed_response));
        CHECK(e.message() == "source 'main' (autocalls), page 1: malformed response: the response is encoded "
                             "(Content-Encoding: br), which callbridge does not ask for and cannot read [HTTP 200]");
    }
    {
        // gzip inside gzip: what is left after inflating is gzip again.
        Harness h([&](const mock::ServerRequest&, int) { return encoded(200, mock::gzip(mock::gzip("{}")), "gzip"); });
        const Error e = h.page(*h.source()).first;
        REQUIRE(e.is(errc::malformed_response));
        CHECK(e.message().find("encoded (gzip, though no Content-Encoding says so)") != std::string::npos);
    }
    {
        Harness h([&](const mock::ServerRequest&, int) { return encoded(500, "\x1b\x03\x00\x00", "br"); });
        auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) { o.retry.max_retries = 0; });
        const Error e = h.page(*source).first;
        REQUIRE(e.is(errc::vendor_unavailable));
        CHECK(e.details().body_excerpt.empty());  // no binary excerpt
        CHECK(e.message().find("the body is encoded (Content-Encoding: br), not read [HTTP 500]") != std::string::npos);
    }
}

TEST_CASE("The token appears in no error and no event even when the server echoes it") {
    auto echo = [](const mock::ServerRequest& request, int number) {
        const std::string authorization(find_header(request.headers, "Authorization").value_or(""));
        switch (number) {
            case 1: return reply(401, R"({"message":"bad token )" + authorization + R"("})");
            case 2: return reply(422, R"({"message":"x","errors":{")" + authorization + R"(":[")" + authorization + R"("]}})");
            case 3: return reply(500, "<p>" + authorization + "</p>");
            default: {
                std::string page = fixture("autocalls/last-page.json");
                const auto at = page.find("2025-08-01 08:15:00");
                page.replace(at, 19, authorization);
                return reply(200, page);
            }
        }
    };
    Harness h(echo);
    auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) { o.retry.max_retries = 0; });
    std::vector<Error> errors;
    for (int i = 0; i < 4; ++i) errors.push_back(h.page(*source, {}, PageCursor{3, {}}).first);
    for (const Error& e : errors) {
        REQUIRE(e.failed());
        CAPTURE(e.message());
        CHECK(e.message().find(token) == std::string::npos);
        CHECK(e.message().find("s3cr3t") == std::string::npos);
        CHECK(e.message().find("[REDACTED]") != std::string::npos);
    }
    REQUIRE_FALSE(h.events.empty());
    for (const SourceEvent& event : h.events) {
        CHECK(event.error.message().find("s3cr3t") == std::string::npos);
        CHECK(event.request.target.find("s3cr3t") == std::string::npos);
        for (const auto& header : event.request.headers) CHECK(header.value.find("s3cr3t") == std::string::npos);
    }
}

TEST_CASE("A token echoed in a page that parses reaches no record whether parsed on the strand or a parse thread") {
    // The body is redacted as it arrives, before either thread parses it.
    auto echo = [](const mock::ServerRequest& request, int) {
        const std::string authorization(find_header(request.headers, "Authorization").value_or(""));
        std::string page = fixture("autocalls/last-page.json");
        const auto at = page.find("\"Hello?\"");
        page.replace(at, 8, "\"Hello? " + authorization + "\"");
        return reply(200, page);
    };
    Harness h(echo);
    asio::thread_pool parse_pool(1);
    for (const bool on_parse_thread : {false, true}) {
        CAPTURE(on_parse_thread);
        auto source = h.source(find_dialect("autocalls"), [&](SourceOptions& o) {
            if (on_parse_thread) o.parse_executor = parse_pool.get_executor();
        });
        const auto [error, page] = h.page(*source, {}, PageCursor{3, {}});
        REQUIRE_FALSE(error);
        REQUIRE_FALSE(page.records.empty());
        bool echoed = false;
        for (const CallRecord& record : page.records) {
            const std::string line = to_json(record, {.include_raw = true});
            CHECK(line.find("s3cr3t") == std::string::npos);
            echoed = echoed || line.find("Hello? Bearer [REDACTED]") != std::string::npos;
        }
        CHECK(echoed);
    }
}

TEST_CASE("The event hook sees requests with Authorization redacted responses and retries") {
    Harness h(fail_then_succeed(1, reply(503, "")));
    REQUIRE_FALSE(h.page(*h.source()).first);
    std::vector<SourceEvent::Kind> kinds;
    for (const auto& e : h.events) kinds.push_back(e.kind);
    using K = SourceEvent::Kind;
    CHECK(kinds == std::vector{K::request, K::response, K::retry, K::request, K::response});
    CHECK(find_header(h.events[0].request.headers, "Authorization") == "REDACTED");
    CHECK(find_header(h.events[0].request.headers, "Accept") == "application/json");
    CHECK(describe(h.events[0].request) == "GET " + h.server.base_url() + "/api/user/calls?page=1&per_page=100");
    CHECK(h.events[1].status == 503);
    CHECK_FALSE(h.events[1].page_answered);
    CHECK(h.events[2].delay == 500ms);
    CHECK(h.events[2].error.is(errc::vendor_unavailable));
    CHECK(h.events[3].attempt == 2);
    CHECK(h.events[4].page_answered);  // the page is read next: its connection is free
}

TEST_CASE("A list answer followed by the calls' details is not told as the page's answer") {
    Harness h([](const mock::ServerRequest&, int) {
        return reply(200, R"({"current_page":1,"data":[],"last_page":1,"per_page":100,"total":0})");
    });
    auto source = h.source();
    bool done = false;
    source->async_list_page(ListPageRequest{CallQuery{}, PageCursor{}, /*details=*/true}, [&](Error e, CallPage) {
        CHECK_FALSE(e);
        done = true;
    });
    h.io.run();
    REQUIRE(done);
    REQUIRE_FALSE(h.events.empty());
    for (const auto& e : h.events) CHECK_FALSE(e.page_answered);
}

TEST_CASE("Completion tokens: callback use_future use_awaitable and deferred") {
    Harness h(fail_then_succeed(0, {}));
    auto source = h.source();

    SUBCASE("callback") {
        bool called = false;
        source->async_list_page({}, {}, [&](Error e, CallPage p) {
            called = true;
            CHECK_FALSE(e);
            CHECK(p.info.total == 0u);
        });
        h.io.run();
        CHECK(called);
    }
    SUBCASE("use_future") {
        auto future = source->async_list_page({}, {}, asio::use_future);
        std::thread runner([&] { h.io.run(); });
        auto [error, page] = future.get();
        runner.join();
        CHECK_FALSE(error);
        CHECK(page.info.total == 0u);
    }
    SUBCASE("use_awaitable") {
        std::optional<std::uint64_t> total;
        asio::co_spawn(
            h.io,
            [&]() -> asio::awaitable<void> {
                CallQuery query;
                PageCursor cursor;
                auto [error, page] = co_await source->async_list_page(query, cursor, asio::use_awaitable);
                CHECK_FALSE(error);
                total = page.info.total;
            },
            asio::detached);
        h.io.run();
        CHECK(total == 0u);
    }
    SUBCASE("deferred") {
        auto operation = source->async_list_page({}, {}, asio::deferred);
        CHECK(h.request_count() == 0);  // nothing happens until it is started
        bool called = false;
        std::move(operation)([&](Error e, CallPage) {
            called = true;
            CHECK_FALSE(e);
        });
        h.io.run();
        CHECK(called);
    }
    SUBCASE("blocking") {
        auto page = source->list_page(h.io, {});
        REQUIRE(page.has_value());
        CHECK(page->info.total == 0u);
    }
}

TEST_CASE("Cancellation: of a request in flight and of a retry wait") {
    SUBCASE("in flight") {
        Harness h([](const mock::ServerRequest&, int) {
            mock::ServerReply r;
            r.fault = mock::ServerReply::Fault::stall;
            return r;
        });
        auto source = h.source();
        asio::cancellation_signal cancel;
        std::optional<Error> outcome;
        source->async_list_page({}, {}, asio::bind_cancellation_slot(cancel.slot(), [&](Error e, CallPage) { outcome = e; }));
        asio::steady_timer timer(h.io, 200ms);
        timer.async_wait([&](auto) { cancel.emit(asio::cancellation_type::terminal); });
        h.io.run();
        REQUIRE(outcome.has_value());
        CHECK(outcome->code() == asio::error::operation_aborted);
    }
    SUBCASE("waiting to retry") {
        Harness h(fail_then_succeed(1, reply(429, "{}", {{"Retry-After", "60"}})));
        auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) { o.clock = nullptr; });
        asio::cancellation_signal cancel;
        std::optional<Error> outcome;
        const auto started = std::chrono::steady_clock::now();
        source->async_list_page({}, {}, asio::bind_cancellation_slot(cancel.slot(), [&](Error e, CallPage) { outcome = e; }));
        asio::steady_timer timer(h.io, 300ms);
        timer.async_wait([&](auto) { cancel.emit(asio::cancellation_type::terminal); });
        h.io.run();
        REQUIRE(outcome.has_value());
        CHECK(outcome->code() == asio::error::operation_aborted);
        CHECK(std::chrono::steady_clock::now() - started < 30s);
        CHECK(h.request_count() == 1);
    }
}

TEST_CASE("A 5xx is retried with backoff even when rate-limit headers say to wait longer") {
    Harness h(fail_then_succeed(1, reply(503, "", {{"X-RateLimit-Remaining", "40"}, {"X-RateLimit-Reset", "1754312400"}})));
    REQUIRE_FALSE(h.page(*h.source()).first);
    CHECK(h.clock->waits() == ms({500}));  // not the hour to the reset
}

TEST_CASE("A token echoed across the cut of a body excerpt leaves no piece of it") {
    const std::string padding(190, 'p');
    Harness h([&](const mock::ServerRequest& r, int) {
        return reply(500, padding + std::string(find_header(r.headers, "Authorization").value_or("")));
    });
    auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) { o.retry.max_retries = 0; });
    const Error e = h.page(*source).first;
    REQUIRE(e.is(errc::vendor_unavailable));
    CHECK(e.details().body_excerpt.find("1|s3c") == std::string::npos);
    CHECK(e.message().find("s3c") == std::string::npos);
}

TEST_CASE("A token echoed in any form in any error body shape cannot be read from the error") {
    // The server echoes the request's Authorization header as vendors do:
    // raw, JSON-escaped (PHP, .NET), percent-encoded, in Basic credentials,
    // and where an excerpt is cut.
    const std::string pad(200, 'p');
    using Body = std::function<mock::ServerReply(const std::string& echoed)>;
    std::vector<std::pair<std::string, Body>> shapes{
        {"401 message", [](const std::string& f) { return reply(401, R"({"message":"bad token Bearer )" + f + R"("})"); }},
        {"403 error object", [](const std::string& f) {
             return reply(403, R"({"error":{"code":"FORBIDDEN","message":"key )" + f + R"( lacks a scope"}})");
         }},
        {"422 field errors", [](const std::string& f) {
             return reply(422, R"({"message":"invalid","errors":{")" + f + R"(":[")" + f + R"( is not valid"]}})");
         }},
        {"400 text", [](const std::string& f) { return reply(400, "bad request: Authorization: Bearer " + f); }},
        {"429 message", [](const std::string& f) { return reply(429, R"({"message":"slow down )" + f + R"("})"); }},
        {"500 text", [](const std::string& f) { return reply(500, "<pre>Authorization: Bearer " + f + "</pre>"); }},
        {"500 JSON without message", [](const std::string& f) {
             return reply(500, R"({"debug":{"headers":{"authorization":"Bearer )" + f + R"("}}})");
         }},
        {"404 message", [](const std::string& f) { return reply(404, R"({"message":"no route for )" + f + R"("})"); }},
        {"302 Location", [](const std::string& f) {
             return reply(302, "", {{"Location", "https://login.example.com/?token=" + f}});
         }},
        {"200 not JSON", [](const std::string& f) { return reply(200, "<html>" + f + "</html>"); }},
        {"200 without data", [](const std::string& f) { return reply(200, R"({"message":")" + f + R"("})"); }},
        {"418 unexpected", [](const std::string& f) { return reply(418, "teapot " + f); }},
    };
    // The excerpt (200 characters) and the message's share of it (120) cut
    // inside the echoed token, wherever it falls.
    for (std::size_t before : {75, 85, 95, 105, 115, 160, 170, 180, 190, 196})
        shapes.emplace_back("500 cut after " + std::to_string(before), [before, pad](const std::string& f) {
            return reply(500, pad.substr(0, before) + " " + f + " and more");
        });

    std::size_t shape = 0;
    std::size_t form = 0;
    Harness h([&](const mock::ServerRequest& request, int) {
        const std::string authorization(find_header(request.headers, "Authorization").value_or(""));
        const std::string echoed_token = authorization.substr(authorization.find(' ') + 1);
        return shapes[shape].second(secret_forms(echoed_token)[form].text);
    });
    auto source = h.source(find_dialect("autocalls"), [](SourceOptions& o) {
        o.token = std::string(awkward_token);
        o.retry.max_retries = 0;
    });
    const auto forms = secret_forms(awkward_token);
    for (shape = 0; shape < shapes.size(); ++shape) {
        for (form = 0; form < forms.size(); ++form) {
            CAPTURE(shapes[shape].first);
            CAPTURE(forms[form].name);
            h.events.clear();
            const Error e = h.page(*source).first;
            REQUIRE(e.failed());
            std::string said = e.message() + " " + e.details().body_excerpt + " " + e.details().field;
            for (const auto& field : e.details().field_errors) {
                said += " " + field.field;
                for (const auto& message : field.messages) said += " " + message;
            }
            for (const SourceEvent& event : h.events) said += " " + event.error.message() + " " + event.request.target;
            CAPTURE(said);
            CHECK_FALSE(secret_readable_in(said, awkward_token, 5));
        }
    }
}

TEST_CASE("Redaction ends even when the token is part of its own mark") {
    CHECK(detail::Redactor({"REDACTED"}).redact("a REDACTED b REDACTED") == "a [REDACTED] b [REDACTED]");
    CHECK(detail::Redactor({""}).redact("x") == "x");
}

TEST_CASE("An event handler may unsubscribe itself") {
    Harness h(fail_then_succeed(0, {}));
    auto source = h.source();
    std::uint64_t id = 0;
    int calls = 0;
    id = source->add_event_handler([&](const SourceEvent&) {
        ++calls;
        source->remove_event_handler(id);  // must not deadlock
    });
    REQUIRE_FALSE(h.page(*source).first);
    REQUIRE_FALSE(h.page(*source).first);
    CHECK(calls == 1);
}

TEST_CASE("A page cancelled while it waits to retry completes with operation_aborted") {
    asio::io_context io;
    auto client = std::make_shared<FakeHttpClient>(
        io.get_executor(), [](const HttpRequest&) { return HttpResponse{503, {}, ""}; }, 100ms);
    SourceOptions options;
    options.token = token;
    auto source = make_http_source(find_dialect("autocalls"), client, options);
    REQUIRE(source.has_value());
    asio::cancellation_signal cancel;
    std::optional<Error> outcome;
    (*source)->async_list_page({}, {}, asio::bind_cancellation_slot(cancel.slot(), [&](Error e, CallPage) { outcome = e; }));
    asio::steady_timer timer(io, 20ms);
    timer.async_wait([&](auto) { cancel.emit(asio::cancellation_type::terminal); });
    io.run();
    REQUIRE(outcome.has_value());
    CHECK(outcome->code() == asio::error::operation_aborted);
    CHECK(client->requests() == 1);
}

TEST_CASE("A source failing with pages in flight cancels them safely") {
    // Page N answers 422 while the listing has up to 8 other pages in flight:
    // their cancellations cross from the listing's strand to the source's.
    for (int failing = 2; failing <= 9; ++failing) {
        CAPTURE(failing);
        asio::io_context io(1);
        auto client = std::make_shared<FakeHttpClient>(io.get_executor(), [failing](const HttpRequest& request) {
            const int page = FakeHttpClient::page_of(request);
            if (page == failing) return HttpResponse{422, {}, R"({"success":false,"message":"bad","errors":{"x":["y"]}})"};
            std::string data;
            for (int i = 0; i < 2; ++i) {
                const int n = 1000 - (page - 1) * 2 - i;
                const std::string at = format_rfc3339(utc(2025, 1, 1, 0, 0, 0) + std::chrono::minutes(n));
                data += (data.empty() ? "" : ",") + std::string(R"({"id":"c)") + std::to_string(n) +
                        R"(","direction":"outbound","status":"completed","created_at":")" + at +
                        R"(","updated_at":")" + at + R"("})";
            }
            return HttpResponse{200, {}, R"({"success":true,"data":[)" + data + R"(],"pagination":{"current_page":)" +
                                             std::to_string(page) + R"(,"last_page":50,"per_page":2,"total":100}})"};
        });
        SourceOptions options;
        options.token = token;
        auto source = make_http_source(find_dialect("talkover"), client, options);
        REQUIRE(source.has_value());
        CallQuery query;
        query.page_size = 2;
        Listing listing(io.get_executor(), {*source}, query, {.concurrency = 8});
        const Drained out = drain(io, listing);
        io.run();  // the cancellations still on their way
        REQUIRE(out.failures.size() == 1);
        CHECK(out.failures[0].is(errc::rejected_by_vendor));
        CHECK(out.records.size() == static_cast<std::size_t>(2 * (failing - 1)));
    }
}

TEST_CASE("Options refused when a source is made") {
    asio::io_context io;
    auto make = [&](std::function<void(SourceOptions&)> adjust) {
        SourceOptions o;
        o.token = token;
        adjust(o);
        return make_http_source(io.get_executor(), find_dialect("autocalls"), std::move(o));
    };
    auto insecure = make([](SourceOptions& o) { o.api_root = "http://127.0.0.1:8080/api"; });
    REQUIRE(insecure.has_error());
    CHECK(insecure.error().is(errc::invalid_option));
    CHECK(insecure.error().details().option == "api_root");
    CHECK(insecure.error().details().message.find("clear text") != std::string::npos);
    CHECK(make([](SourceOptions& o) {
              o.api_root = "http://127.0.0.1:8080/api";
              o.allow_insecure_http = true;
          }).has_value());
    CHECK(make([](SourceOptions& o) { o.token.clear(); }).error().details().option == "token");
    const auto short_token = make([](SourceOptions& o) { o.token = "t"; });
    REQUIRE(short_token.has_error());
    CHECK(short_token.error().details().option == "token");
    CHECK(short_token.error().details().message.find("shorter than 8") != std::string::npos);
    CHECK(make([](SourceOptions& o) { o.token = "abc\r\nX-Evil: 1"; }).error().details().option == "token");
    CHECK(make([](SourceOptions& o) { o.api_root = "not a url"; }).error().details().option == "api_root");
    CHECK(make([](SourceOptions& o) { o.http.ca_files = {"/missing.pem"}; }).error().details().option == "ca_file");
    auto defaults = make([](SourceOptions&) {});
    REQUIRE(defaults.has_value());
    CHECK((*defaults)->name() == "autocalls");
}

TEST_CASE("Plain http works against an http:// root when allowed") {
    mock::HttpServer plain(mock::ServerOptions{}, [](const mock::ServerRequest&) {
        return mock::ServerReply::json(200, fixture("talkover/documented-example.json"));
    });
    asio::io_context io;
    SourceOptions o;
    o.token = "talq_test-1";
    o.api_root = plain.base_url() + "/api/v1";
    o.allow_insecure_http = true;
    auto source = make_http_source(io.get_executor(), find_dialect("talkover"), o);
    REQUIRE(source.has_value());
    auto page = (*source)->list_page(io, {});
    REQUIRE(page.has_value());
    CHECK(page->records.size() == 2);
    CHECK(page->records[0].source == "talkover");
}

TEST_CASE("With a parse executor pages are parsed on its thread and list the same records") {
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 450, 3);
    Harness h(autocalls_pages(data));
    auto list_all = [&](std::optional<asio::any_io_executor> parse_on) {
        auto dialect = std::make_shared<ThreadNotingDialect>(find_dialect("autocalls"));
        auto source = h.source(dialect, [&](SourceOptions& o) {
            if (parse_on) o.parse_executor = *parse_on;
        });
        Listing listing(h.io.get_executor(), {source}, CallQuery{}, {.concurrency = 3});
        h.io.restart();
        const auto drained = drain(h.io, listing);
        REQUIRE(drained.failures.empty());
        std::string jsonl;
        for (const auto& record : drained.records) jsonl += to_json(record) + "\n";
        return std::pair{jsonl, dialect->threads()};
    };
    const auto [inline_records, inline_threads] = list_all(std::nullopt);
    asio::thread_pool parse_pool(1);
    std::promise<std::thread::id> parse_thread;
    asio::post(parse_pool, [&] { parse_thread.set_value(std::this_thread::get_id()); });
    const std::thread::id parser = parse_thread.get_future().get();
    const auto [pooled_records, pooled_threads] = list_all(parse_pool.get_executor());
    CHECK(inline_threads == std::set{std::this_thread::get_id()});
    CHECK(pooled_threads == std::set{parser});
    CHECK(std::count(pooled_records.begin(), pooled_records.end(), '\n') == 450);
    CHECK(pooled_records == inline_records);
}

TEST_CASE("With a parse executor a malformed page still fails naming source and page") {
    Harness h([](const mock::ServerRequest&, int) { return reply(200, "{\"data\": [}"); });
    asio::thread_pool parse_pool(1);
    auto source = h.source(find_dialect("autocalls"), [&](SourceOptions& o) { o.parse_executor = parse_pool.get_executor(); });
    auto [error, page] = h.page(*source);
    REQUIRE(error.is(errc::malformed_response));
    CHECK(error.details().source == "main");
    CHECK(error.details().page == 1u);
}

TEST_CASE("A listing dropped while its pages wait for the parse executor ends cleanly once the parses run") {
    auto data = std::make_shared<mock::Dataset>(*mock::find_module("autocalls"), 450, 5);
    Harness h(autocalls_pages(data));
    asio::thread_pool parse_pool(1);
    std::promise<void> gate;
    asio::post(parse_pool, [opened = gate.get_future().share()] { opened.wait(); });  // holds the parse thread
    std::optional<Error> ended;
    {
        auto source = h.source(find_dialect("autocalls"), [&](SourceOptions& o) { o.parse_executor = parse_pool.get_executor(); });
        Listing listing(h.io.get_executor(), {source}, CallQuery{}, {.concurrency = 3});
        listing.async_next([&](Error e, std::optional<CallRecord>) { ended = std::move(e); });
        h.io.restart();
        // The first wave is answered; its parses queue behind the gate.
        for (int i = 0; i < 200 && h.request_count() < 3; ++i) h.io.run_for(10ms);
        h.io.run_for(50ms);
        REQUIRE(h.request_count() == 3);
        CHECK_FALSE(ended.has_value());
    }  // the listing and the source go with pages in the parse executor's queue
    gate.set_value();
    parse_pool.join();
    h.io.restart();
    h.io.run();
    REQUIRE(ended.has_value());
    CHECK(ended->code() == asio::error::operation_aborted);
}

}  // TEST_SUITE
