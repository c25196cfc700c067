#pragma once
// `callbridge list`: normalised calls from one or more sources (spec/cli.md).

#include "cli/provider_options.hpp"

#include <CLI/App.hpp>

#include <optional>
#include <string>
#include <vector>

namespace callbridge::cli {

struct ListOptions {
    // One source from flags...
    std::string provider;
    std::string base_url;
    std::string token_env;
    std::string source_name;
    std::string timezone;
    // ...or several from a file.
    std::string config;

    // Filters, as text; each goes through callbridge::set_filter.
    std::vector<std::string> statuses;
    std::string provider_status, direction, agent_id, campaign_id, customer_number, search, from, to, limit,
        page_size;

    // Transport.
    std::vector<std::string> ca_files;
    int concurrency = 4;
    std::optional<double> timeout_seconds;
    std::optional<int> max_retries;
    std::optional<double> deadline_seconds;
    bool insecure_http = false;

    // Output.
    std::string format = "jsonl";
    std::string output;
    bool raw = false;
    bool keep_formulas = false;
    bool quiet = false;
    bool details = false;

    ProviderOptions providers;
};

CLI::App* add_list_command(CLI::App& app, ListOptions& options);

int run_list(const ListOptions& options);

}  // namespace callbridge::cli
