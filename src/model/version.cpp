#include <callbridge/version.hpp>

namespace callbridge {

std::string_view runtime_version() noexcept { return version_string; }

}  // namespace callbridge
