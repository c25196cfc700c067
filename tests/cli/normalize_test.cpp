// `callbridge normalize` end to end: the real program on the fixtures, its
// output byte for byte against the canonical records in fixtures/*/expected/,
// every output format, and every way it can be misused.

#include <callbridge/providers.hpp>
#include <callbridge/version.hpp>

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/json/parse.hpp>

#include <filesystem>

using namespace callbridge;
using namespace callbridge::test;

namespace {

ProcessResult callbridge_cli(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), CALLBRIDGE_CLI);
    return run_process(args, input);
}

std::string path(std::string_view relative) { return fixture_path(relative).string(); }

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("normalize: every fixture gives exactly its canonical records") {
    struct Case {
        const char* provider;
        const char* name;
        const char* timezone;
    };
    const Case cases[] = {
        {"autocalls", "documented-example", "UTC"}, {"autocalls", "documented-example-rendered", "UTC"},
        {"autocalls", "quirks-page", "UTC"},        {"autocalls", "last-page", "UTC"},
        {"autocalls", "empty-page", "UTC"},         {"clickspeak", "documented-example", "UTC"},
        {"clickspeak", "bucharest-page", "Europe/Bucharest"}, {"talkover", "documented-example", "UTC"},
        {"talkover", "quirks-page", "UTC"},         {"talkover", "meta-paginator", "UTC"},
        {"talkover", "empty-page", "UTC"},         {"vapi", "documented-example", "UTC"},
        {"vapi", "quirks-page", "UTC"},             {"vapi", "tie-page", "UTC"},
        {"vapi", "empty-page", "UTC"},
    };
    for (const Case& c : cases) {
        const std::string name = std::string(c.provider) + "/" + c.name;
        CAPTURE(name);
        const auto result = callbridge_cli({"normalize", "--provider", c.provider, "--timezone", c.timezone,
                                            path(name + ".json")});
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        CHECK(result.out == fixture(std::string(c.provider) + "/expected/" + c.name + ".jsonl"));
        // Every line is one canonical record that reads back.
        std::istringstream lines(result.out);
        for (std::string line; std::getline(lines, line);) CHECK(record_from_json(line).has_value());
    }
}

TEST_CASE("normalize: several files in order and standard input") {
    const std::string quirks = fixture("autocalls/quirks-page.json");
    const auto result = callbridge_cli({"normalize", "--provider", "autocalls", "--source-name", "main",
                                        path("autocalls/documented-example.json"), "-",
                                        path("autocalls/last-page.json")},
                                       quirks);
    REQUIRE(result.exit_code == 0);
    CHECK(count_lines(result.out) == 7);
    std::istringstream lines(result.out);
    std::vector<std::string> ids;
    for (std::string line; std::getline(lines, line);) {
        const auto record = record_from_json(line);
        REQUIRE(record.has_value());
        CHECK(record->source == "main");
        ids.push_back(record->id);
    }
    CHECK(ids == std::vector<std::string>{"123", "9001", "9000", "8999", "8998", "8997", "8994"});
}

TEST_CASE("normalize: many files parsed ahead of the output come out in the files' order") {
    // More files than are parsed at once, of different sizes (an empty page
    // among them), so that parsing ends out of order.
    const std::vector<std::string> names{"documented-example", "quirks-page", "empty-page", "last-page"};
    std::vector<std::string> args{"normalize", "--provider", "autocalls"};
    std::string expected;
    for (int round = 0; round < 12; ++round)
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string& name = names[(i + static_cast<std::size_t>(round)) % names.size()];
            args.push_back(path("autocalls/" + name + ".json"));
            expected += fixture("autocalls/expected/" + name + ".jsonl");
        }
    const auto result = callbridge_cli(args);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == expected);
}

TEST_CASE("normalize: output that cannot be written stops with status 1 and the reason") {
    // JSON lines go out a file at a time, CSV a record at a time: both fail alike.
    for (const std::string format : {"jsonl", "csv"}) {
        CAPTURE(format);
        std::vector<std::string> args{"normalize", "--provider", "autocalls", "--format", format, "--output", "/dev/full"};
        for (int i = 0; i < 40; ++i) args.push_back(path("autocalls/quirks-page.json"));
        const auto result = callbridge_cli(args);
        CHECK(result.exit_code == 1);
        CHECK(result.err == "callbridge: cannot write to '/dev/full': No space left on device\n");
        CHECK(result.out.empty());
    }
}

TEST_CASE("normalize: --raw adds the vendor's object and --output writes a file") {
    const auto out = std::filesystem::temp_directory_path() / "callbridge-normalize-test.jsonl";
    const auto result = callbridge_cli({"normalize", "--provider", "autocalls", "--raw", "--output", out.string(),
                                        path("autocalls/quirks-page.json")});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.empty());
    std::ifstream file(out);
    std::string first;
    std::getline(file, first);
    const auto json = boost::json::parse(first).as_object();
    CHECK(json.at("raw").at("ended_reason") == "no-answer-timeout");
    CHECK(json.at("raw").at("carrier_cost") == "0.0300");
    std::filesystem::remove(out);
}

TEST_CASE("normalize: CSV with a header and RFC 4180 quoting") {
    const auto result = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "csv",
                                        path("autocalls/quirks-page.json")});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.starts_with("source,provider,id,provider_call_sid,direction,status,provider_status,"));
    // 9000: a transcript with a line break is quoted; JSON objects are quoted for their commas.
    CHECK(result.out.find("\r\nautocalls,autocalls,9000,,web,completed,ended_by_customer,customer,,,Web Widget,,,"
                          "Website,,,38,2025-08-04T11:05:09Z,2025-08-04T11:05:47Z,"
                          "\"assistant: Hi, how can I help?\nuser: Just testing.\",{},,,0,0.012,,false,,,,,\r\n") !=
          std::string::npos);
    CHECK(result.out.find(",\"{\"\"score\"\":7,\"\"tags\"\":[\"\"resolved\"\"]}\",{},0.25,1.5,") != std::string::npos);
}

TEST_CASE("normalize: csv cells a spreadsheet would run are quoted unless --keep-formulas") {
    const auto guarded = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "csv",
                                         path("autocalls/quirks-page.json")});
    REQUIRE(guarded.exit_code == 0);
    CHECK(guarded.out.find(",'+40712345678,") != std::string::npos);
    CHECK(guarded.out.find(",+40712345678,") == std::string::npos);
    const auto kept = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "csv", "--keep-formulas",
                                      path("autocalls/quirks-page.json")});
    REQUIRE(kept.exit_code == 0);
    CHECK(kept.out.find(",+40712345678,") != std::string::npos);
    CHECK(kept.out.find('\'') == std::string::npos);
    const auto refused = callbridge_cli({"normalize", "--provider", "autocalls", "--keep-formulas",
                                         path("autocalls/quirks-page.json")});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--keep-formulas: goes with --format csv only") != std::string::npos);
}

TEST_CASE("normalize: an aligned table with a count") {
    const auto result = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "table",
                                        path("autocalls/quirks-page.json")});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.starts_with("CREATED (UTC)        SOURCE      ID              DIRECTION  STATUS"));
    CHECK(result.out.find("2025-08-04 14:30:00  autocalls   9001            outbound   no_answer        0:00  "
                          "+40712345678      Sales Assistant          0.045\n") != std::string::npos);
    CHECK(result.out.ends_with("(5 calls)\n"));
}

TEST_CASE("normalize: a malformed body stops with status 7 and names the file and field") {
    const std::string bad = path("autocalls/malformed/bad-created-at.json");
    const auto result = callbridge_cli({"normalize", "--provider", "autocalls",
                                        path("autocalls/documented-example.json"), bad,
                                        path("autocalls/last-page.json")});
    CHECK(result.exit_code == 7);
    CHECK(result.err == "callbridge: '" + bad +
                            "': source 'autocalls': malformed response: data[0].created_at: not a timestamp: "
                            "\"04/08/2025 14:30\"\n");
    // What came before the bad file is there, in whole lines.
    CHECK(result.out == fixture("autocalls/expected/documented-example.jsonl"));
}

TEST_CASE("normalize: bad usage is status 2 with nothing written") {
    struct Case {
        std::vector<std::string> args;
        const char* message;
    };
    // Every shipped provider is named, as the registry lists them.
    std::string known;
    for (const auto& name : shipped_providers()) known += (known.empty() ? "" : ", ") + name;
    REQUIRE(known.find("autocalls, clickspeak") != std::string::npos);
    const std::string unknown = "unknown provider 'no_such_vendor'; expected one of: " + known;
    const Case cases[] = {
        {{"normalize", "--provider", "no_such_vendor", path("autocalls/empty-page.json")}, unknown.c_str()},
        {{"normalize", "--provider", "autocalls", "--timezone", "Mars/Olympus", path("autocalls/empty-page.json")},
         "unknown time zone 'Mars/Olympus'"},
        {{"normalize", "--provider", "autocalls", "--format", "xml", path("autocalls/empty-page.json")},
         "unknown format 'xml'; expected jsonl, csv or table"},
        {{"normalize", "--provider", "autocalls", path("autocalls/documented-example.json"), "/no/such/file.json"},
         "cannot read '/no/such/file.json': No such file or directory"},
        {{"normalize", "--provider", "autocalls", "-", "-"}, "'-' (standard input) given more than once"},
        {{"normalize", "--provider", "autocalls", "--format", "csv", "--raw", path("autocalls/empty-page.json")},
         "--raw: goes with --format jsonl only"},
        {{"normalize", path("autocalls/empty-page.json")}, "--provider is required"},
        {{"normalize", "--provider", "autocalls"}, "files is required"},
        {{"normalise", "--provider", "autocalls"}, "unknown command 'normalise'; expected one of: list, normalize, sync, changes, mock, demo"},
        {{}, "A subcommand is required"},
    };
    for (const Case& c : cases) {
        INFO(c.message);
        const auto result = callbridge_cli(c.args);
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK(result.err.starts_with("callbridge: "));
        CHECK(count_lines(result.err) == 1);
        CHECK_MESSAGE(result.err.find(c.message) != std::string::npos, result.err);
    }
}

TEST_CASE("--help and --version succeed") {
    const auto help = callbridge_cli({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("normalize") != std::string::npos);
    const auto normalize_help = callbridge_cli({"normalize", "--help"});
    CHECK(normalize_help.exit_code == 0);
    CHECK(normalize_help.out.find("--timezone") != std::string::npos);
    const auto version = callbridge_cli({"--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out == "callbridge " + std::string(version_string) + "\n");
}

}  // TEST_SUITE
