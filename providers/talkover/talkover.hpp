#pragma once
// Talkover and its other brands: GET <root>/calls, a `success` envelope and
// a `pagination` or `meta` paginator. The quirks it handles, and where, are
// listed in QUIRKS.md.

#include <callbridge/kit/list_dialect.hpp>

namespace callbridge {
class Registry;
}

namespace callbridge::providers::talkover {

class TalkoverDialect final : public kit::ListDialect {
public:
    TalkoverDialect();

private:
    void refine(CallRecord& record, kit::FieldReader& call, const PageContext& context) const override;
};

void register_providers(Registry& registry);

}  // namespace callbridge::providers::talkover
