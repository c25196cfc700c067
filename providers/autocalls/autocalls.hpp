#pragma once
// Autocalls, ClickSpeak and the platform's other brands: one wire dialect
// (GET <root>/user/calls, Laravel's flat paginator), described as data.
// The quirks it handles, and where, are listed in QUIRKS.md.

#include <callbridge/kit/list_dialect.hpp>

#include <string>

namespace callbridge {
class Registry;
}

namespace callbridge::providers::autocalls {

/// The dialect under a brand's provider name and default API root.
kit::VendorDescription description(std::string provider, std::string default_api_root);

/// Registers autocalls and clickspeak.
void register_providers(Registry& registry);

}  // namespace callbridge::providers::autocalls
