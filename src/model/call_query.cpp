#include <callbridge/call_query.hpp>

#include "model/query_bounds.hpp"

#include <algorithm>
#include <charconv>

namespace callbridge {
namespace {

using namespace std::chrono;

template <class Enum>
std::string expected_values() {
    std::string out = "expected one of:";
    for (Enum value : all_values<Enum>()) {
        out += ' ';
        out += to_string(value);
    }
    return out;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::string shown(std::string_view value) { return "'" + std::string(value.substr(0, 80)) + "'"; }

Error parse_statuses(CallQuery& query, std::string_view text) {
    while (true) {
        const auto comma = text.find(',');
        const std::string_view item = trim(text.substr(0, comma));
        if (item.empty()) return invalid_query("status", "empty status in " + shown(text));
        auto status = parse<CallStatus>(item);
        if (!status) {
            std::string canonical(item);
            std::replace(canonical.begin(), canonical.end(), '-', '_');
            std::string hint = parse<CallStatus>(canonical) ? "; did you mean " + canonical + "?" : "";
            return invalid_query("status", "unknown status " + shown(item) + hint + "; " +
                                               expected_values<CallStatus>());
        }
        if (std::find(query.statuses.begin(), query.statuses.end(), *status) == query.statuses.end())
            query.statuses.push_back(*status);
        if (comma == std::string_view::npos) return {};
        text.remove_prefix(comma + 1);
    }
}

template <class Integer>
std::optional<Integer> parse_integer(std::string_view text) {
    Integer value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

enum class Bound { lower, upper };

Error parse_bound(std::optional<Timestamp>& out, std::string_view filter, std::string_view text, Bound bound) {
    if (auto date = parse_date(text)) {
        // A date is the whole UTC day.
        const sys_days day(*date);
        out = bound == Bound::lower ? Timestamp(day) : Timestamp(day + days(1) - seconds(1));
        return {};
    }
    auto instant = bound == Bound::lower ? detail::parse_rfc3339_ceil(text) : parse_rfc3339(text);
    if (!instant)
        return invalid_query(std::string(filter),
                             "expected a date (YYYY-MM-DD) or an RFC 3339 instant "
                             "(2025-08-04T14:30:00Z), got " + shown(text));
    out = instant;
    return {};
}

Error require_text(const std::optional<std::string>& value, std::string_view filter) {
    if (value && trim(*value).empty()) return invalid_query(std::string(filter), "must not be empty");
    return {};
}

bool contains(const std::optional<std::string>& haystack, std::string_view needle) {
    return haystack && haystack->find(needle) != std::string::npos;
}

}  // namespace

bool is_e164(std::string_view number) noexcept {
    if (number.size() < 3 || number.size() > 16 || number[0] != '+' || number[1] == '0') return false;
    return std::all_of(number.begin() + 1, number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error validate(const CallQuery& q) {
    if (q.page_size < 1 || q.page_size > CallQuery::max_page_size)
        return invalid_query("page_size", "must be between 1 and " + std::to_string(CallQuery::max_page_size) +
                                              ", got " + std::to_string(q.page_size));
    if (q.limit && *q.limit == 0) return invalid_query("limit", "must be a positive integer, got 0");
    if (q.created_from && q.created_to && *q.created_from > *q.created_to)
        return invalid_query("created_from", "is after created_to (" + format_rfc3339(*q.created_from) + " > " +
                                                 format_rfc3339(*q.created_to) + ")");
    if (q.customer_number && !is_e164(*q.customer_number))
        return invalid_query("customer_number",
                             "expected an E.164 number such as +14155550100, got " + shown(*q.customer_number));
    if (auto e = require_text(q.provider_status, "provider_status")) return e;
    if (auto e = require_text(q.agent_id, "agent_id")) return e;
    if (auto e = require_text(q.campaign_id, "campaign_id")) return e;
    if (auto e = require_text(q.search, "search")) return e;
    return {};
}

bool matches(const CallQuery& q, const CallRecord& r) {
    if (!q.statuses.empty() && std::find(q.statuses.begin(), q.statuses.end(), r.status) == q.statuses.end())
        return false;
    if (q.provider_status && r.provider_status != *q.provider_status) return false;
    if (q.direction && r.direction != *q.direction) return false;
    if (q.agent_id && r.agent.id != q.agent_id) return false;
    if (q.campaign_id && (!r.campaign || r.campaign->id != q.campaign_id)) return false;
    if (q.customer_number && r.customer_number != q.customer_number) return false;
    if (q.search && !contains(r.customer_number, *q.search) && !contains(r.agent_number, *q.search) &&
        !contains(r.provider_call_sid, *q.search))
        return false;
    if (q.created_from && r.created_at < *q.created_from) return false;
    if (q.created_to && r.created_at > *q.created_to) return false;
    return true;
}

Error set_filter(CallQuery& q, std::string_view filter, std::string_view value) {
    const std::string name(filter);
    if (filter == "status") return parse_statuses(q, value);
    if (filter == "direction") {
        auto direction = parse<Direction>(trim(value));
        if (!direction)
            return invalid_query(name, "unknown direction " + shown(value) + "; " + expected_values<Direction>());
        q.direction = direction;
        return {};
    }
    if (filter == "created_from") return parse_bound(q.created_from, filter, trim(value), Bound::lower);
    if (filter == "created_to") return parse_bound(q.created_to, filter, trim(value), Bound::upper);
    if (filter == "limit") {
        auto limit = parse_integer<std::uint64_t>(trim(value));
        if (!limit || *limit == 0) return invalid_query(name, "must be a positive integer, got " + shown(value));
        q.limit = limit;
        return {};
    }
    if (filter == "page_size") {
        auto size = parse_integer<int>(trim(value));
        if (!size || *size < 1 || *size > CallQuery::max_page_size)
            return invalid_query(name, "must be an integer between 1 and " +
                                           std::to_string(CallQuery::max_page_size) + ", got " + shown(value));
        q.page_size = *size;
        return {};
    }
    std::optional<std::string>* text = filter == "provider_status"   ? &q.provider_status
                                       : filter == "agent_id"        ? &q.agent_id
                                       : filter == "campaign_id"     ? &q.campaign_id
                                       : filter == "customer_number" ? &q.customer_number
                                       : filter == "search"          ? &q.search
                                                                     : nullptr;
    if (text == nullptr) {
        std::string known;
        for (std::string_view n : filter_names) known += (known.empty() ? "" : ", ") + std::string(n);
        return invalid_query(name, "unknown filter; expected one of: " + known);
    }
    *text = std::string(trim(value));
    if (auto e = require_text(*text, filter)) return e;
    if (filter == "customer_number" && !is_e164(**text))
        return invalid_query(name, "expected an E.164 number such as +14155550100, got " + shown(value));
    return {};
}

}  // namespace callbridge
