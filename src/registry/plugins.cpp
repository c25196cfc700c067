#include <callbridge/plugins.hpp>

#include <callbridge/kit/json_dialect.hpp>
#include <callbridge/kit/plugin.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace callbridge {
namespace kit {

bool is_compatible(int major, int minor) noexcept {
    if (major != CALLBRIDGE_VERSION_MAJOR) return false;
    return major == 0 ? minor == CALLBRIDGE_VERSION_MINOR : minor <= CALLBRIDGE_VERSION_MINOR;
}

}  // namespace kit

namespace {

Error plugin_error(const std::string& path, std::string why) {
    return invalid_option("plugin", "'" + path + "' " + std::move(why));
}

}  // namespace

Error load_plugin(const std::string& path, Registry& registry) {
    // Its symbols stay its own (RTLD_LOCAL); callbridge's are the host's.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        return plugin_error(path, std::string("cannot be loaded: ") + (why != nullptr ? why : "unknown reason"));
    }
    using Entry = const kit::PluginInfo* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, CALLBRIDGE_PLUGIN_ENTRY_NAME));
    if (entry == nullptr) {
        ::dlclose(handle);
        return plugin_error(path, "is not a callbridge plugin (it has no " CALLBRIDGE_PLUGIN_ENTRY_NAME
                                  " entry point; define one with CALLBRIDGE_PLUGIN)");
    }
    const kit::PluginInfo* info = entry();
    const std::string built_for = info == nullptr ? "?" : std::to_string(info->major) + "." + std::to_string(info->minor) + "." +
                                                             std::to_string(info->patch);
    if (info == nullptr || info->register_providers == nullptr || !kit::is_compatible(info->major, info->minor)) {
        // Not closed: a plugin's static objects may already be in use.
        return plugin_error(path, "was built for callbridge " + built_for + "; this is callbridge " +
                                      std::string(runtime_version()) + " (rebuild the plugin against it)");
    }
    try {
        info->register_providers(registry);
    } catch (const std::exception& e) {
        // A description the kit refuses (kit::ListDialect names what is wrong).
        return plugin_error(path, std::string("could not register its providers: ") + e.what());
    } catch (...) {
        return plugin_error(path, "could not register its providers: it threw what is not a std::exception");
    }
    return {};
}

std::vector<std::string> plugin_files(std::string_view search_path) {
    std::vector<std::string> files;
    while (!search_path.empty()) {
        const auto colon = search_path.find(':');
        const std::string entry(search_path.substr(0, colon));
        search_path = colon == std::string_view::npos ? std::string_view() : search_path.substr(colon + 1);
        if (entry.empty()) continue;
        std::error_code ec;
        if (std::filesystem::is_directory(entry, ec)) {
            std::vector<std::string> found;
            for (const auto& item : std::filesystem::directory_iterator(entry, ec))
                if (item.path().extension() == ".so") found.push_back(item.path().string());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (std::filesystem::exists(entry, ec)) {
            files.push_back(entry);
        }  // as in PATH, an entry that is not there is passed over
    }
    return files;
}

Error load_json_dialect_file(const std::string& path, Registry& registry) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return invalid_option("dialect", "cannot read '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    auto dialect = kit::load_json_dialect(text.str());
    if (!dialect) {
        Error error = dialect.error();
        error.details().message = "'" + path + "': " + error.details().field +
                                  (error.details().field.empty() ? "" : " ") + error.details().message;
        error.details().field.clear();
        return error;
    }
    registry.add(ProviderDescriptor{.name = std::string((*dialect)->provider()),
                                    .summary = "described in " + path,
                                    .dialect = *dialect});
    return {};
}

}  // namespace callbridge
