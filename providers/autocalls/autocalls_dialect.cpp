#include "autocalls/autocalls_dialect.hpp"

#include "autocalls/call_mapping.hpp"
#include "autocalls/status_table.hpp"
#include "common/list_request.hpp"
#include "common/record_page.hpp"

#include <algorithm>

namespace callbridge::providers::autocalls {
namespace {

bool is_integer(std::string_view text) {
    return !text.empty() && text.size() <= 18 && std::all_of(text.begin(), text.end(), [](char c) {
        return c >= '0' && c <= '9';
    });
}

}  // namespace

boost::system::result<QueryPlan, Error> AutocallsDialect::plan(const CallQuery& query) const {
    if (Error e = validate(query)) return e;
    QueryPlan plan;
    plan.local = query;
    auto push = [&](std::string key, std::string value) { plan.vendor_params.emplace_back(std::move(key), std::move(value)); };

    push_status_filter(plan, query, status_table());
    if (query.direction) push("type", std::string(to_string(*query.direction)));
    if (query.customer_number) push("phone_number", *query.customer_number);

    // A list record carries neither assistant nor campaign id, so these are
    // left to the vendor, whose filters take integers only.
    for (auto [filter, param, value] : {std::tuple{"agent_id", "assistant_id", &plan.local.agent_id},
                                        std::tuple{"campaign_id", "campaign_id", &plan.local.campaign_id}}) {
        if (!*value) continue;
        if (!is_integer(**value))
            return invalid_query(filter, "must be an integer for provider " + provider_ + ", got '" +
                                             (*value)->substr(0, 80) + "'");
        push(param, **value);
        value->reset();
    }
    push_created_bounds(plan, query);
    return plan;
}

boost::system::result<PageInfo, Error> AutocallsDialect::read_paging(const boost::json::object& body,
                                                                    std::string_view, std::size_t records,
                                                                    const PageContext& context) const {
    // Laravel's flat paginator: stop at last_page or a null next_page_url.
    // `links` is never read (its labels hold HTML).
    auto counts = read_paging_counts(body, "", provider_, context);
    if (!counts) return counts.error();
    const auto* next_url = body.if_contains("next_page_url");
    if (next_url != nullptr && !next_url->is_null() && !next_url->is_string())
        return malformed(provider_, context, "next_page_url", "expected a URL or null");
    if (!counts->last_page && next_url == nullptr)
        return malformed(provider_, context, "last_page", "no paging information (last_page or next_page_url)");
    auto info = page_info(*counts, records, provider_, context);
    if (info && next_url != nullptr && next_url->is_null()) info->next.reset();
    return info;
}

boost::system::result<CallRecord, Error> AutocallsDialect::map_call(boost::json::object&& call, std::string path,
                                                                   const PageContext& context) const {
    return autocalls::map_call(std::move(call), std::move(path), MappingContext{provider_, context.source, context.zone});
}

}  // namespace callbridge::providers::autocalls
