#include "autocalls/call_mapping.hpp"

#include "autocalls/status_table.hpp"
#include "detail/field_reader.hpp"

namespace callbridge::providers::autocalls {
namespace {

using detail::FieldReader;

std::optional<std::string> string_member(const boost::json::object& turn, std::string_view a, std::string_view b) {
    for (std::string_view key : {a, b})
        if (const auto* v = turn.if_contains(key); v != nullptr && v->is_string()) return std::string(v->get_string());
    return std::nullopt;
}

// Quirk: the list docs say a string, the post-call webhook sends an array of
// turns: strings as they are, objects as "<sender or role>: <text or content>",
// one line per turn.
std::optional<std::string> transcript(FieldReader& in) {
    const auto* value = in.find("transcript");
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (value->is_string()) return std::string(value->get_string());
    if (!value->is_array()) {
        in.fail("transcript", "expected a string or an array of turns, got " +
                                  std::string(detail::describe_kind(*value)));
        return std::nullopt;
    }
    std::string text;
    std::size_t index = 0;
    for (const auto& turn : value->get_array()) {
        if (index != 0) text += '\n';
        if (turn.is_string()) {
            text += turn.get_string();
        } else if (turn.is_object()) {
            const auto speaker = string_member(turn.get_object(), "sender", "role");
            const auto words = string_member(turn.get_object(), "text", "content");
            if (speaker) text += *speaker + ": ";
            text += words.value_or("");
        } else {
            in.fail("transcript[" + std::to_string(index) + "]",
                    "expected a string or an object, got " + std::string(detail::describe_kind(turn)));
            return std::nullopt;
        }
        ++index;
    }
    return text;
}

std::optional<Direction> direction(FieldReader& in) {
    const std::string type = in.required_string("type");
    if (!in.ok()) return std::nullopt;
    auto parsed = parse<Direction>(type);
    if (!parsed) in.fail("type", "unknown call type " + detail::quoted_excerpt(type) + "; expected inbound, outbound or web");
    return parsed;
}

// Answering-machine detection words such as "machine_end_beep" read as
// machine; any other word the docs do not name reads as unknown.
std::optional<AnsweredBy> answered_by(FieldReader& in) {
    const auto word = in.optional_string("answered_by");
    if (!word || word->empty()) return std::nullopt;
    if (auto exact = parse<AnsweredBy>(*word)) return exact;
    if (word->starts_with("machine")) return AnsweredBy::machine;
    return AnsweredBy::unknown;
}

}  // namespace

boost::system::result<CallRecord, Error> map_call(boost::json::object&& call, std::string path,
                                                  const MappingContext& context) {
    // Moved, not copied: the record keeps the page's memory (see CallRecord::raw),
    // and the objects below are made in it and moved into the record whole.
    boost::json::object raw(std::move(call));
    FieldReader in(raw, std::move(path));
    std::string id = in.required_id("id");
    const auto type = direction(in);
    std::string status = in.required_string("status");
    auto campaign_name = in.optional_string("campaign_name");
    CallRecord record{
        .source = std::string(context.source),
        .provider = std::string(context.provider),
        .id = std::move(id),
        .provider_call_sid = std::nullopt,
        .direction = type.value_or(Direction::outbound),
        .status = status_table().canonical(status),
        .provider_status = status,
        .ended_by = ended_by(status),
        .answered_by = answered_by(in),
        .agent = {std::nullopt, in.optional_string("assistant_name"), std::nullopt},
        .campaign = campaign_name ? std::optional(CampaignRef{std::nullopt, std::move(campaign_name)}) : std::nullopt,
        // Quirk: web calls come with null or empty phone numbers; both read as null.
        .agent_number = in.optional_text("assistant_phone_number"),
        .customer_number = in.optional_text("client_phone_number"),
        .duration_s = in.non_negative_integer("duration", 0),
        // Quirk: "YYYY-MM-DD HH:MM:SS" with no zone, read in the source's zone.
        .created_at = in.required_timestamp("created_at", context.zone),
        .updated_at = in.required_timestamp("updated_at", context.zone),
        .transcript = transcript(in),
        // Quirk: PHP writes an empty map as [], and variables may be null.
        .variables = in.optional_object("variables").value_or(boost::json::object()),
        .evaluation = in.optional_object("evaluation"),
        .webhook_response = in.optional_object("webhook_response"),
        // Quirk: money as a number, a numeric string ("0.0300") or integer 0.
        .carrier_cost = in.optional_money("carrier_cost"),
        .total_cost = in.optional_money("total_cost"),
        .recording_url = in.optional_text("recording_url"),
        .is_test = false,
        // Last: initializers run in order, so every read above is done.
        .raw = std::move(raw),
    };
    if (!in.ok()) return in.error();
    return record;
}

}  // namespace callbridge::providers::autocalls
