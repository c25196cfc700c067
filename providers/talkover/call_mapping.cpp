#include "talkover/call_mapping.hpp"

#include "detail/field_reader.hpp"
#include "talkover/status_table.hpp"

namespace callbridge::providers::talkover {
namespace {

using detail::FieldReader;

std::optional<std::string> phone_number(FieldReader& in, std::string_view key) {
    auto number = in.optional_string(key);
    if (number && number->empty()) return std::nullopt;
    return number;
}

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
    FieldReader in(call, std::move(path));
    CallRecord r;
    r.source = std::string(context.source);
    r.provider = std::string(context.provider);
    r.id = in.required_id("id");
    r.provider_call_sid = in.optional_string("sid");
    const std::string direction = in.required_string("direction");
    if (in.ok()) {
        if (auto parsed = parse<Direction>(direction))
            r.direction = *parsed;
        else
            in.fail("direction", "unknown direction " + detail::quoted_excerpt(direction) +
                                     "; expected inbound or outbound");
    }
    r.provider_status = in.required_string("status");
    r.status = status_table().canonical(r.provider_status);
    r.agent = agent(in);
    // `from` is the caller: the agent's number on outbound calls, the
    // customer's on inbound ones.
    auto from = phone_number(in, "from");
    auto to = phone_number(in, "to");
    const bool inbound = r.direction == Direction::inbound;
    r.agent_number = inbound ? std::move(to) : std::move(from);
    r.customer_number = inbound ? std::move(from) : std::move(to);
    r.duration_s = in.non_negative_integer("duration", 0);
    // ISO 8601 with or without fractional seconds; fractions are dropped.
    r.created_at = in.required_timestamp("created_at", context.zone);
    r.updated_at = in.required_timestamp("updated_at", context.zone);
    r.is_test = in.boolean("is_testing", false);
    if (!in.ok()) return in.error();
    r.raw = std::move(call);
    return r;
}

}  // namespace callbridge::providers::talkover
