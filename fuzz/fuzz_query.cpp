// Filters given as text: set_filter(query, filter, value), then
// validate(query), then each shipped dialect's plan() and page_request().
//
// The input is used twice:
//  - the whole input as the value of every filter (and of an unknown one),
//    each on a fresh query;
//  - as lines "filter=value", applied in order to one query (a line without
//    '=' is a value for the filter "status").
//
// Properties:
//  - never crashes, throws, leaks or trips ASan/UBSan;
//  - an error from set_filter or validate is an invalid query error naming a
//    filter (set_filter: the one it was given); plan() refuses only with an
//    invalid query or unsupported filter error;
//  - one filter set without error on a fresh query validates;
//  - the same text as created_from and created_to is an inclusive range
//    holding that instant, so the query validates ("bounds-rounding");
//  - a valid query matches a record built to satisfy it;
//  - a planned page request's query string is percent-encoded (only
//    unreserved characters, "%XX", '=' and '&'), and the date_from/date_to
//    it sends are dates the vendor can read (YYYY-MM-DD).

#include "fuzz_common.hpp"

#include <callbridge/api_root.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/providers.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace callbridge;

bool is_filter_name(std::string_view name) {
    return std::find(std::begin(filter_names), std::end(filter_names), name) != std::end(filter_names);
}

std::string describe(const CallQuery& q) {
    std::string out = "query{";
    for (auto s : q.statuses) out += "status=" + std::string(to_string(s)) + " ";
    auto text = [&](const char* name, const std::optional<std::string>& v) {
        if (v) out += std::string(name) + "=" + fuzz::shown(*v, 80) + " ";
    };
    text("provider_status", q.provider_status);
    if (q.direction) out += "direction=" + std::string(to_string(*q.direction)) + " ";
    text("agent_id", q.agent_id);
    text("campaign_id", q.campaign_id);
    text("customer_number", q.customer_number);
    text("search", q.search);
    if (q.created_from) out += "created_from=" + format_rfc3339(*q.created_from) + " ";
    if (q.created_to) out += "created_to=" + format_rfc3339(*q.created_to) + " ";
    if (q.limit) out += "limit=" + std::to_string(*q.limit) + " ";
    out += "page_size=" + std::to_string(q.page_size) + "}";
    return out;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

void check_encoded_query(const std::string& target) {
    const auto q = target.find('?');
    if (q == std::string::npos) return;
    for (std::size_t i = q + 1; i < target.size(); ++i) {
        const char c = target[i];
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved || c == '=' || c == '&') continue;
        FUZZ_CHECK("percent-encoding",
                   c == '%' && i + 2 < target.size() && is_hex(target[i + 1]) && is_hex(target[i + 2]),
                   "not percent-encoded: " + fuzz::shown(target));
        i += 2;
    }
}

/// A record that satisfies every filter of a valid query.
CallRecord satisfying(const CallQuery& q) {
    CallRecord r;
    r.source = "main";
    r.provider = "autocalls";
    r.id = "1";
    if (!q.statuses.empty()) r.status = q.statuses.front();
    if (q.provider_status) r.provider_status = *q.provider_status;
    if (q.direction) r.direction = *q.direction;
    r.agent.id = q.agent_id;
    if (q.campaign_id) r.campaign = CampaignRef{q.campaign_id, std::nullopt};
    r.customer_number = q.customer_number;
    if (q.search) {
        if (!r.customer_number)
            r.customer_number = q.search;
        else if (r.customer_number->find(*q.search) == std::string::npos)
            r.provider_call_sid = q.search;
    }
    r.created_at = q.created_from ? *q.created_from : q.created_to ? *q.created_to : Timestamp{};
    return r;
}

void check_plans(const CallQuery& q) {
    static const auto dialects = {find_dialect("autocalls"), find_dialect("talkover")};
    for (const auto& dialect : dialects) {
        auto plan = dialect->plan(q);
        if (!plan) {
            const Error& e = plan.error();
            FUZZ_CHECK("plan-error", e.is(errc::invalid_query) || e.is(errc::unsupported_filter),
                       std::string(dialect->provider()) + ": " + e.message());
            FUZZ_CHECK("plan-error", is_filter_name(e.details().filter),
                       std::string(dialect->provider()) + " names no filter: " + e.message());
            continue;
        }
        for (const auto& [key, value] : plan->vendor_params) {
            if (key != "date_from" && key != "date_to") continue;
            const bool shape = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                               std::all_of(value.begin(), value.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
            FUZZ_CHECK("vendor-date-param", shape,
                       std::string(dialect->provider()) + " sends " + key + "=" + fuzz::shown(value) + " for " + describe(q));
        }
        const auto root = ApiRoot::parse(dialect->default_api_root());
        FUZZ_CHECK("plan-request", root.has_value(), std::string(dialect->default_api_root()));
        if (!root) continue;
        const HttpRequest request = dialect->page_request(*root, *plan, PageCursor{2, {}}, q.page_size, "t0k3n");
        check_encoded_query(request.target);
        (void)describe(request);
    }
}

void check_valid(const CallQuery& q, const std::string& how) {
    const Error e = validate(q);
    if (e) {
        FUZZ_CHECK("validate-error", e.is(errc::invalid_query) && is_filter_name(e.details().filter),
                   how + ": " + e.message());
        return;
    }
    FUZZ_CHECK("matches", matches(q, satisfying(q)), how + ": " + describe(q) + " does not match a record built for it");
    check_plans(q);
}

Error set_checked(CallQuery& q, std::string_view filter, std::string_view value) {
    const Error e = set_filter(q, filter, value);
    if (e) {
        FUZZ_CHECK("set-filter-error", e.is(errc::invalid_query) && e.details().filter == filter,
                   "set_filter(" + fuzz::shown(filter) + ", " + fuzz::shown(value) + "): " + e.message());
    }
    return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // The whole input as every filter's value, on a fresh query.
    for (std::string_view filter : filter_names) {
        CallQuery q;
        if (set_checked(q, filter, text)) continue;
        const Error e = validate(q);
        FUZZ_CHECK("set-filter-validates", !e,
                   "set_filter(" + fuzz::shown(filter) + ", " + fuzz::shown(text) + ") accepted, validate: " +
                       e.message());
        check_valid(q, "set_filter(" + std::string(filter) + ")");
    }
    {
        CallQuery q;
        FUZZ_CHECK("set-filter-error", set_checked(q, "no_such_filter", text).failed(), "an unknown filter is accepted");
    }

    // The same text as both bounds.
    {
        CallQuery q;
        if (!set_checked(q, "created_from", text) && !set_checked(q, "created_to", text)) {
            const Error e = validate(q);
            FUZZ_CHECK("bounds-rounding", !e,
                       "created_from = created_to = " + fuzz::shown(text) + " is refused: " + e.message());
        }
    }

    // Lines "filter=value" on one query.
    if (text.find('\n') != std::string_view::npos || text.find('=') != std::string_view::npos) {
        CallQuery q;
        std::string_view rest = text;
        while (!rest.empty()) {
            const auto end = rest.find('\n');
            const std::string_view line = rest.substr(0, end);
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
            const auto eq = line.find('=');
            const std::string_view filter = eq == std::string_view::npos ? std::string_view("status") : line.substr(0, eq);
            const std::string_view value = eq == std::string_view::npos ? line : line.substr(eq + 1);
            (void)set_checked(q, filter, value);
        }
        check_valid(q, "lines");
    }
    return 0;
}
