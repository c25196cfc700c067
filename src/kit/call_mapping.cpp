#include <callbridge/kit/call_mapping.hpp>

#include "kit/mapping_kinds.hpp"
#include "kit/rule_slots.hpp"

#include <array>
#include <stdexcept>
#include <utility>
#include <variant>

namespace callbridge::kit {
namespace {

constexpr std::array<std::pair<Field, std::string_view>, 31> field_names{{
    {Field::id, "id"},
    {Field::provider_call_sid, "provider_call_sid"},
    {Field::direction, "direction"},
    {Field::provider_status, "provider_status"},
    {Field::ended_by, "ended_by"},
    {Field::answered_by, "answered_by"},
    {Field::agent_id, "agent_id"},
    {Field::agent_name, "agent_name"},
    {Field::agent_label, "agent_label"},
    {Field::campaign_id, "campaign_id"},
    {Field::campaign_name, "campaign_name"},
    {Field::agent_number, "agent_number"},
    {Field::customer_number, "customer_number"},
    {Field::from_number, "from_number"},
    {Field::to_number, "to_number"},
    {Field::duration_s, "duration_s"},
    {Field::created_at, "created_at"},
    {Field::updated_at, "updated_at"},
    {Field::started_at, "started_at"},
    {Field::ended_at, "ended_at"},
    {Field::transcript, "transcript"},
    {Field::variables, "variables"},
    {Field::evaluation, "evaluation"},
    {Field::webhook_response, "webhook_response"},
    {Field::carrier_cost, "carrier_cost"},
    {Field::total_cost, "total_cost"},
    {Field::currency, "currency"},
    {Field::recording_url, "recording_url"},
    {Field::is_test, "is_test"},
    {Field::end_reason, "end_reason"},
    {Field::summary, "summary"},
}};

constexpr std::array<std::pair<Read, std::string_view>, 16> read_names{{
    {Read::string, "string"},
    {Read::text, "text"},
    {Read::id, "id"},
    {Read::count, "count"},
    {Read::milliseconds, "milliseconds"},
    {Read::duration_text, "duration_text"},
    {Read::boolean, "boolean"},
    {Read::object, "object"},
    {Read::money, "money"},
    {Read::money_cents, "money_cents"},
    {Read::money_magnitude, "money_magnitude"},
    {Read::time, "time"},
    {Read::time_rfc2822, "time_rfc2822"},
    {Read::time_epoch_seconds, "time_epoch_seconds"},
    {Read::time_epoch_ms, "time_epoch_ms"},
    {Read::transcript_turns, "transcript_turns"},
}};

std::optional<std::string> string_member(const boost::json::object& turn, std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys)
        if (const auto* v = turn.if_contains(key); v != nullptr && v->is_string()) return std::string(v->get_string());
    return std::nullopt;
}

// Turns of a conversation, one line each: strings as they are, objects as
// "<sender or role>: <text, content or message>".
std::optional<std::string> turns(FieldReader& in, std::string_view path, const boost::json::value* value) {
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (value->is_string()) return std::string(value->get_string());
    if (!value->is_array()) {
        in.fail(path, "expected a string or an array of turns, got " + std::string(describe_kind(*value)));
        return std::nullopt;
    }
    std::string text;
    std::size_t index = 0;
    for (const auto& turn : value->get_array()) {
        if (index != 0) text += '\n';
        if (turn.is_string()) {
            text += turn.get_string();
        } else if (turn.is_object()) {
            const auto speaker = string_member(turn.get_object(), {"sender", "role"});
            const auto words = string_member(turn.get_object(), {"text", "content", "message"});
            if (speaker) text += *speaker + ": ";
            text += words.value_or("");
        } else {
            in.fail(std::string(path) + "[" + std::to_string(index) + "]",
                    "expected a string or an object, got " + std::string(describe_kind(turn)));
            return std::nullopt;
        }
        ++index;
    }
    return text;
}

// "a or b", "a, b or c".
std::string one_of(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        out += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

// "inbound or outbound", "inbound, outbound or web".
std::string expected_directions(const CallMapping& mapping) {
    std::vector<std::string_view> names;
    for (Direction d : all_values<Direction>())
        if (mapping.directions.empty() || mapping.directions.can_produce(d)) names.push_back(to_string(d));
    return one_of(names);
}

}  // namespace

// A rule's value, read as the rule says once found.
class RuleRead {
public:
    // One value read, of the kind its Read gives: a variant, so that making
    // one per rule and path costs no more than setting its index.
    class Value {
    public:
        template <class T>
        void set(std::optional<T>&& value) {
            if (value) held_.template emplace<T>(std::move(*value));
        }
        [[nodiscard]] bool empty() const noexcept { return std::holds_alternative<std::monostate>(held_); }
        /// The value, moved out: a `T`, as the rule's read can fill only a
        /// field of its kind (can_fill); anything else throws bad_variant_access.
        template <class T>
        T take() {
            return std::get<T>(std::move(held_));
        }

    private:
        std::variant<std::monostate, std::string, std::int64_t, bool, boost::json::object, Decimal, Timestamp> held_;
    };

    /// The value `found` at `path`.
    static Value read(FieldReader& in, std::string_view path, const boost::json::value* found, Read read,
                      const TimeZone& zone) {
        Value v;
        switch (read) {
            case Read::string: v.set(in.string_at(path, found)); break;
            case Read::text: v.set(in.text_at(path, found)); break;
            case Read::id: v.set(in.id_at(path, found)); break;
            case Read::count: v.set(in.count_at(path, found)); break;
            case Read::milliseconds:
                if (auto ms = in.count_at(path, found)) v.set(std::optional<std::int64_t>(*ms / 1000));
                break;
            case Read::duration_text:
                if (auto text = in.text_at(path, found)) {
                    auto seconds = read_duration_text(*text);
                    if (!seconds) in.fail(path, "not a duration in seconds (\"219.2s\"): " + quoted_excerpt(*text));
                    v.set(std::move(seconds));
                }
                break;
            case Read::boolean: v.set(in.boolean_at(path, found)); break;
            case Read::object: v.set(in.object_at(path, found)); break;
            case Read::money: v.set(in.money_at(path, found, MoneyUnit::main)); break;
            case Read::money_cents: v.set(in.money_at(path, found, MoneyUnit::cents)); break;
            case Read::money_magnitude:
                // An empty price is no price yet (Twilio, before a call is billed).
                if (found != nullptr && found->is_string() && found->get_string().empty()) break;
                v.set(in.money_at(path, found, MoneyUnit::magnitude));
                break;
            case Read::time: v.set(in.timestamp_at(path, found, zone, TimeFormat::iso8601)); break;
            case Read::time_rfc2822:
                if (found != nullptr && found->is_string() && found->get_string().empty())
                    break;  // "empty if the call has not yet been dialed"
                v.set(in.timestamp_at(path, found, zone, TimeFormat::rfc2822));
                break;
            case Read::time_epoch_seconds:
                v.set(in.timestamp_at(path, found, zone, TimeFormat::epoch_seconds));
                break;
            case Read::time_epoch_ms:
                v.set(in.timestamp_at(path, found, zone, TimeFormat::epoch_milliseconds));
                break;
            case Read::transcript_turns: v.set(turns(in, path, found)); break;
        }
        return v;
    }
};

namespace {

using Value = RuleRead::Value;

// The first path that holds a value; `consider` takes what it keeps of the
// value, or passes over it and goes on to the next path (a direction word
// the table does not know). `find(i)` is the value at the rule's path i.
template <class Find, class Consider>
void first_present(FieldReader& in, const FieldRule& rule, const TimeZone& zone, Find&& find, Consider&& consider) {
    bool null = false;
    for (std::size_t i = 0; i < rule.paths.size(); ++i) {
        const std::string& path = rule.paths[i];
        const auto* found = find(i);
        if (found == nullptr || found->is_null()) {
            null = null || found != nullptr;
            if (!in.ok()) return;  // a path the dialect does not declare
            continue;
        }
        Value value = RuleRead::read(in, path, found, rule.read, zone);
        if (!in.ok()) return;
        if (value.empty()) continue;  // an empty text reads as null: the next path may say more
        if (consider(value, path)) return;
    }
    if (rule.required) in.fail(rule.paths.empty() ? to_string(rule.field) : rule.paths.front(), null ? "null" : "missing");
}

}  // namespace

std::string_view to_string(Field field) noexcept {
    for (const auto& [f, name] : field_names)
        if (f == field) return name;
    return "?";
}

std::optional<Field> parse_field(std::string_view name) noexcept {
    for (const auto& [f, n] : field_names)
        if (n == name) return f;
    return std::nullopt;
}

std::string_view to_string(Read read) noexcept {
    for (const auto& [r, name] : read_names)
        if (r == read) return name;
    return "?";
}

std::optional<Read> parse_read(std::string_view name) noexcept {
    for (const auto& [r, n] : read_names)
        if (n == name) return r;
    return std::nullopt;
}

namespace {

// What a field holds, and what a read gives.
enum class Kind { text, number, flag, object, money, time };

Kind kind_of(Read read) noexcept {
    switch (read) {
        case Read::string:
        case Read::text:
        case Read::id:
        case Read::transcript_turns: return Kind::text;
        case Read::count:
        case Read::milliseconds:
        case Read::duration_text: return Kind::number;
        case Read::boolean: return Kind::flag;
        case Read::object: return Kind::object;
        case Read::money:
        case Read::money_cents:
        case Read::money_magnitude: return Kind::money;
        case Read::time:
        case Read::time_rfc2822:
        case Read::time_epoch_seconds:
        case Read::time_epoch_ms: return Kind::time;
    }
    return Kind::text;
}

// Every field is named, so that a field added without its kind is a
// compiler warning (-Wswitch), not text by default.
Kind kind_of(Field field) noexcept {
    switch (field) {
        case Field::id:
        case Field::provider_call_sid:
        case Field::direction:
        case Field::provider_status:
        case Field::ended_by:
        case Field::answered_by:
        case Field::agent_id:
        case Field::agent_name:
        case Field::agent_label:
        case Field::campaign_id:
        case Field::campaign_name:
        case Field::agent_number:
        case Field::customer_number:
        case Field::from_number:
        case Field::to_number:
        case Field::transcript:
        case Field::currency:
        case Field::recording_url:
        case Field::end_reason:
        case Field::summary: return Kind::text;
        case Field::duration_s: return Kind::number;
        case Field::is_test: return Kind::flag;
        case Field::variables:
        case Field::evaluation:
        case Field::webhook_response: return Kind::object;
        case Field::carrier_cost:
        case Field::total_cost: return Kind::money;
        case Field::created_at:
        case Field::updated_at:
        case Field::started_at:
        case Field::ended_at: return Kind::time;
    }
    return Kind::text;
}

// "a time field": what a message calls a kind.
std::string_view kind_name(Kind kind) noexcept {
    switch (kind) {
        case Kind::text: return "a text field";
        case Kind::number: return "a number field";
        case Kind::flag: return "a boolean field";
        case Kind::object: return "an object field";
        case Kind::money: return "a money field";
        case Kind::time: return "a time field";
    }
    return "a field";
}

}  // namespace

bool can_fill(Field field, Read read) noexcept { return kind_of(field) == kind_of(read); }

Read natural_read(Field field) noexcept {
    if (field == Field::id) return Read::id;  // vendors' ids are strings or integers
    switch (kind_of(field)) {
        case Kind::text: return Read::string;
        case Kind::number: return Read::count;
        case Kind::flag: return Read::boolean;
        case Kind::object: return Read::object;
        case Kind::money: return Read::money;
        case Kind::time: return Read::time;
    }
    return Read::string;
}

std::string cannot_fill_message(Field field, Read read) {
    const Kind kind = kind_of(field);
    std::vector<std::string_view> reads;
    for (const auto& [r, name] : read_names)
        if (kind_of(r) == kind) reads.push_back(name);
    return "'" + std::string(to_string(read)) + "' cannot fill " + std::string(to_string(field)) + ", " +
           std::string(kind_name(kind)) + " (read as " + one_of(reads) + ")";
}

bool maps(const CallMapping& mapping, Field field) noexcept {
    for (const FieldRule& rule : mapping.rules)
        if (rule.field == field) return true;
    return false;
}

namespace {

// Whether map_fields checks each rule's kind (a mapping made by hand) or
// trusts it (a dialect's, checked when the dialect was made).
enum class KindCheck { each_call, done };

// apply_mapping, with each rule's values found by `find(rule_index, path_index)`.
template <class Find>
FieldsRead map_fields(const CallMapping& mapping, KindCheck check, FieldReader& in, const PageContext& context,
                      CallRecord& r, Find&& find) {
    FieldsRead fields;
    std::optional<std::string> from, to;
    for (std::size_t rule_index = 0; rule_index < mapping.rules.size(); ++rule_index) {
        const FieldRule& rule = mapping.rules[rule_index];
        if (check == KindCheck::each_call && !can_fill(rule.field, rule.read)) {
            in.fail(rule.paths.empty() ? std::string(to_string(rule.field)) : rule.paths.front(),
                    cannot_fill_message(rule.field, rule.read));
            return fields;
        }
        const auto find_path = [&](std::size_t path_index) { return find(rule_index, path_index); };
        first_present(in, rule, context.zone, find_path, [&](Value& v, const std::string& path) {
            fields.add(rule.field);
            switch (rule.field) {
                case Field::id:
                    r.id = v.take<std::string>();
                    if (r.id.empty()) in.fail(path, "empty");
                    break;
                case Field::provider_call_sid: r.provider_call_sid = v.take<std::string>(); break;
                case Field::direction: {
                    const std::string word = v.take<std::string>();
                    const auto direction = mapping.directions.empty() ? parse<Direction>(word) : mapping.directions.find(word);
                    if (!direction) {
                        if (&path != &rule.paths.back()) {
                            fields.remove(Field::direction);
                            return false;  // a later path may know
                        }
                        in.fail(path, "unknown " + mapping.direction_name + " " + quoted_excerpt(word) +
                                          "; expected " + expected_directions(mapping));
                        return true;
                    }
                    r.direction = *direction;
                    break;
                }
                case Field::provider_status:
                    r.provider_status = v.take<std::string>();
                    r.status = mapping.statuses.canonical(r.provider_status);
                    break;
                case Field::ended_by:
                    if (auto who = mapping.ended_by.find(v.take<std::string>())) r.ended_by = who;
                    break;
                case Field::answered_by:
                    if (const std::string word = v.take<std::string>(); !word.empty()) {
                        const auto answered = mapping.answered_by.empty() ? parse<AnsweredBy>(word)
                                                                          : mapping.answered_by.find(word);
                        r.answered_by = answered.value_or(AnsweredBy::unknown);
                    }
                    break;
                case Field::agent_id: r.agent.id = v.take<std::string>(); break;
                case Field::agent_name: r.agent.name = v.take<std::string>(); break;
                case Field::agent_label: r.agent.label = v.take<std::string>(); break;
                case Field::campaign_id:
                    if (!r.campaign) r.campaign.emplace();
                    r.campaign->id = v.take<std::string>();
                    break;
                case Field::campaign_name:
                    if (!r.campaign) r.campaign.emplace();
                    r.campaign->name = v.take<std::string>();
                    break;
                case Field::agent_number: r.agent_number = v.take<std::string>(); break;
                case Field::customer_number: r.customer_number = v.take<std::string>(); break;
                case Field::from_number: from = v.take<std::string>(); break;
                case Field::to_number: to = v.take<std::string>(); break;
                case Field::duration_s: r.duration_s = v.take<std::int64_t>(); break;
                case Field::created_at: r.created_at = v.take<Timestamp>(); break;
                case Field::updated_at: r.updated_at = v.take<Timestamp>(); break;
                case Field::started_at: r.started_at = v.take<Timestamp>(); break;
                case Field::ended_at: r.ended_at = v.take<Timestamp>(); break;
                case Field::transcript: r.transcript = v.take<std::string>(); break;
                case Field::variables: r.variables = v.take<boost::json::object>(); break;
                case Field::evaluation: r.evaluation = v.take<boost::json::object>(); break;
                case Field::webhook_response: r.webhook_response = v.take<boost::json::object>(); break;
                case Field::carrier_cost: r.carrier_cost = v.take<Decimal>(); break;
                case Field::total_cost: r.total_cost = v.take<Decimal>(); break;
                case Field::currency: r.currency = v.take<std::string>(); break;
                case Field::recording_url: r.recording_url = v.take<std::string>(); break;
                case Field::is_test: r.is_test = v.take<bool>(); break;
                case Field::end_reason: r.end_reason = v.take<std::string>(); break;
                case Field::summary: r.summary = v.take<std::string>(); break;
            }
            return true;
        });
        if (!in.ok()) return fields;
    }
    if (!fields.contains(Field::direction) && mapping.direction_when_absent) r.direction = *mapping.direction_when_absent;
    if (from || to) {
        // The caller is the agent on outbound calls and the customer on inbound ones.
        const bool inbound = r.direction == Direction::inbound;
        r.agent_number = inbound ? std::move(to) : std::move(from);
        r.customer_number = inbound ? std::move(from) : std::move(to);
    }
    if (!r.currency && !mapping.currency.empty() && (r.total_cost || r.carrier_cost)) r.currency = mapping.currency;
    return fields;
}

}  // namespace

FieldsRead apply_mapping(const CallMapping& mapping, FieldReader& in, const PageContext& context, CallRecord& record) {
    return map_fields(mapping, KindCheck::each_call, in, context, record,
                      [&](std::size_t rule, std::size_t path) { return in.find(mapping.rules[rule].paths[path]); });
}

FieldsRead apply_prechecked_mapping(const CallMapping& mapping, FieldReader& in, const PageContext& context,
                                 CallRecord& record) {
    return map_fields(mapping, KindCheck::done, in, context, record,
                      [&](std::size_t rule, std::size_t path) { return in.find(mapping.rules[rule].paths[path]); });
}

RuleSlots::RuleSlots(const CallMapping& mapping, const detail::PathSet& paths) {
    first_.reserve(mapping.rules.size());
    for (const FieldRule& rule : mapping.rules) {
        first_.push_back(static_cast<std::uint32_t>(slots_.size()));
        for (const std::string& path : rule.paths) {
            const auto* entry = paths.find_path(path);
            slots_.push_back(entry != nullptr && entry->keep ? static_cast<std::uint32_t>(entry->slot) : elsewhere);
        }
    }
}

FieldsRead apply_mapping_in_slots(const CallMapping& mapping, const RuleSlots& rule_slots,
                                  const boost::json::value* slots, const unsigned char* present, FieldReader& in,
                                  const PageContext& context, CallRecord& record) {
    if (rule_slots.rule_count() != mapping.rules.size())
        throw std::logic_error("apply_mapping_in_slots: the rule slots are of another mapping");
    return map_fields(mapping, KindCheck::done, in, context, record,
                      [&](std::size_t rule, std::size_t path) -> const boost::json::value* {
        const std::uint32_t slot = rule_slots.slot(rule, path);
        if (slot == RuleSlots::elsewhere) return in.find(mapping.rules[rule].paths[path]);
        return present[slot] != 0 ? &slots[slot] : nullptr;
    });
}

}  // namespace callbridge::kit
