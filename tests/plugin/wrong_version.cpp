// A plugin that says it was built for another callbridge: it must be refused.

#include <callbridge/kit/plugin.hpp>

namespace {
void register_nothing(callbridge::Registry&) {}
}  // namespace

extern "C" __attribute__((visibility("default"))) const callbridge::kit::PluginInfo* callbridge_plugin_v1() {
    static const callbridge::kit::PluginInfo info{CALLBRIDGE_VERSION_MAJOR, CALLBRIDGE_VERSION_MINOR + 7, 0, "old",
                                                  register_nothing};
    return &info;
}
