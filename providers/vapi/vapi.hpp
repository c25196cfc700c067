#pragma once
// Vapi: GET <root>/call, a bare JSON array with no paging on the wire, read
// in windows of creation time (createdAtGe/createdAtLt/limit). The quirks it
// handles, and where, are listed in QUIRKS.md.

#include <callbridge/kit/list_dialect.hpp>

#include <cstdint>

namespace callbridge {
class Registry;
}

namespace callbridge::providers::vapi {

/// The most calls one answer holds (`limit`'s maximum).
inline constexpr std::uint32_t max_limit = 1000;

class VapiDialect final : public kit::ListDialect {
public:
    /// `window_size`: the `limit` sent with every window (tests read smaller
    /// windows to see them split).
    explicit VapiDialect(std::uint32_t window_size = max_limit);

private:
    void refine(CallRecord& record, kit::FieldReader& call, const PageContext& context) const override;
};

void register_providers(Registry& registry);

}  // namespace callbridge::providers::vapi
