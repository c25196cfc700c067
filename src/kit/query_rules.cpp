#include <callbridge/kit/query_rules.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace callbridge::kit {
namespace {

using namespace std::chrono;

constexpr std::array<std::pair<Filter, std::string_view>, 6> filter_names{{
    {Filter::agent_id, "agent_id"},
    {Filter::campaign_id, "campaign_id"},
    {Filter::customer_number, "customer_number"},
    {Filter::search, "search"},
    {Filter::created_from, "created_from"},
    {Filter::created_to, "created_to"},
}};

constexpr std::array<std::pair<ParamFormat, std::string_view>, 6> format_names{{
    {ParamFormat::text, "text"},
    {ParamFormat::integer, "integer"},
    {ParamFormat::date_widened, "date_widened"},
    {ParamFormat::rfc3339, "rfc3339"},
    {ParamFormat::epoch_seconds_widened, "epoch_seconds_widened"},
    {ParamFormat::epoch_milliseconds, "epoch_milliseconds"},
}};

std::string format_date(sys_days day) {
    const year_month_day ymd(day);
    std::array<char, 16> buffer{};
    const int n = std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(buffer.data(), static_cast<std::size_t>(n));
}

bool is_integer(std::string_view text) {
    return !text.empty() && text.size() <= 18 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The query's value for a filter, as text; nothing when it is not set.
std::optional<std::string> value_of(const CallQuery& query, Filter filter) {
    switch (filter) {
        case Filter::agent_id: return query.agent_id;
        case Filter::campaign_id: return query.campaign_id;
        case Filter::customer_number: return query.customer_number;
        case Filter::search: return query.search;
        case Filter::created_from: return query.created_from ? std::optional(format_rfc3339(*query.created_from)) : std::nullopt;
        case Filter::created_to: return query.created_to ? std::optional(format_rfc3339(*query.created_to)) : std::nullopt;
    }
    return std::nullopt;
}

// Drops a filter from what is checked locally.
void trust_vendor(CallQuery& local, Filter filter) {
    switch (filter) {
        case Filter::agent_id: local.agent_id.reset(); break;
        case Filter::campaign_id: local.campaign_id.reset(); break;
        case Filter::customer_number: local.customer_number.reset(); break;
        case Filter::search: local.search.reset(); break;
        case Filter::created_from: local.created_from.reset(); break;
        case Filter::created_to: local.created_to.reset(); break;
    }
}

}  // namespace

std::string_view to_string(Filter filter) noexcept {
    for (const auto& [f, name] : filter_names)
        if (f == filter) return name;
    return "?";
}

std::optional<Filter> parse_filter(std::string_view name) noexcept {
    for (const auto& [f, n] : filter_names)
        if (n == name) return f;
    return std::nullopt;
}

std::string_view to_string(ParamFormat format) noexcept {
    for (const auto& [f, name] : format_names)
        if (f == format) return name;
    return "?";
}

std::optional<ParamFormat> parse_param_format(std::string_view name) noexcept {
    for (const auto& [f, n] : format_names)
        if (n == name) return f;
    return std::nullopt;
}

bool record_shows(const CallMapping& mapping, Filter filter) {
    auto any = [&](std::initializer_list<Field> fields) {
        return std::any_of(fields.begin(), fields.end(), [&](Field f) { return maps(mapping, f); });
    };
    switch (filter) {
        case Filter::agent_id: return any({Field::agent_id});
        case Filter::campaign_id: return any({Field::campaign_id});
        case Filter::customer_number: return any({Field::customer_number, Field::from_number, Field::to_number});
        case Filter::search:
            return any({Field::customer_number, Field::agent_number, Field::from_number, Field::to_number,
                        Field::provider_call_sid});
        case Filter::created_from:
        case Filter::created_to: return true;
    }
    return false;
}

std::string format_bound(Timestamp bound, ParamFormat format, bool upper) {
    switch (format) {
        case ParamFormat::date_widened:
            return format_date(floor<days>(bound) + (upper ? days(1) : days(-1)));
        case ParamFormat::epoch_seconds_widened:
            return std::to_string(bound.time_since_epoch().count() + (upper ? 1 : -1));
        case ParamFormat::epoch_milliseconds:
            return std::to_string(bound.time_since_epoch().count() * 1000 + (upper ? 999 : 0));
        case ParamFormat::rfc3339:
        case ParamFormat::text:
        case ParamFormat::integer: return format_rfc3339(bound);
    }
    return format_rfc3339(bound);
}

boost::system::result<QueryPlan, Error> plan_query(const CallQuery& query, const QueryRules& rules,
                                                   const CallMapping& mapping, std::string_view provider) {
    if (Error e = validate(query)) return e;
    const std::string name(provider);

    auto pushdown_of = [&](Filter filter) {
        return std::find_if(rules.pushdowns.begin(), rules.pushdowns.end(),
                            [&](const Pushdown& p) { return p.filter == filter; });
    };
    for (const auto& [filter, filter_name] : filter_names) {
        if (!value_of(query, filter)) continue;
        if (const auto refusal = std::find_if(rules.refusals.begin(), rules.refusals.end(),
                                              [&](const Refusal& r) { return r.filter == filter; });
            refusal != rules.refusals.end())
            return unsupported_filter(std::string(filter_name), name, refusal->why);
        if (pushdown_of(filter) == rules.pushdowns.end() && !record_shows(mapping, filter))
            return unsupported_filter(std::string(filter_name), name,
                                      "is not offered by " + name +
                                          " (its list has no such filter and its calls do not show it)");
    }

    QueryPlan plan;
    plan.local = query;
    push_status_filter(plan, query, mapping.statuses, rules.status_param);

    if (query.direction) {
        const bool knows_words = !mapping.directions.empty();
        const bool can_be = !knows_words || mapping.directions.can_produce(*query.direction) ||
                            mapping.direction_when_absent == query.direction;
        if (!can_be) plan.matches_nothing = true;  // Talkover has no web calls
        else if (!rules.direction_param.empty()) {
            const auto word = knows_words ? mapping.directions.word_for(*query.direction)
                                          : std::optional(to_string(*query.direction));
            if (word) plan.vendor_params.emplace_back(rules.direction_param, std::string(*word));
        }
    }

    std::vector<std::string_view> used;
    for (const Pushdown& push : rules.pushdowns) {
        const auto value = value_of(query, push.filter);
        if (!value || std::find(used.begin(), used.end(), push.param) != used.end()) continue;
        used.push_back(push.param);
        std::string sent = *value;
        const bool upper = push.filter == Filter::created_to;
        if (push.filter == Filter::created_from || push.filter == Filter::created_to)
            sent = format_bound(*(upper ? query.created_to : query.created_from), push.format, upper);
        if (push.format == ParamFormat::integer && !is_integer(sent))
            return invalid_query(std::string(to_string(push.filter)),
                                 "must be an integer for provider " + name + ", got '" + value->substr(0, 80) + "'");
        plan.vendor_params.emplace_back(push.param, std::move(sent));
        if (push.trusted) trust_vendor(plan.local, push.filter);
    }
    return plan;
}

}  // namespace callbridge::kit
