#pragma once
// `callbridge normalize`: saved vendor list responses to canonical records.

#include "cli/provider_options.hpp"

#include <CLI/App.hpp>

#include <string>
#include <vector>

namespace callbridge::cli {

struct NormalizeOptions {
    std::string provider;
    std::string source_name;
    std::string timezone = "UTC";
    std::string format = "jsonl";
    std::string columns;
    std::string output;
    bool raw = false;
    bool keep_formulas = false;
    std::vector<std::string> files;
    ProviderOptions providers;
};

/// Adds the subcommand and its options to `app`.
CLI::App* add_normalize_command(CLI::App& app, NormalizeOptions& options);

/// Runs it; returns the exit status.
int run_normalize(const NormalizeOptions& options);

}  // namespace callbridge::cli
