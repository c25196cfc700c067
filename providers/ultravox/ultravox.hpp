#pragma once
// Ultravox: GET <root>/calls with an X-API-Key header, Django REST
// Framework's cursor paginator (`results`, a `next` URL until null), and no
// status or direction word on a call: both are read from its times, its end
// reason and its medium. Transcripts come from each call's messages
// (--details). The quirks it handles, and where, are listed in QUIRKS.md.

#include <callbridge/kit/list_dialect.hpp>

namespace callbridge {
class Registry;
}

namespace callbridge::providers::ultravox {

/// The messages asked for with one call's details (`pageSize`); a call with
/// more is an error, never a short transcript.
inline constexpr int max_transcript_messages = 1000;

class UltravoxDialect final : public kit::ListDialect {
public:
    UltravoxDialect();

    [[nodiscard]] Error classify_error(const HttpResponse& response, const PageContext& context) const override;

private:
    Error adjust_plan(const CallQuery& query, QueryPlan& plan) const override;
    void refine(CallRecord& record, kit::FieldReader& call, const PageContext& context) const override;
    void refine_details(CallRecord& record, kit::FieldReader& details, const PageContext& context) const override;
};

void register_providers(Registry& registry);

}  // namespace callbridge::providers::ultravox
