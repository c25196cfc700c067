// callbridge: call records from several voice-AI vendors, in one model.
// The subcommands are thin layers over the library (spec/cli.md).

#include "cli/exit_status.hpp"
#include "cli/list_command.hpp"
#include "cli/mock_command.hpp"
#include "cli/normalize_command.hpp"

#include <callbridge/version.hpp>

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

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
    MockCommandOptions mock;
    CLI::App* mock_command = add_mock_command(app, mock);
    DemoOptions demo;
    CLI::App* demo_command = add_demo_command(app, demo);

    const auto commands = app.get_subcommands({});
    const bool known_command = std::any_of(commands.begin(), commands.end(), [&](const CLI::App* command) {
        return argc > 1 && command->get_name() == argv[1];
    });
    if (argc > 1 && argv[1][0] != '-' && !known_command) {
        std::string known;
        for (const CLI::App* command : commands) known += (known.empty() ? "" : ", ") + command->get_name();
        report("unknown command '" + std::string(argv[1]) + "'; expected one of: " + known);
        return exit_usage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        report(std::string(e.what()) + " (see callbridge --help)");
        return exit_usage;
    }

    try {
        if (list_command->parsed()) return run_list(list);
        if (normalize_command->parsed()) return run_normalize(normalize);
        if (mock_command->parsed()) return run_mock(mock);
        if (demo_command->parsed()) return run_demo(demo);
    } catch (const std::exception& e) {
        report(std::string("unexpected failure: ") + e.what());
        return exit_failure;
    }
    return exit_usage;
}
