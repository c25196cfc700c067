#include <callbridge/source_config.hpp>

#include <doctest/doctest.h>

using namespace callbridge;

TEST_SUITE("model") {

TEST_CASE("Config files: defaults for everything but the provider") {
    const auto specs = read_source_config(R"({"sources": [
        {"name": "main", "provider": "autocalls", "token_env": "AC_MAIN_TOKEN"},
        {"name": "brand", "provider": "autocalls", "base_url": "https://app.example.com/api",
         "token_env": "AC_BRAND_TOKEN", "timezone": "Europe/Bucharest"},
        {"provider": "talkover"}]})");
    REQUIRE(specs.has_value());
    REQUIRE(specs->size() == 3);
    CHECK((*specs)[0] == SourceSpec{"main", "autocalls", "", "AC_MAIN_TOKEN", "UTC"});
    CHECK((*specs)[1] ==
          SourceSpec{"brand", "autocalls", "https://app.example.com/api", "AC_BRAND_TOKEN", "Europe/Bucharest"});
    CHECK((*specs)[2] == SourceSpec{"talkover", "talkover", "", "TALKOVER_TOKEN", "UTC"});
    CHECK(default_token_env("click-speak.v2") == "CLICK_SPEAK_V2_TOKEN");
}

TEST_CASE("Config files that are refused name the entry and member") {
    struct Case {
        const char* json;
        const char* field;
        const char* why;
    };
    for (const Case& c : {
             Case{R"([1])", "sources", "expected {\"sources\""},
             Case{R"({"sources": []})", "sources", "names no source"},
             Case{R"({"sources": [{"provider": "autocalls"}], "extra": 1})", "extra", "unknown member"},
             Case{R"({"sources": [{"provider": "autocalls", "tokn_env": "X"}]})", "sources[0].tokn_env",
                  "unknown member"},
             Case{R"({"sources": [{"name": "a"}]})", "sources[0].provider", ""},
             Case{R"({"sources": [{"provider": "autocalls", "name": ""}]})", "sources[0].name", "is empty"},
             Case{R"({"sources": [{"provider": "autocalls"}, {"provider": "autocalls"}]})", "sources[1].name",
                  "names two sources"},
             // Found by fuzz_config: an empty variable name was accepted.
             Case{R"({"sources": [{"provider": "autocalls", "token_env": ""}]})", "sources[0].token_env",
                  "not an environment variable name"},
             Case{R"({"sources": [{"provider": "autocalls", "token_env": "A=B"}]})", "sources[0].token_env",
                  "not an environment variable name"},
             Case{R"({"sources": [{"provider": 7}]})", "sources[0].provider", "expected"},
         }) {
        CAPTURE(c.json);
        const auto specs = read_source_config(c.json);
        REQUIRE(specs.has_error());
        CHECK(specs.error().is(errc::invalid_option));
        CHECK(specs.error().details().option == "config");
        CHECK(specs.error().details().field == c.field);
        CHECK_MESSAGE(specs.error().details().message.find(c.why) != std::string::npos,
                      specs.error().details().message);
    }
}

}  // TEST_SUITE
