// callbridge: call records from several voice-AI vendors, in one model.
// The subcommands are thin layers over the library (spec/cli.md).

#include "cli/changes_command.hpp"
#include "cli/exit_status.hpp"
#include "cli/help.hpp"
#include "cli/list_command.hpp"
#include "cli/mock_command.hpp"
#include "cli/normalize_command.hpp"
#include "cli/sync_command.hpp"

#include <callbridge/version.hpp>

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <CLI/Validators.hpp>

#include <algorithm>
#include <iostream>

int main(int argc, char** argv) {
    using namespace callbridge::cli;
    std::ios::sync_with_stdio(false);

    CLI::App app("callbridge: call records from several voice-AI vendors, in one model", "callbridge");
    app.require_subcommand(1);
    app.set_version_flag("--version", "callbridge " + std::string(callbridge::version_string));

    ListOptions list;
    CLI::App* list_command = add_list_command(app, list);
    NormalizeOptions normalize;
    CLI::App* normalize_command = add_normalize_command(app, normalize);
    SyncCommandOptions sync;
    CLI::App* sync_command = add_sync_command(app, sync);
    ChangesOptions changes;
    CLI::App* changes_command = add_changes_command(app, changes);
    MockCommandOptions mock;
    CLI::App* mock_command = add_mock_command(app, mock);
    DemoOptions demo;
    CLI::App* demo_command = add_demo_command(app, demo);

    // Made from this same command tree, so that they cannot drift from it;
    // the build writes them out for `cmake --install` (hidden from --help).
    std::string generate_what;
    CLI::App* generate_command =
        app.add_subcommand("generate", "Write the bash or zsh completion script, or the man page, to standard output");
    generate_command->group("");
    generate_command->add_option("what", generate_what, "bash, zsh or man")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "man"}));

    finish_help(app);

    const std::vector<std::string> commands = command_names(app);
    const bool known_command = argc > 1 && (std::string_view(argv[1]) == "generate" ||
                                            std::find(commands.begin(), commands.end(), argv[1]) != commands.end());
    if (argc > 1 && argv[1][0] != '-' && !known_command) {
        std::string known;
        for (const std::string& command : commands) known += (known.empty() ? "" : ", ") + command;
        const std::string suggestion = closest(argv[1], commands);
        report("unknown command '" + std::string(argv[1]) + "'; expected one of: " + known +
               (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"));
        return exit_usage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        if (const std::string unknown = unknown_option_message(app, argc, argv); !unknown.empty()) {
            report(unknown);
            return exit_usage;
        }
        const std::string where = argc > 1 && known_command ? "callbridge " + std::string(argv[1]) : "callbridge";
        report(std::string(e.what()) + " (see " + where + " --help)");
        return exit_usage;
    }

    if (generate_command->parsed()) {
        std::cout << (generate_what == "bash" ? bash_completion(app)
                      : generate_what == "zsh" ? zsh_completion(app)
                                               : man_page(app));
        return std::cout.flush() ? exit_success : exit_failure;
    }
    try {
        if (list_command->parsed()) return run_list(list);
        if (normalize_command->parsed()) return run_normalize(normalize);
        if (sync_command->parsed()) return run_sync(sync);
        if (changes_command->parsed()) return run_changes(changes);
        if (mock_command->parsed()) return run_mock(mock);
        if (demo_command->parsed()) return run_demo(demo);
    } catch (const std::exception& e) {
        report(std::string("unexpected failure: ") + e.what());
        return exit_failure;
    }
    return exit_usage;
}
