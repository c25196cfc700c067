#include "talkover/call_mapping.hpp"

#include "detail/field_reader.hpp"
#include "talkover/status_table.hpp"

namespace callbridge::providers::talkover {
namespace {

using detail::FieldReader;

AgentRef agent(FieldReader& in) {
    const auto object = in.optional_object("agent");
    if (!object) return {};
    FieldReader agent_in(*object, "agent");
    AgentRef agent{agent_in.optional_id("id"), agent_in.optional_string("name"), agent_in.optional_string("label")};
    if (!agent_in.ok()) in.fail("agent", agent_in.error().details().message);
    return agent;
}

}  // namespace

boost::system::result<CallRecord, Error> map_call(boost::json::object&& call, std::string path,
                                                  const MappingContext& context) {
    // Moved, not copied: the record keeps the page's memory (see CallRecord::raw).
    boost::json::object raw(std::move(call));
    FieldReader in(raw, std::move(path));
    std::string id = in.required_id("id");
    const auto sid = in.optional_string("sid");
    const std::string direction_word = in.required_string("direction");
    auto direction = parse<Direction>(direction_word);
    if (!direction && in.ok())
        in.fail("direction", "unknown direction " + detail::quoted_excerpt(direction_word) +
                                 "; expected inbound or outbound");
    const bool inbound = direction == Direction::inbound;
    std::string status = in.required_string("status");
    // `from` is the caller: the agent's number on outbound calls, the
    // customer's on inbound ones.
    auto from = in.optional_text("from");
    auto to = in.optional_text("to");
    CallRecord record{
        .source = std::string(context.source),
        .provider = std::string(context.provider),
        .id = std::move(id),
        .provider_call_sid = sid,
        .direction = direction.value_or(Direction::outbound),
        .status = status_table().canonical(status),
        .provider_status = std::move(status),
        .ended_by = std::nullopt,
        .answered_by = std::nullopt,
        .agent = agent(in),
        .campaign = std::nullopt,
        .agent_number = inbound ? std::move(to) : std::move(from),
        .customer_number = inbound ? std::move(from) : std::move(to),
        .duration_s = in.non_negative_integer("duration", 0),
        // ISO 8601 with or without fractional seconds; fractions are dropped.
        .created_at = in.required_timestamp("created_at", context.zone),
        .updated_at = in.required_timestamp("updated_at", context.zone),
        .transcript = std::nullopt,
        .variables = {},
        .evaluation = std::nullopt,
        .webhook_response = std::nullopt,
        .carrier_cost = std::nullopt,
        .total_cost = std::nullopt,
        .recording_url = std::nullopt,
        .is_test = in.boolean("is_testing", false),
        // Last: initializers run in order, so every read above is done.
        .raw = std::move(raw),
    };
    if (!in.ok()) return in.error();
    return record;
}

}  // namespace callbridge::providers::talkover
