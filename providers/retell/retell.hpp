#pragma once
// Retell AI: POST <root>/v3/list-calls with a JSON body (filter_criteria,
// sort_order, limit, and the answer's pagination_key sent back), an `items`
// envelope with has_more, epoch-millisecond times, cost in cents, and each
// call's transcript only from GET <root>/v2/get-call/{id} (--details). The
// quirks it handles, and where, are listed in QUIRKS.md.

#include <callbridge/kit/list_dialect.hpp>

namespace callbridge {
class Registry;
}

namespace callbridge::providers::retell {

class RetellDialect final : public kit::ListDialect {
public:
    RetellDialect();

private:
    [[nodiscard]] Error adjust_plan(const CallQuery& query, QueryPlan& plan) const override;
    void refine(CallRecord& record, kit::FieldReader& call, const PageContext& context) const override;
    void refine_details(CallRecord& record, kit::FieldReader& details, const PageContext& context) const override;
};

void register_providers(Registry& registry);

}  // namespace callbridge::providers::retell
