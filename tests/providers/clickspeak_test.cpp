// ClickSpeak is the Autocalls dialect under its own name and API root.

#include <callbridge/providers.hpp>

#include "support/fixtures.hpp"

#include <algorithm>

using namespace callbridge;
using namespace callbridge::test;

TEST_SUITE("clickspeak") {

TEST_CASE("ClickSpeak has its own provider name and API root and the Autocalls dialect") {
    const Dialect& clickspeak = *find_dialect("clickspeak");
    CHECK(clickspeak.provider() == "clickspeak");
    CHECK(clickspeak.default_api_root() == "https://app.clickspeak.ai/api");
    CHECK(find_dialect("clickspeak") == find_dialect("clickspeak"));
    CHECK(typeid(clickspeak) == typeid(*find_dialect("autocalls")));

    const auto root = ApiRoot::parse(clickspeak.default_api_root());
    REQUIRE(root.has_value());
    const HttpRequest request = clickspeak.page_request(SourceAccess{*root, "1|abc", {}, {}}, *clickspeak.plan({}), PageCursor{}, 100);
    CHECK(describe(request) == "GET https://app.clickspeak.ai/api/user/calls?page=1&per_page=100");
}

TEST_CASE("Documented example maps like Autocalls' with provider clickspeak") {
    const CallPage page = parse_fixture(*find_dialect("clickspeak"), "clickspeak/documented-example.json", context("brand"));
    REQUIRE(page.records.size() == 1);
    const CallRecord& r = page.records[0];
    CHECK(r.provider == "clickspeak");
    CHECK(r.source == "brand");
    CHECK(r.id == "123");
    CHECK(r.transcript == "Hello, this is Sarah from ClickSpeak. How are you doing today?...");
    CHECK(r.recording_url == "https://recordings.clickspeak.ai/calls/123.mp3");
    CHECK(r.created_at == utc(2025, 8, 4, 14, 30, 0));
    CHECK(page.info.total == 150u);

    const CallPage autocalls_page =
        parse_fixture(*find_dialect("autocalls"), "autocalls/documented-example.json", context("brand"));
    CallRecord expected = autocalls_page.records[0];
    expected.provider = "clickspeak";
    expected.transcript = r.transcript;
    expected.recording_url = r.recording_url;
    expected.raw = r.raw;
    CHECK(r == expected);
}

TEST_CASE("Quirk: brand accounts keep naive times in Europe/Bucharest summer and winter") {
    const auto zone = TimeZone::parse("Europe/Bucharest");
    REQUIRE(zone.has_value());
    const CallPage page = parse_fixture(*find_dialect("clickspeak"), "clickspeak/bucharest-page.json", context("ro", 1, *zone));
    REQUIRE(page.records.size() == 2);
    CHECK(page.records[0].created_at == utc(2025, 8, 4, 6, 15, 0));   // EEST, +03:00
    CHECK(page.records[1].created_at == utc(2025, 1, 15, 7, 15, 0));  // EET, +02:00
    CHECK(page.records[0].total_cost->to_string() == "0.0875");
    CHECK(page.records[1].carrier_cost->to_string() == "0.005");
}

TEST_CASE("Shipped providers") {
    // One per word of providers/vendors.cmake, ClickSpeak beside Autocalls.
    for (std::string_view name : {"autocalls", "clickspeak", "talkover", "vapi", "ultravox"})
        CHECK(std::find(shipped_providers().begin(), shipped_providers().end(), name) != shipped_providers().end());
    for (std::string_view name : shipped_providers()) {
        CAPTURE(name);
        REQUIRE(find_dialect(name) != nullptr);
        CHECK(find_dialect(name)->provider() == name);
        CHECK(ApiRoot::parse(find_dialect(name)->default_api_root()).has_value());
    }
    CHECK(find_dialect("nosuch") == nullptr);
}

}  // TEST_SUITE
