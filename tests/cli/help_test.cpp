// The command as people use it: --help with examples and exit statuses,
// value names, suggestions for typos, --columns, and the completions and man
// page (generated at build time) held to the command's own --help.

#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/temp_file.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace callbridge;
using namespace callbridge::test;

namespace {

const std::vector<std::string> commands{"list", "normalize", "sync", "changes", "mock", "demo"};

ProcessResult callbridge_cli(std::vector<std::string> args) {
    args.insert(args.begin(), CALLBRIDGE_CLI);
    return run_process(args);
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every --flag in the option lines of a --help text (lines that start with
// spaces and a dash), help itself included.
std::set<std::string> flags_in_help(const std::string& help) {
    std::set<std::string> flags;
    std::istringstream lines(help);
    const std::regex flag("--[a-z][a-z0-9-]*");
    for (std::string line; std::getline(lines, line);) {
        const auto start = line.find_first_not_of(' ');
        if (start == std::string::npos || start == 0 || line[start] != '-') continue;
        const std::string names = line.substr(start, line.find("  ", start) - start);
        for (std::sregex_iterator it(names.begin(), names.end(), flag), end; it != end; ++it) flags.insert(it->str());
    }
    return flags;
}

// The statuses of the table under "## Exit status" in docs/spec/cli.md.
std::set<int> spec_statuses() {
    const std::string spec = read_text(std::filesystem::path(CALLBRIDGE_SOURCE_DIR) / "docs/spec/cli.md");
    std::set<int> statuses;
    const std::regex row("\\n\\| ([0-9]+) \\|");
    for (std::sregex_iterator it(spec.begin(), spec.end(), row), end; it != end; ++it)
        statuses.insert(std::stoi((*it)[1].str()));
    return statuses;
}

std::set<int> help_statuses(const std::string& help) {
    std::set<int> statuses;
    const auto at = help.find("Exit status:");
    REQUIRE(at != std::string::npos);
    std::istringstream lines(help.substr(at));
    const std::regex row("^  ([0-9]+) +\\S.*");
    std::smatch m;
    for (std::string line; std::getline(lines, line);)
        if (std::regex_match(line, m, row)) statuses.insert(std::stoi(m[1].str()));
    return statuses;
}

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("help: examples and every exit status the same as the spec's table") {
    const auto top = callbridge_cli({"--help"});
    REQUIRE(top.exit_code == 0);
    CHECK(top.out.find("Examples:\n") != std::string::npos);
    CHECK(top.out.find("callbridge demo") != std::string::npos);
    const std::set<int> expected{0, 1, 2, 3, 4, 5, 6, 7, 8, 130};
    CHECK(help_statuses(top.out) == expected);
    CHECK(spec_statuses() == expected);
    for (const auto& command : commands) {
        CAPTURE(command);
        const auto help = callbridge_cli({command, "--help"});
        REQUIRE(help.exit_code == 0);
        CHECK(help.out.find("Examples:\n  callbridge " + command) != std::string::npos);
        CHECK(help_statuses(help.out) == expected);
    }
    CHECK(top.out.find("generate") == std::string::npos);  // the build's, not the user's
}

TEST_CASE("help: every value has a name that says what it is") {
    for (const auto& command : commands) {
        CAPTURE(command);
        const auto help = callbridge_cli({command, "--help"}).out;
        // CLI11's own names say nothing of the value; only --search takes text.
        const std::regex generic("--([a-z-]+) (TEXT|INT|UINT|FLOAT|NUMBER)(\\s|$)");
        for (std::sregex_iterator it(help.begin(), help.end(), generic), end; it != end; ++it)
            CHECK_MESSAGE(((*it)[1] == "search" && (*it)[2] == "TEXT"), it->str());
    }
    const auto list = callbridge_cli({"list", "--help"}).out;
    for (const char* shown : {"--limit N", "--page-size N", "--timeout SECONDS", "--format jsonl|csv|table",
                              "--plugin PATH", "--dialect FILE", "--from DATE|INSTANT", "--columns COLUMN[,COLUMN...]"})
        CHECK_MESSAGE(list.find(shown) != std::string::npos, shown);
}

TEST_CASE("help: a mistyped flag or command gets a suggestion and status 2") {
    const auto flag = callbridge_cli({"list", "--provider", "autocalls", "--limt", "5"});
    CHECK(flag.exit_code == 2);
    CHECK(flag.err == "callbridge: unknown option '--limt' for callbridge list; did you mean --limit? "
                      "(see callbridge list --help)\n");
    const auto with_value = callbridge_cli({"normalize", "--provider=autocalls", "--fromat=csv", "x.json"});
    CHECK(with_value.exit_code == 2);
    CHECK(with_value.err.find("unknown option '--fromat' for callbridge normalize; did you mean --format?") !=
          std::string::npos);
    const auto far = callbridge_cli({"list", "--provider", "autocalls", "--zzzzzzzz"});
    CHECK(far.exit_code == 2);
    CHECK(far.err.find("unknown option '--zzzzzzzz'") != std::string::npos);
    CHECK(far.err.find("did you mean") == std::string::npos);
    const auto command = callbridge_cli({"lsit", "--provider", "autocalls"});
    CHECK(command.exit_code == 2);
    CHECK(command.err == "callbridge: unknown command 'lsit'; expected one of: list, normalize, sync, changes, mock, "
                         "demo; did you mean list?\n");
    const auto top = callbridge_cli({"--verison"});
    CHECK(top.exit_code == 2);
    CHECK(top.err.find("did you mean --version?") != std::string::npos);
}

TEST_CASE("columns: csv and table write the columns asked for in that order") {
    const std::string page = fixture_path("autocalls/documented-example.json").string();
    const auto csv = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "csv", "--columns",
                                     "created_at,id, status", page});
    REQUIRE(csv.exit_code == 0);
    std::istringstream lines(csv.out);
    std::string header;
    std::getline(lines, header);
    CHECK(header == "created_at,id,status\r");
    const auto all = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "jsonl", page});
    std::size_t rows = 0;
    for (std::string line; std::getline(lines, line); ++rows) {
        CHECK(std::count(line.begin(), line.end(), ',') == 2);
        const std::string id = line.substr(line.find(',') + 1, line.rfind(',') - line.find(',') - 1);
        CHECK_MESSAGE(all.out.find("\"id\":\"" + id + "\"") != std::string::npos, line);
    }
    CHECK(rows == static_cast<std::size_t>(std::count(all.out.begin(), all.out.end(), '\n')));

    const auto table = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "table", "--columns",
                                       "status,id", page});
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.starts_with("STATUS       ID\n"));
}

TEST_CASE("columns: a bad column is status 2 naming it") {
    const std::string page = fixture_path("autocalls/documented-example.json").string();
    const auto typo = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "csv", "--columns", "id,staus", page});
    CHECK(typo.exit_code == 2);
    CHECK(typo.out.empty());
    CHECK(typo.err.find("unknown column 'staus' for --format csv; did you mean status?") != std::string::npos);
    const auto table_only = callbridge_cli({"list", "--provider", "autocalls", "--format", "table", "--columns", "transcript"});
    CHECK(table_only.exit_code == 2);
    CHECK(table_only.err.find("unknown column 'transcript' for --format table") != std::string::npos);
    const auto twice = callbridge_cli({"normalize", "--provider", "autocalls", "--format", "csv", "--columns", "id,id", page});
    CHECK(twice.exit_code == 2);
    CHECK(twice.err.find("'id' twice") != std::string::npos);
    const auto jsonl = callbridge_cli({"normalize", "--provider", "autocalls", "--columns", "id", page});
    CHECK(jsonl.exit_code == 2);
    CHECK(jsonl.err.find("--columns") != std::string::npos);
    CHECK(jsonl.err.find("csv or table only") != std::string::npos);
}

TEST_CASE("completion and man page: every command and flag of --help and bash loads the completion") {
    const std::filesystem::path dir = CALLBRIDGE_GENERATED_DIR;
    const std::string bash = read_text(dir / "callbridge.bash");
    const std::string zsh = read_text(dir / "_callbridge");
    const std::string man = read_text(dir / "callbridge.1");
    auto roff = [](std::string text) {
        std::string out;
        for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
        return out;
    };
    for (const auto& command : commands) {
        CAPTURE(command);
        CHECK(bash.find("        " + command + ")\n") != std::string::npos);
        CHECK(zsh.find("        " + command + ")\n") != std::string::npos);
        CHECK(man.find(".SS \"callbridge " + command + "\"") != std::string::npos);
        const auto flags = flags_in_help(callbridge_cli({command, "--help"}).out);
        CHECK(flags.size() > 1);
        // Each command's own section of each file.
        auto section = [&](const std::string& text, const std::string& start, const std::string& end_marker) {
            const auto at = text.find(start);
            REQUIRE(at != std::string::npos);
            return text.substr(at, text.find(end_marker, at + start.size()) - at);
        };
        // The command's flags: its first word list that starts with a flag
        // (value lists come before it, in `case "$prev"`, and name no flag).
        const std::string bash_part = bash.substr(bash.find("        " + command + ")\n"));
        std::string bash_words = section(bash_part, "COMPREPLY=($(compgen -W \"--", "\n");
        bash_words = " " + bash_words.substr(bash_words.find('"') + 1);
        bash_words = bash_words.substr(0, bash_words.find('"')) + " ";
        const std::string zsh_part = section(zsh, "        " + command + ")\n", "&& return 0");
        const std::string man_part = section(man, ".SS \"callbridge " + command + "\"", ".SS ");
        for (const auto& flag : flags) {
            CAPTURE(flag);
            CHECK(bash_words.find(" " + flag + " ") != std::string::npos);
            CHECK((zsh_part.find("'" + flag + "[") != std::string::npos ||
                   zsh_part.find("'*" + flag + "[") != std::string::npos));  // * for a repeatable one
            CHECK(man_part.find("\\fB" + roff(flag)) != std::string::npos);
        }
    }

    // bash loads it and completes commands, flags and values.
    auto complete = [&](const std::string& words, int cword) {
        const std::string script = "source '" + (dir / "callbridge.bash").string() + "' && COMP_WORDS=(" + words +
                                   ") && COMP_CWORD=" + std::to_string(cword) +
                                   " && _callbridge && printf '%s\\n' \"${COMPREPLY[@]}\"";
        const auto run = run_process({"/bin/bash", "--norc", "-c", script});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(run.err.empty());
        return run.out;
    };
    CHECK(complete("callbridge li", 1) == "list\n");
    CHECK(complete("callbridge list --lim", 2) == "--limit\n");
    CHECK(complete("callbridge list --format ''", 3) == "jsonl\ncsv\ntable\n");
    CHECK(complete("callbridge normalize --provider talk", 3) == "talkover\n");
    CHECK(complete("callbridge list --from ''", 3) == "\n");  // nothing: a date, not the words DATE or INSTANT
    const auto loaded = run_process({"/bin/bash", "--norc", "-c", "source '" + (dir / "callbridge.bash").string() +
                                                                    "' && complete -p callbridge"});
    CHECK(loaded.out == "complete -o filenames -F _callbridge callbridge\n");

    // groff reads the man page without a warning.
    const auto rendered = run_process({"/usr/bin/groff", "-man", "-Tutf8", "-ww", "-z", (dir / "callbridge.1").string()});
    CHECK(rendered.exit_code == 0);
    CHECK(rendered.err.empty());
}

}  // TEST_SUITE
