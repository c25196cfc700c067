// Plugins as their authors and users meet them: examples/plugin/ (Acme
// Voice, a fictional vendor with its own envelope and cursor paging) loaded
// into the real `callbridge` with --plugin and CALLBRIDGE_PLUGIN_PATH, its
// fixtures normalised byte for byte, listed over loopback HTTPS; the same
// plugin built out of tree against a fresh install prefix and listed through
// the installed command; plugins that must be refused; a dialect in JSON.

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/temp_file.hpp"

#include <callbridge/version.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

using namespace callbridge;
using namespace callbridge::test;

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read ", path.string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

const std::filesystem::path examples = CALLBRIDGE_SOURCE_DIR "/examples";
const std::filesystem::path acme_fixtures = examples / "plugin" / "fixtures";

// Acme Voice over loopback HTTPS, answering from the plugin's fixtures: page
// 1, then page 2 for ?after=<page 1's cursor>; a wrong key gets Acme's 401.
struct AcmeServer {
    static constexpr const char* key = "acme-key-0123456789";
    mock::CertificateAuthority authority;
    TempFile ca{authority.certificate_pem()};
    std::mutex mutex;
    std::vector<mock::ServerRequest> requests;
    mock::HttpServer server{mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [this](const mock::ServerRequest& request) {
                                {
                                    std::lock_guard lock(mutex);
                                    requests.push_back(request);
                                }
                                if (find_header(request.headers, "X-Acme-Key") != key)
                                    return mock::ServerReply::json(401, read_text(acme_fixtures / "401.json"));
                                if (request.path != "/v2/calls") return mock::ServerReply::json(404, "{}");
                                const auto after = request.param("after");
                                if (!after) return mock::ServerReply::json(200, read_text(acme_fixtures / "page-1.json"));
                                if (*after == "c2:acm_7f39")
                                    return mock::ServerReply::json(200, read_text(acme_fixtures / "page-2.json"));
                                return mock::ServerReply::json(400, R"({"message":"stale cursor"})");
                            }};

    std::string root() const { return server.base_url() + "/v2"; }
};

ProcessResult run_callbridge(std::string program, std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), std::move(program));
    return run_process(args, {}, env);
}

}  // namespace

TEST_SUITE("plugin") {

TEST_CASE("A plugin's provider normalises its fixtures byte for byte") {
    const auto result = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--plugin", CALLBRIDGE_ACME_PLUGIN, "--provider", "acme",
                                                    (acme_fixtures / "page-1.json").string(),
                                                    (acme_fixtures / "page-2.json").string()});
    CHECK(result.err.empty());
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == read_text(acme_fixtures / "expected.jsonl"));
}

TEST_CASE("A plugin's provider lists over HTTPS with its own header and cursor and the key in no output") {
    AcmeServer acme;
    const auto result = run_callbridge(CALLBRIDGE_CLI,
                                   {"list", "--plugin", CALLBRIDGE_ACME_PLUGIN, "--provider", "acme", "--base-url",
                                    acme.root(), "--ca-file", acme.ca.path(), "--page-size", "2"},
                                   {std::string("ACME_API_KEY=") + AcmeServer::key});
    CHECK(result.err.empty());
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == read_text(acme_fixtures / "expected.jsonl"));
    REQUIRE(acme.requests.size() == 2);
    CHECK(acme.requests[0].target == "/v2/calls?limit=2");
    CHECK(acme.requests[1].target == "/v2/calls?limit=2&after=c2%3Aacm_7f39");

    const auto refused = run_callbridge(CALLBRIDGE_CLI,
                                    {"list", "--plugin", CALLBRIDGE_ACME_PLUGIN, "--provider", "acme", "--base-url",
                                     acme.root(), "--ca-file", acme.ca.path()},
                                    {"ACME_API_KEY=acme-wrong-key-0123"});
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("The X-Acme-Key header is not a valid key.") != std::string::npos);
    CHECK(refused.err.find("ACME_API_KEY") != std::string::npos);  // the hint names the variable
    CHECK(refused.err.find("acme-wrong-key") == std::string::npos);
}

TEST_CASE("CALLBRIDGE_PLUGIN_PATH names plugins and directories of them") {
    AcmeServer acme;
    const std::string directory = std::filesystem::path(CALLBRIDGE_ACME_PLUGIN).parent_path().string();
    for (const std::string& search_path : {std::string(CALLBRIDGE_ACME_PLUGIN), "/nonexistent-dir:" + directory}) {
        CAPTURE(search_path);
        const auto result = run_callbridge(CALLBRIDGE_CLI,
                                       {"list", "--provider", "acme", "--base-url", acme.root(), "--ca-file", acme.ca.path()},
                                       {"CALLBRIDGE_PLUGIN_PATH=" + search_path, std::string("ACME_API_KEY=") + AcmeServer::key});
        CHECK(result.exit_code == 0);
        CHECK(result.out == read_text(acme_fixtures / "expected.jsonl"));
    }
}

TEST_CASE("A plugin built for another version of callbridge is refused naming both versions") {
    const auto result = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--plugin", CALLBRIDGE_WRONG_VERSION_PLUGIN, "--provider",
                                                    "acme", (acme_fixtures / "page-1.json").string()});
    CHECK(result.exit_code == 2);
    const std::string ours(version_string);
    const std::string theirs = std::to_string(CALLBRIDGE_VERSION_MAJOR) + "." +
                               std::to_string(CALLBRIDGE_VERSION_MINOR + 7) + ".0";
    CHECK_MESSAGE(result.err.find("was built for callbridge " + theirs + "; this is callbridge " + ours) != std::string::npos,
                  result.err);
    CHECK(result.out.empty());
}

TEST_CASE("A plugin whose description reads a field as what cannot fill it is refused naming both") {
    const auto result = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--plugin", CALLBRIDGE_MISREAD_PLUGIN, "--provider",
                                                    "misread", (acme_fixtures / "page-1.json").string()});
    CHECK(result.exit_code == 2);
    CHECK_MESSAGE(result.err.find(std::string(CALLBRIDGE_MISREAD_PLUGIN)) != std::string::npos, result.err);
    CHECK_MESSAGE(result.err.find("could not register its providers: ListDialect 'misread': rule at 'created': 'count' cannot fill "
                                  "created_at, a time field") !=
                      std::string::npos,
                  result.err);
    CHECK(result.out.empty());
}

TEST_CASE("A plugin whose registration throws what is no std::exception is refused naming it") {
    const auto result = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--plugin", CALLBRIDGE_THROWING_PLUGIN, "--provider",
                                                    "acme", (acme_fixtures / "page-1.json").string()});
    CHECK(result.exit_code == 2);
    CHECK_MESSAGE(result.err.find(std::string(CALLBRIDGE_THROWING_PLUGIN) +
                                  "' could not register its providers: it threw what is not a std::exception") !=
                      std::string::npos,
                  result.err);
    CHECK(result.out.empty());
}

TEST_CASE("A library that is no plugin and a file that is no library are refused") {
    const auto none = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--plugin", CALLBRIDGE_NOT_A_PLUGIN, "--provider", "acme",
                                                  (acme_fixtures / "page-1.json").string()});
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("is not a callbridge plugin") != std::string::npos);
    const auto text = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--plugin", (acme_fixtures / "page-1.json").string(),
                                                  "--provider", "acme", (acme_fixtures / "page-1.json").string()});
    CHECK(text.exit_code == 2);
    CHECK(text.err.find("cannot be loaded") != std::string::npos);
}

TEST_CASE("A dialect described in JSON needs no compiler") {
    const auto result = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--dialect", (examples / "json-dialect" / "acme.json").string(),
                                                    "--provider", "acme_json", (acme_fixtures / "page-1.json").string(),
                                                    (acme_fixtures / "page-2.json").string()});
    CHECK(result.err.empty());
    REQUIRE(result.exit_code == 0);
    // The plugin's records, but for the one quirk the JSON cannot say (durations as m:ss).
    std::string expected = read_text(acme_fixtures / "expected.jsonl");
    for (std::string from : {"\"duration_s\":185"}) expected.replace(expected.find(from), from.size(), "\"duration_s\":0");
    for (auto at = expected.find("\"provider\":\"acme\""); at != std::string::npos; at = expected.find("\"provider\":\"acme\"", at))
        expected.replace(at, 17, "\"provider\":\"acme_json\"");
    for (auto at = expected.find("\"source\":\"acme\""); at != std::string::npos; at = expected.find("\"source\":\"acme\"", at))
        expected.replace(at, 15, "\"source\":\"acme_json\"");
    CHECK(result.out == expected);

    const auto broken = run_callbridge(CALLBRIDGE_CLI, {"normalize", "--dialect", (acme_fixtures / "401.json").string(),
                                                    "--provider", "acme_json", (acme_fixtures / "page-1.json").string()});
    CHECK(broken.exit_code == 2);
    CHECK(broken.err.find("401.json") != std::string::npos);
    CHECK(broken.err.find("unknown member") != std::string::npos);
}

TEST_CASE("Out of tree: the plugin built against an install prefix lists through the installed command") {
    const std::filesystem::path work = CALLBRIDGE_PLUGIN_WORK_DIR;
    const auto installed_cli = work / "prefix" / "bin" / "callbridge";
    const auto plugin = work / "plugin" / "callbridge_acme.so";
    REQUIRE_MESSAGE(std::filesystem::exists(installed_cli), "the install fixture did not run: ", installed_cli.string());
    REQUIRE_MESSAGE(std::filesystem::exists(plugin), "the out-of-tree build fixture did not run: ", plugin.string());
    // Only the prefix's headers were used: the plugin's build names no source tree.
    const std::string cache = read_text(work / "plugin" / "CMakeCache.txt");
    CHECK(cache.find("callbridge_DIR:PATH=" + (work / "prefix").string()) != std::string::npos);

    AcmeServer acme;
    const auto result = run_callbridge(installed_cli.string(),
                                   {"list", "--plugin", plugin.string(), "--provider", "acme", "--base-url", acme.root(),
                                    "--ca-file", acme.ca.path()},
                                   {std::string("ACME_API_KEY=") + AcmeServer::key});
    CHECK(result.err.empty());
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == read_text(acme_fixtures / "expected.jsonl"));
}

}  // TEST_SUITE
