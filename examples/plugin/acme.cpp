// A plugin for Acme Voice, a fictional vendor, written against the installed
// callbridge provider kit only. Acme lists calls at GET <root>/calls with
// an X-Acme-Key header, in an envelope of its own ({"calls": [...],
// "paging": {"next": ..., "more": ...}}), pages by an opaque cursor sent
// back as ?after=, prices calls in cents as strings, and writes durations
// as "m:ss" text: the one quirk no table can say, so it is a refine() hook.

#include <callbridge/kit.hpp>

#include <charconv>
#include <memory>

namespace acme {

using namespace callbridge;
using namespace callbridge::kit;

VendorDescription description() {
    VendorDescription d;
    d.provider = "acme";
    d.default_api_root = "https://api.acme-voice.example/v2";
    d.endpoint.path = "/calls";
    d.auth = {Auth::Scheme::header, "X-Acme-Key", ""};
    d.records = "calls";
    d.paging = CursorPaging{CursorPaging::SentIn::query, "after", "limit", "paging.next", "paging.more"};
    d.max_page_size = 50;
    d.mapping.rules = {
        {Field::id, {"ref"}, Read::id, true},
        {Field::created_at, {"placed_at"}, Read::time, true},
        {Field::updated_at, {"changed_at", "placed_at"}, Read::time},
        {Field::provider_status, {"outcome"}, Read::string, true},
        {Field::direction, {"leg"}, Read::string, true},
        {Field::from_number, {"caller"}, Read::text},
        {Field::to_number, {"callee"}, Read::text},
        {Field::agent_id, {"bot.key"}, Read::id},
        {Field::agent_name, {"bot.title"}, Read::string},
        {Field::total_cost, {"price_cents"}, Read::money_cents},
        {Field::transcript, {"lines"}, Read::transcript_turns},
        {Field::answered_by, {"answered"}, Read::string},
    };
    d.mapping.statuses = StatusTable({{"answered", CallStatus::completed},
                                      {"voicemail", CallStatus::completed},
                                      {"engaged", CallStatus::busy},
                                      {"unreached", CallStatus::no_answer},
                                      {"live", CallStatus::in_progress},
                                      {"dropped", CallStatus::failed}},
                                     {"answered", "voicemail", "engaged", "unreached", "live", "dropped"});
    d.mapping.directions = {{{"in", Direction::inbound}, {"out", Direction::outbound}, {"browser", Direction::web}}};
    d.mapping.answered_by = {{{"person", AnsweredBy::human}, {"machine", AnsweredBy::machine}}};
    d.mapping.currency = "USD";
    d.query.status_param = "outcome";
    d.query.direction_param = "leg";
    d.query.pushdowns = {
        {Filter::agent_id, "bot"},
        {Filter::created_from, "since", ParamFormat::rfc3339},
        {Filter::created_to, "until", ParamFormat::rfc3339},
    };
    d.query.refusals = {{Filter::campaign_id, "is not offered by acme (it has no campaigns)"}};
    return d;
}

class AcmeDialect final : public ListDialect {
public:
    AcmeDialect() : ListDialect(acme::description()) {}

private:
    // Quirk: durations as "m:ss" text ("3:05"), or absent while a call is live.
    void refine(CallRecord& record, FieldReader& call, const PageContext&) const override {
        const auto text = call.optional_text("length");
        if (!text) return;
        const auto colon = text->find(':');
        int minutes = -1, seconds = -1;
        if (colon != std::string::npos) {
            std::from_chars(text->data(), text->data() + colon, minutes);
            std::from_chars(text->data() + colon + 1, text->data() + text->size(), seconds);
        }
        if (minutes < 0 || seconds < 0 || seconds > 59) {
            call.fail("length", "expected m:ss, got " + quoted_excerpt(*text));
            return;
        }
        record.duration_s = minutes * 60 + seconds;
    }
};

void register_providers(Registry& registry) {
    registry.add(ProviderDescriptor{
        .name = "acme",
        .summary = "Acme Voice (a fictional vendor, from examples/plugin)",
        .dialect = std::make_shared<AcmeDialect>(),
        .token_env = "ACME_API_KEY",
    });
}

}  // namespace acme

CALLBRIDGE_PLUGIN("acme", acme::register_providers)
