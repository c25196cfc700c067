#include <callbridge/call_record.hpp>

#include <callbridge/kit/field_reader.hpp>
#include "json/json_reader.hpp"
#include "json/json_writer.hpp"


#include <charconv>

namespace callbridge {
namespace {

using namespace std::string_view_literals;  // literal fragments appended with no strlen

using detail::append_json_object;
using detail::append_json_string;

// Writers for one value each; keys are written as literal fragments.
void write_string(std::string& out, std::string_view value) { append_json_string(out, value); }

void write_nullable(std::string& out, const std::optional<std::string>& value) {
    if (value)
        append_json_string(out, *value);
    else
        out += "null"sv;
}

template <class Enum>
void write_name(std::string& out, const std::optional<Enum>& value) {
    if (value)
        append_json_string(out, to_string(*value));
    else
        out += "null"sv;
}

void write_object(std::string& out, const std::optional<boost::json::object>& value) {
    if (value)
        append_json_object(out, *value);
    else
        out += "null"sv;
}

void write_money(std::string& out, const std::optional<Decimal>& value) {
    if (value)
        value->append_to(out);
    else
        out += "null"sv;
}

void write_integer(std::string& out, std::int64_t value) {
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    (void)ec;
    out.append(buffer, end);
}

void write_timestamp(std::string& out, Timestamp value) {
    out += '"';
    append_rfc3339(out, value);
    out += '"';
}

void write_timestamp(std::string& out, const std::optional<Timestamp>& value) {
    if (value)
        write_timestamp(out, *value);
    else
        out += "null"sv;
}

template <class Enum>
std::optional<Enum> read_enum(kit::FieldReader& reader, std::string_view key, bool required) {
    auto text = required ? std::optional(reader.required_string(key)) : reader.optional_string(key);
    if (!text || !reader.ok()) return std::nullopt;
    auto value = parse<Enum>(*text);
    if (!value) reader.fail(key, "unknown value " + kit::quoted_excerpt(*text));
    return value;
}

AgentRef read_agent(const boost::json::object& object, std::string path, kit::FieldReader& outer) {
    kit::FieldReader reader(object, std::move(path));
    AgentRef agent{reader.optional_string("id"), reader.optional_string("name"), reader.optional_string("label")};
    if (!reader.ok()) outer.fail("agent", reader.error().details().message);
    return agent;
}

}  // namespace

void append_json(std::string& out, const CallRecord& r, JsonOptions options) {
    out += R"({"source":)"sv;
    write_string(out, r.source);
    out += R"(,"provider":)"sv;
    write_string(out, r.provider);
    out += R"(,"id":)"sv;
    write_string(out, r.id);
    out += R"(,"provider_call_sid":)"sv;
    write_nullable(out, r.provider_call_sid);
    out += R"(,"direction":)"sv;
    write_string(out, to_string(r.direction));
    out += R"(,"status":)"sv;
    write_string(out, to_string(r.status));
    out += R"(,"provider_status":)"sv;
    write_string(out, r.provider_status);
    out += R"(,"ended_by":)"sv;
    write_name(out, r.ended_by);
    out += R"(,"answered_by":)"sv;
    write_name(out, r.answered_by);
    out += R"(,"agent":{"id":)"sv;
    write_nullable(out, r.agent.id);
    out += R"(,"name":)"sv;
    write_nullable(out, r.agent.name);
    out += R"(,"label":)"sv;
    write_nullable(out, r.agent.label);
    out += R"(},"campaign":)"sv;
    if (r.campaign) {
        out += R"({"id":)"sv;
        write_nullable(out, r.campaign->id);
        out += R"(,"name":)"sv;
        write_nullable(out, r.campaign->name);
        out += '}';
    } else {
        out += "null"sv;
    }
    out += R"(,"agent_number":)"sv;
    write_nullable(out, r.agent_number);
    out += R"(,"customer_number":)"sv;
    write_nullable(out, r.customer_number);
    out += R"(,"duration_s":)"sv;
    write_integer(out, r.duration_s);
    out += R"(,"created_at":)"sv;
    write_timestamp(out, r.created_at);
    out += R"(,"updated_at":)"sv;
    write_timestamp(out, r.updated_at);
    out += R"(,"transcript":)"sv;
    write_nullable(out, r.transcript);
    out += R"(,"variables":)"sv;
    append_json_object(out, r.variables);
    out += R"(,"evaluation":)"sv;
    write_object(out, r.evaluation);
    out += R"(,"webhook_response":)"sv;
    write_object(out, r.webhook_response);
    out += R"(,"carrier_cost":)"sv;
    write_money(out, r.carrier_cost);
    out += R"(,"total_cost":)"sv;
    write_money(out, r.total_cost);
    out += R"(,"recording_url":)"sv;
    write_nullable(out, r.recording_url);
    out += R"(,"is_test":)"sv;
    out += r.is_test ? "true"sv : "false"sv;
    out += R"(,"started_at":)"sv;
    write_timestamp(out, r.started_at);
    out += R"(,"ended_at":)"sv;
    write_timestamp(out, r.ended_at);
    out += R"(,"end_reason":)"sv;
    write_nullable(out, r.end_reason);
    out += R"(,"summary":)"sv;
    write_nullable(out, r.summary);
    out += R"(,"currency":)"sv;
    write_nullable(out, r.currency);
    if (options.include_raw) {
        out += R"(,"raw":)"sv;
        append_json_object(out, r.raw);
    }
    out += '}';
}

std::string to_json(const CallRecord& record, JsonOptions options) {
    std::string out;
    out.reserve(512);
    append_json(out, record, options);
    return out;
}

boost::system::result<CallRecord, Error> record_from_json(const boost::json::object& json) {
    kit::FieldReader in(json, "");
    const TimeZone utc;
    CallRecord r;
    r.source = in.required_string("source");
    r.provider = in.required_string("provider");
    r.id = in.required_string("id");
    r.provider_call_sid = in.optional_string("provider_call_sid");
    r.direction = read_enum<Direction>(in, "direction", true).value_or(Direction::outbound);
    r.status = read_enum<CallStatus>(in, "status", true).value_or(CallStatus::unknown);
    r.provider_status = in.required_string("provider_status");
    r.ended_by = read_enum<EndedBy>(in, "ended_by", false);
    r.answered_by = read_enum<AnsweredBy>(in, "answered_by", false);
    if (const auto agent = in.optional_object("agent"))
        r.agent = read_agent(*agent, "agent", in);
    else
        in.fail("agent", "expected an object");
    if (const auto campaign = in.optional_object("campaign")) {
        kit::FieldReader c(*campaign, "campaign");
        r.campaign = CampaignRef{c.optional_string("id"), c.optional_string("name")};
        if (!c.ok()) in.fail("campaign", c.error().details().message);
    }
    r.agent_number = in.optional_string("agent_number");
    r.customer_number = in.optional_string("customer_number");
    if (in.find("duration_s") == nullptr) in.fail("duration_s", "missing");
    r.duration_s = in.non_negative_integer("duration_s", 0);
    r.created_at = in.required_timestamp("created_at", utc);
    r.updated_at = in.required_timestamp("updated_at", utc);
    r.transcript = in.optional_string("transcript");
    r.variables = in.optional_object("variables").value_or(boost::json::object());
    r.evaluation = in.optional_object("evaluation");
    r.webhook_response = in.optional_object("webhook_response");
    r.carrier_cost = in.optional_money("carrier_cost");
    r.total_cost = in.optional_money("total_cost");
    r.recording_url = in.optional_string("recording_url");
    r.is_test = in.boolean("is_test", false);
    // Added later: canonical JSON written before them has none, and reads as null.
    r.started_at = in.optional_timestamp("started_at", utc);
    r.ended_at = in.optional_timestamp("ended_at", utc);
    r.end_reason = in.optional_string("end_reason");
    r.summary = in.optional_string("summary");
    r.currency = in.optional_string("currency");
    if (auto raw = in.optional_object("raw")) r.raw = std::move(*raw);
    if (!in.ok()) return in.error();
    return r;
}

boost::system::result<CallRecord, Error> record_from_json(std::string_view json) {
    boost::system::error_code ec;
    const boost::json::value value = detail::read_json(json, ec);
    if (ec) {
        ErrorDetails details;
        details.message = "not JSON: " + ec.message();
        return Error(errc::malformed_response, std::move(details));
    }
    if (!value.is_object()) {
        ErrorDetails details;
        details.message = "expected a JSON object, got " + std::string(kit::describe_kind(value));
        return Error(errc::malformed_response, std::move(details));
    }
    return record_from_json(value.get_object());
}

}  // namespace callbridge
