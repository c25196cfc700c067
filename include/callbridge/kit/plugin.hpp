#pragma once
// A plugin: a shared library that registers providers. It exports one entry
// point, made by CALLBRIDGE_PLUGIN, that says which callbridge it was built
// against and registers its providers in the host's registry:
//
//     void register_acme(callbridge::Registry& registry) {
//         registry.add(callbridge::ProviderDescriptor{.name = "acme", .dialect = ...});
//     }
//     CALLBRIDGE_PLUGIN("acme", register_acme)
//
// The host (`callbridge --plugin PATH`, or load_plugin() in plugins.hpp)
// refuses a plugin built for another version of the kit. A plugin links no
// copy of callbridge of its own: it uses the host's (callbridge::plugin in
// CMake), so that both share one error category and one registry.

#include <callbridge/registry.hpp>
#include <callbridge/version.hpp>

namespace callbridge::kit {

/// What a plugin's entry point returns. Its layout is the plugin ABI: it
/// changes only with the entry point's name.
struct PluginInfo {
    /// The callbridge version the plugin was built against.
    int major;
    int minor;
    int patch;
    /// The plugin's name, for messages.
    const char* name;
    /// Adds the plugin's providers.
    void (*register_providers)(Registry& registry);
};

/// Whether a plugin built against `major.minor` can run in this program:
/// before 1.0, the same major and minor version; from 1.0, the same major
/// version and a minor version no newer than this one.
bool is_compatible(int major, int minor) noexcept;

}  // namespace callbridge::kit

/// The entry point's name, as dlsym finds it.
#define CALLBRIDGE_PLUGIN_ENTRY_NAME "callbridge_plugin_v1"

/// Defines a plugin's entry point: CALLBRIDGE_PLUGIN("acme", register_acme).
#define CALLBRIDGE_PLUGIN(plugin_name, register_function)                                                     \
    extern "C" __attribute__((visibility("default"))) const ::callbridge::kit::PluginInfo* callbridge_plugin_v1() { \
        static const ::callbridge::kit::PluginInfo info{CALLBRIDGE_VERSION_MAJOR, CALLBRIDGE_VERSION_MINOR,      \
                                                        CALLBRIDGE_VERSION_PATCH, plugin_name, register_function}; \
        return &info;                                                                                           \
    }
