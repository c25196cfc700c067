#pragma once
// `callbridge list`: normalised calls from one or more sources (spec/cli.md).

#include "cli/source_setup.hpp"

#include <CLI/App.hpp>

#include <optional>
#include <string>
#include <vector>

namespace callbridge::cli {

struct ListOptions : SourceFlags {
    std::optional<double> deadline_seconds;

    // Output.
    std::string format = "jsonl";
    std::string columns;
    std::string output;
    bool raw = false;
    bool keep_formulas = false;
    bool quiet = false;
    bool details = false;
};

CLI::App* add_list_command(CLI::App& app, ListOptions& options);

int run_list(const ListOptions& options);

}  // namespace callbridge::cli
