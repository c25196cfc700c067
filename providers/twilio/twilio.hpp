#pragma once
// Twilio Programmable Voice: GET <root>/Accounts/{account}/Calls.json with
// HTTP Basic credentials (the Account SID and its Auth Token, or an API key
// SID and secret), a `calls` envelope and `next_page_uri` links. The quirks
// it handles, and where, are listed in QUIRKS.md.

#include <callbridge/kit/list_dialect.hpp>

namespace callbridge {
class Registry;
}

namespace callbridge::providers::twilio {

class TwilioDialect final : public kit::ListDialect {
public:
    TwilioDialect();

    [[nodiscard]] Error check_access(const SourceAccess& access) const override;
    [[nodiscard]] boost::system::result<CallPage, Error> parse_page(std::string_view body,
                                                                   const PageContext& context) const override;

private:
    [[nodiscard]] Error adjust_plan(const CallQuery& query, QueryPlan& plan) const override;
    void refine(CallRecord& record, kit::FieldReader& call, const PageContext& context) const override;
};

void register_providers(Registry& registry);

}  // namespace callbridge::providers::twilio
