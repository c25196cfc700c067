#pragma once
// `callbridge changes`: a store's change feed after a sequence number, as
// JSON lines, CSV or a table (spec/sync.md, "The change feed").

#include <CLI/App.hpp>

#include <cstdint>
#include <string>

namespace callbridge::cli {

struct ChangesOptions {
    std::string store = "sqlite:callbridge.db";
    std::uint64_t since = 0;
    std::string format = "jsonl";
};

CLI::App* add_changes_command(CLI::App& app, ChangesOptions& options);

int run_changes(const ChangesOptions& options);

}  // namespace callbridge::cli
