#include <callbridge/call_record.hpp>

#include "detail/field_reader.hpp"
#include "detail/json_writer.hpp"

#include <boost/json/parse.hpp>

#include <charconv>

namespace callbridge {
namespace {

using detail::append_json_object;
using detail::append_json_string;

class RecordWriter {
public:
    explicit RecordWriter(std::string& out) : out_(out) { out_ += '{'; }

    RecordWriter& key(std::string_view name) {
        if (!first_) out_ += ',';
        first_ = false;
        append_json_string(out_, name);
        out_ += ':';
        return *this;
    }
    void null() { out_ += "null"; }
    void string(std::string_view value) { append_json_string(out_, value); }
    void nullable(const std::optional<std::string>& value) { value ? string(*value) : null(); }
    template <class Enum>
    void name(const std::optional<Enum>& value) {
        value ? string(to_string(*value)) : null();
    }
    void object(const boost::json::object& value) { append_json_object(out_, value); }
    void object(const std::optional<boost::json::object>& value) { value ? object(*value) : null(); }
    void money(const std::optional<Decimal>& value) { value ? value->append_to(out_) : null(); }
    void integer(std::int64_t value) {
        char buffer[24];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        (void)ec;
        out_.append(buffer, end);
    }
    void timestamp(Timestamp value) {
        out_ += '"';
        append_rfc3339(out_, value);
        out_ += '"';
    }
    void boolean(bool value) { out_ += value ? "true" : "false"; }
    void close() { out_ += '}'; }

private:
    std::string& out_;
    bool first_ = true;
};

template <class Enum>
std::optional<Enum> read_enum(detail::FieldReader& reader, std::string_view key, bool required) {
    auto text = required ? std::optional(reader.required_string(key)) : reader.optional_string(key);
    if (!text || !reader.ok()) return std::nullopt;
    auto value = parse<Enum>(*text);
    if (!value) reader.fail(key, "unknown value " + detail::quoted_excerpt(*text));
    return value;
}

AgentRef read_agent(const boost::json::object& object, std::string path, detail::FieldReader& outer) {
    detail::FieldReader reader(object, std::move(path));
    AgentRef agent{reader.optional_string("id"), reader.optional_string("name"), reader.optional_string("label")};
    if (!reader.ok()) outer.fail("agent", reader.error().details().message);
    return agent;
}

}  // namespace

void append_json(std::string& out, const CallRecord& r, JsonOptions options) {
    RecordWriter w(out);
    w.key("source").string(r.source);
    w.key("provider").string(r.provider);
    w.key("id").string(r.id);
    w.key("provider_call_sid").nullable(r.provider_call_sid);
    w.key("direction").string(to_string(r.direction));
    w.key("status").string(to_string(r.status));
    w.key("provider_status").string(r.provider_status);
    w.key("ended_by").name(r.ended_by);
    w.key("answered_by").name(r.answered_by);
    w.key("agent");
    {
        RecordWriter agent(out);
        agent.key("id").nullable(r.agent.id);
        agent.key("name").nullable(r.agent.name);
        agent.key("label").nullable(r.agent.label);
        agent.close();
    }
    w.key("campaign");
    if (r.campaign) {
        RecordWriter campaign(out);
        campaign.key("id").nullable(r.campaign->id);
        campaign.key("name").nullable(r.campaign->name);
        campaign.close();
    } else {
        w.null();
    }
    w.key("agent_number").nullable(r.agent_number);
    w.key("customer_number").nullable(r.customer_number);
    w.key("duration_s").integer(r.duration_s);
    w.key("created_at").timestamp(r.created_at);
    w.key("updated_at").timestamp(r.updated_at);
    w.key("transcript").nullable(r.transcript);
    w.key("variables").object(r.variables);
    w.key("evaluation").object(r.evaluation);
    w.key("webhook_response").object(r.webhook_response);
    w.key("carrier_cost").money(r.carrier_cost);
    w.key("total_cost").money(r.total_cost);
    w.key("recording_url").nullable(r.recording_url);
    w.key("is_test").boolean(r.is_test);
    if (options.include_raw) w.key("raw").object(r.raw);
    w.close();
}

std::string to_json(const CallRecord& record, JsonOptions options) {
    std::string out;
    out.reserve(512);
    append_json(out, record, options);
    return out;
}

boost::system::result<CallRecord, Error> record_from_json(const boost::json::object& json) {
    detail::FieldReader in(json, "");
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
        detail::FieldReader c(*campaign, "campaign");
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
    if (auto raw = in.optional_object("raw")) r.raw = std::move(*raw);
    if (!in.ok()) return in.error();
    return r;
}

boost::system::result<CallRecord, Error> record_from_json(std::string_view json) {
    boost::system::error_code ec;
    const boost::json::value value = boost::json::parse(json, ec);
    if (ec) {
        ErrorDetails details;
        details.message = "not JSON: " + ec.message();
        return Error(errc::malformed_response, std::move(details));
    }
    if (!value.is_object()) {
        ErrorDetails details;
        details.message = "expected a JSON object, got " + std::string(detail::describe_kind(value));
        return Error(errc::malformed_response, std::move(details));
    }
    return record_from_json(value.get_object());
}

}  // namespace callbridge
