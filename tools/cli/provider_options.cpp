#include "cli/provider_options.hpp"

#include <callbridge/plugins.hpp>
#include <callbridge/providers.hpp>

#include <cstdlib>

namespace callbridge::cli {

void add_provider_options(CLI::App& command, ProviderOptions& o) {
    command.add_option("--plugin", o.plugins, "Load providers from this plugin (a shared library); repeatable")
        ->allow_extra_args(false)
        ->type_name("PATH");
    command.add_option("--dialect", o.dialects, "Load a provider described in this JSON file; repeatable")
        ->allow_extra_args(false)
        ->type_name("FILE");
}

boost::system::result<Registry, Error> provider_registry(const ProviderOptions& o) {
    Registry registry = Registry::with_shipped_providers();
    std::vector<std::string> plugins;
    if (const char* path = std::getenv("CALLBRIDGE_PLUGIN_PATH")) plugins = plugin_files(path);
    plugins.insert(plugins.end(), o.plugins.begin(), o.plugins.end());
    for (const std::string& plugin : plugins)
        if (Error e = load_plugin(plugin, registry)) return e;
    for (const std::string& dialect : o.dialects)
        if (Error e = load_json_dialect_file(dialect, registry)) return e;
    return registry;
}

std::string shipped_provider_list() {
    const auto& names = shipped_providers();
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

}  // namespace callbridge::cli
