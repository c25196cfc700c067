// A plugin whose description reads a time field as a count: the kit refuses
// it when the plugin registers, and the command says which plugin and why.

#include <callbridge/kit.hpp>

#include <memory>

namespace {

using namespace callbridge;
using namespace callbridge::kit;

void register_misread(Registry& registry) {
    VendorDescription d;
    d.provider = "misread";
    d.default_api_root = "https://misread.example";
    d.endpoint.path = "/calls";
    d.mapping.rules = {{Field::id, {"id"}, Read::id, true}, {Field::created_at, {"created"}, Read::count, true}};
    registry.add(ProviderDescriptor{
        .name = "misread",
        .summary = "a description the kit refuses",
        .dialect = std::make_shared<ListDialect>(std::move(d)),
        .token_env = "MISREAD_API_KEY",
    });
}

}  // namespace

CALLBRIDGE_PLUGIN("misread", register_misread)
