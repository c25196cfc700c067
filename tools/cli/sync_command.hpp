#pragma once
// `callbridge sync`: keep a store of calls current (spec/sync.md), and
// `callbridge changes`: read its change feed.

#include "cli/source_setup.hpp"

#include <CLI/App.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace callbridge::cli {

struct SyncCommandOptions : SourceFlags {
    std::string store = "sqlite:callbridge.db";
    std::string lookback = "2h";
    std::string max_open_age = "48h";
    std::string watch;  ///< empty: one run
    std::string lease = "60s";
    bool emit = false;
    std::vector<std::string> resets;
    bool quiet = false;
};

CLI::App* add_sync_command(CLI::App& app, SyncCommandOptions& options);

int run_sync(const SyncCommandOptions& options);

}  // namespace callbridge::cli
