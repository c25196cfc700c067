#pragma once
// The providers callbridge ships: each is a folder under providers/, written
// against the public provider kit exactly as a plugin is, and registered from
// one list (providers/vendors.cmake).

#include <callbridge/dialect.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

class Registry;

/// Adds every shipped provider to `registry`.
void register_shipped_providers(Registry& registry);

/// The dialect of a shipped provider ("autocalls"), or nullptr.
std::shared_ptr<const Dialect> find_dialect(std::string_view provider);

/// The shipped providers' names, sorted.
const std::vector<std::string>& shipped_providers();

}  // namespace callbridge
