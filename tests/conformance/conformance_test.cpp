// The conformance suite (callbridge::testing) over every manifest in the
// tree: fixtures/<vendor>/conformance.json for each shipped provider and
// examples/plugin/fixtures/conformance.json for the example plugin (compiled
// in here, registered through its entry point). A new vendor adds its
// manifest; nothing here changes. And the suite itself: it fails what breaks
// the rules, and says why.

#include <callbridge/kit.hpp>
#include <callbridge/kit/plugin.hpp>
#include <callbridge/providers.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/testing/conformance.hpp>
#include <callbridge/testing/fixture_http_client.hpp>

#include <doctest/doctest.h>

#include <callbridge/testing/doctest.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/post.hpp>

#include <filesystem>
#include <fstream>

extern "C" const callbridge::kit::PluginInfo* callbridge_plugin_v1();

using namespace callbridge;
using namespace callbridge::testing;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = CALLBRIDGE_FIXTURES_DIR;
const fs::path plugin_manifest = fs::path(CALLBRIDGE_SOURCE_DIR) / "examples" / "plugin" / "fixtures" / "conformance.json";

Registry registry_with_plugin() {
    Registry registry = Registry::with_shipped_providers();
    callbridge_plugin_v1()->register_providers(registry);
    return registry;
}

std::vector<fs::path> manifests() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(fixtures))
        if (fs::exists(entry.path() / "conformance.json")) out.push_back(entry.path() / "conformance.json");
    std::sort(out.begin(), out.end());
    out.push_back(plugin_manifest);
    return out;
}

const conformance::Check* check_named(const conformance::Report& report, std::string_view prefix) {
    for (const auto& c : report.checks)
        if (c.name.starts_with(prefix)) return &c;
    return nullptr;
}

// A source whose every page fails with the token in the message: what no
// source may do.
class LeakySource final : public CallSource {
public:
    LeakySource(boost::asio::any_io_executor executor, std::string token)
        : executor_(std::move(executor)), token_(std::move(token)) {}
    const std::string& name() const noexcept override { return name_; }
    std::string_view provider() const noexcept override { return "leaky"; }
    executor_type get_executor() const override { return executor_; }
    Error check_query(const CallQuery&) const override { return {}; }

private:
    void do_list_page(ListPageRequest, boost::asio::any_completion_handler<list_page_signature> handler) override {
        ErrorDetails details;
        details.source = name_;
        details.http_status = 401;
        details.message = "the key " + token_ + " is not valid";
        boost::asio::post(executor_, boost::asio::append(std::move(handler), Error(errc::unauthorized, details), CallPage{}));
    }
    boost::asio::any_io_executor executor_;
    std::string name_ = "leaky";
    std::string token_;
};

}  // namespace

TEST_SUITE("conformance") {

TEST_CASE("Every shipped provider and the example plugin pass the conformance suite") {
    const Registry registry = registry_with_plugin();
    const auto files = manifests();
    REQUIRE(files.size() >= 4);
    for (const auto& file : files) {
        const auto report = conformance::run_file(file, registry);
        INFO(report.summary());
        CALLBRIDGE_CHECK_CONFORMANCE(report);
        for (const char* name : {"pages_to_the_end", "canonical_fields", "empty_list", "last_page", "error ",
                                 "unknown_fields", "unknown_enum_values", "no_credential_in_errors"})
            if (std::string_view(name) != "empty_list" || file != plugin_manifest)
                CHECK_MESSAGE(check_named(report, name) != nullptr, file.string() << " runs no " << name << " check");
    }
}

TEST_CASE("Every shipped provider has a conformance manifest") {
    for (const auto& provider : shipped_providers())
        CHECK_MESSAGE(fs::exists(fixtures / provider / "conformance.json"),
                      "fixtures/" << provider << "/conformance.json is missing: every shipped provider has one");
}

TEST_CASE("The suite fails a manifest whose listing or errors or counts are wrong and says why") {
    const Registry registry = registry_with_plugin();
    auto manifest = conformance::load_manifest(fixtures / "autocalls" / "conformance.json");
    REQUIRE_MESSAGE(manifest.has_value(), (manifest ? std::string() : manifest.error()));

    SUBCASE("a page the listing never reaches") {
        auto m = *manifest;
        m.listing.push_back(m.listing.back());
        m.listing.back().target = "/api/user/calls?page=3&per_page=2";
        const auto report = conformance::run(m, registry);
        CHECK_FALSE(report.passed());
        REQUIRE(check_named(report, "pages_to_the_end"));
        CHECK_FALSE(check_named(report, "pages_to_the_end")->passed);
        CHECK(check_named(report, "pages_to_the_end")->detail.find("never asked for: GET /api/user/calls?page=3") !=
              std::string::npos);
    }
    SUBCASE("a missing page: the request is printed, without the token") {
        auto m = *manifest;
        m.listing.pop_back();
        const auto report = conformance::run(m, registry);
        const auto* check = check_named(report, "pages_to_the_end");
        REQUIRE(check);
        CHECK_FALSE(check->passed);
        CHECK(check->detail.find("no fixture answers: GET https://app.autocalls.ai/api/user/calls?page=2") !=
              std::string::npos);
        CHECK(check->detail.find("Authorization: REDACTED") != std::string::npos);
        CHECK(check->detail.find(m.token) == std::string::npos);
    }
    SUBCASE("an error of another kind") {
        auto m = *manifest;
        REQUIRE_FALSE(m.errors.empty());
        m.errors.front().kind = errc::rate_limited;
        const auto report = conformance::run(m, registry);
        const auto* check = check_named(report, "error " + m.errors.front().file);
        REQUIRE(check);
        CHECK_FALSE(check->passed);
        CHECK(check->detail.find("a rate limited error expected, got: ") != std::string::npos);
    }
    SUBCASE("another count") {
        auto m = *manifest;
        m.expected_records = 4;
        const auto report = conformance::run(m, registry);
        CHECK(check_named(report, "pages_to_the_end")->detail.find("3 records, expected 4") != std::string::npos);
    }
}

TEST_CASE("One-of objects get no unknown member: their member names are values") {
    // Ultravox's medium is a one-of ({"twilio": {...}}): a member added to it
    // is a medium no one sent, which the dialect refuses by design.
    const Registry registry = registry_with_plugin();
    auto manifest = conformance::load_manifest(fixtures / "ultravox" / "conformance.json");
    REQUIRE_MESSAGE(manifest.has_value(), (manifest ? std::string() : manifest.error()));
    REQUIRE(manifest->one_of == std::vector<std::string>{"medium"});

    SUBCASE("with the one-of named, the objects inside it still get the member") {
        const auto report = conformance::run(*manifest, registry);
        REQUIRE(check_named(report, "unknown_fields"));
        CHECK_MESSAGE(check_named(report, "unknown_fields")->passed, report.summary());
    }
    SUBCASE("without it, the member reaches the one-of and the check says where") {
        auto m = *manifest;
        m.one_of.clear();
        const auto report = conformance::run(m, registry);
        const auto* check = check_named(report, "unknown_fields");
        REQUIRE(check);
        CHECK_FALSE(check->passed);
        CHECK(check->detail.find("medium.conformance_unknown_member") != std::string::npos);
    }
    SUBCASE("a one_of that is not a list of names is a manifest error") {
        const fs::path file = fs::temp_directory_path() / "callbridge-conformance-one-of.json";
        {
            std::ofstream out(file);
            out << R"({"provider": "ultravox", "listing": [{"method": "GET", "target": "/", "status": 200, "body": "{}"}],)"
                   R"( "expected_records": 0, "one_of": "medium"})";
        }
        const auto read = conformance::load_manifest(file);
        fs::remove(file);
        REQUIRE_FALSE(read.has_value());
        CHECK(read.error().find("\"one_of\" is not an array of member names") != std::string::npos);
    }
}

TEST_CASE("The suite fails a source that puts the token in its errors without printing it") {
    conformance::Manifest m;
    m.provider = "leaky";
    m.listing.push_back(Exchange{"GET", "/calls", std::nullopt, HttpResponse{200, {}, "{}"}});
    m.expected_records = 1;
    const auto report = conformance::run(m, [](boost::asio::any_io_executor executor, SourceOptions options) {
        return boost::system::result<std::shared_ptr<CallSource>, Error>(
            std::make_shared<LeakySource>(std::move(executor), options.token));
    });
    const auto* leak = check_named(report, "no_credential_in_errors");
    REQUIRE(leak);
    CHECK_FALSE(leak->passed);
    CHECK(leak->detail.find("the unauthorized error (HTTP 401) carries a credential as is") != std::string::npos);
    CHECK(report.summary().find(m.token) == std::string::npos);
    CHECK_FALSE(check_named(report, "pages_to_the_end")->passed);
    CHECK_FALSE(report.passed());
}

}  // TEST_SUITE
