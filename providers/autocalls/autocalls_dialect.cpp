#include "autocalls/autocalls_dialect.hpp"

#include "autocalls/call_mapping.hpp"
#include "autocalls/status_table.hpp"
#include "common/error_body.hpp"
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

HttpRequest AutocallsDialect::page_request(const ApiRoot& root, const QueryPlan& plan, const PageCursor& cursor,
                                           int page_size, std::string_view token) const {
    return list_request(root, "/user/calls", plan, cursor, page_size, token);
}

boost::system::result<CallPage, Error> AutocallsDialect::parse_page(std::string_view body,
                                                                   const PageContext& context) const {
    auto parsed = parse_body_object(body, provider_, context);
    if (!parsed) return parsed.error();
    boost::json::object& object = *parsed;

    auto data = data_array(object, body, provider_, context);
    if (!data) return data.error();

    // Laravel's flat paginator: stop at last_page or a null next_page_url.
    // `links` is never read (its labels hold HTML).
    auto counts = read_paging_counts(object, "", provider_, context);
    if (!counts) return counts.error();
    const auto* next_url = object.if_contains("next_page_url");
    if (next_url != nullptr && !next_url->is_null() && !next_url->is_string())
        return malformed(provider_, context, "next_page_url", "expected a URL or null");
    if (!counts->last_page && next_url == nullptr)
        return malformed(provider_, context, "last_page", "no paging information (last_page or next_page_url)");
    auto info = page_info(*counts, (*data)->size(), provider_, context);
    if (!info) return info.error();

    CallPage page;
    page.info = *info;
    if (next_url != nullptr && next_url->is_null()) page.info.next.reset();

    const MappingContext mapping{provider_, context.source, context.zone};
    auto records = map_calls(**data, provider_, context, [&](boost::json::object&& call, std::string path) {
        return map_call(std::move(call), std::move(path), mapping);
    });
    if (!records) return records.error();
    page.records = std::move(*records);
    return page;
}

Error AutocallsDialect::classify_error(const HttpResponse& response, const PageContext& context) const {
    return classify_error_response(response, provider_, context);
}

}  // namespace callbridge::providers::autocalls
