#pragma once
// The providers a command can use: the shipped ones, plugins named by
// CALLBRIDGE_PLUGIN_PATH and --plugin, and dialects described in JSON files
// (--dialect). Shared by list and normalize.

#include <callbridge/error.hpp>
#include <callbridge/registry.hpp>

#include <CLI/App.hpp>

#include <boost/system/result.hpp>

#include <string>
#include <vector>

namespace callbridge::cli {

struct ProviderOptions {
    std::vector<std::string> plugins;
    std::vector<std::string> dialects;
};

/// Adds --plugin and --dialect to a subcommand.
void add_provider_options(CLI::App& command, ProviderOptions& options);

/// The shipped providers, then every plugin and dialect, in that order (a
/// later one may replace an earlier provider of the same name).
boost::system::result<Registry, Error> provider_registry(const ProviderOptions& options);

/// "autocalls, clickspeak or talkover": the shipped providers, for help texts.
std::string shipped_provider_list();

}  // namespace callbridge::cli
