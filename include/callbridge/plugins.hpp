#pragma once
// Loading plugins into a registry: shared libraries made with
// CALLBRIDGE_PLUGIN (kit/plugin.hpp), and dialects described in JSON files
// (kit/json_dialect.hpp).

#include <callbridge/error.hpp>
#include <callbridge/registry.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

/// Loads the plugin at `path` and registers its providers. The error (an
/// invalid option "plugin") says why a plugin cannot be used: the file does
/// not load, has no entry point, was built for another version of
/// callbridge (naming both), or threw while registering (a ListDialect the
/// kit refuses says why; providers registered before the throw stay in
/// `registry`). A loaded plugin stays loaded for the program's life.
Error load_plugin(const std::string& path, Registry& registry);

/// The plugin files a CALLBRIDGE_PLUGIN_PATH value names: entries separated
/// by ':', each a file or a directory (whose *.so files are taken, sorted).
/// As in PATH, an entry that does not exist is passed over.
std::vector<std::string> plugin_files(std::string_view search_path);

/// Loads a dialect described in JSON (docs/plugins.md) and registers it.
Error load_json_dialect_file(const std::string& path, Registry& registry);

}  // namespace callbridge
