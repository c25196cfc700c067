#pragma once
// ElevenLabs Agents (Conversational AI): GET <root>/v1/convai/conversations
// with an `xi-api-key` header, an opaque cursor with `has_more`, and one
// GET <root>/v1/convai/conversations/{id} per conversation for what the list
// leaves out (numbers, call SID, cost, transcript, analysis). The quirks it
// handles, and where, are listed in QUIRKS.md.

#include <callbridge/kit/list_dialect.hpp>

namespace callbridge {
class Registry;
}

namespace callbridge::providers::elevenlabs {

class ElevenLabsDialect final : public kit::ListDialect {
public:
    ElevenLabsDialect();

private:
    Error adjust_plan(const CallQuery& query, QueryPlan& plan) const override;
    void refine(CallRecord& record, kit::FieldReader& call, const PageContext& context) const override;
    void refine_details(CallRecord& record, kit::FieldReader& details, const PageContext& context) const override;
};

void register_providers(Registry& registry);

}  // namespace callbridge::providers::elevenlabs
