// A plugin whose registration throws what is not a std::exception: the
// loader refuses it naming the plugin, rather than let the throw end the
// command.

#include <callbridge/kit.hpp>

namespace {

void register_throwing(callbridge::Registry&) { throw 42; }

}  // namespace

CALLBRIDGE_PLUGIN("throws_other", register_throwing)
