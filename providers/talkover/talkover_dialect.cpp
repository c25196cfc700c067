#include "talkover/talkover_dialect.hpp"

#include "common/error_body.hpp"
#include "common/list_request.hpp"
#include "common/record_page.hpp"
#include "common/status_table.hpp"
#include "talkover/call_mapping.hpp"
#include "talkover/status_table.hpp"

namespace callbridge::providers::talkover {

boost::system::result<QueryPlan, Error> TalkoverDialect::plan(const CallQuery& query) const {
    if (Error e = validate(query)) return e;
    if (query.campaign_id)
        return unsupported_filter("campaign_id", provider_,
                                  "is not offered by " + provider_ +
                                      " (its list of calls has no campaign filter and its calls name no campaign)");
    QueryPlan plan;
    plan.local = query;
    push_status_filter(plan, query, status_table());
    if (query.direction) {
        if (*query.direction == Direction::web)
            plan.matches_nothing = true;  // Talkover has no web calls
        else
            plan.vendor_params.emplace_back("direction", std::string(to_string(*query.direction)));
    }
    if (query.agent_id) plan.vendor_params.emplace_back("agent_id", *query.agent_id);
    // The vendor's search looks in phone numbers and call SIDs: a superset
    // of both an exact number and our substring search, checked locally.
    if (query.customer_number)
        plan.vendor_params.emplace_back("search", *query.customer_number);
    else if (query.search)
        plan.vendor_params.emplace_back("search", *query.search);
    push_created_bounds(plan, query);
    return plan;
}

HttpRequest TalkoverDialect::page_request(const ApiRoot& root, const QueryPlan& plan, const PageCursor& cursor,
                                          int page_size, std::string_view token) const {
    return list_request(root, "/calls", plan, cursor, page_size, token);
}

boost::system::result<CallPage, Error> TalkoverDialect::parse_page(std::string_view body,
                                                                  const PageContext& context) const {
    auto parsed = parse_body_object(body, provider_, context);
    if (!parsed) return parsed.error();
    boost::json::object& object = *parsed;

    if (const auto* success = object.if_contains("success"); success != nullptr && *success == false) {
        const ErrorBody error = read_error_body(body);
        return malformed(provider_, context, "success",
                         "the vendor reported a failure" + (error.message.empty() ? "" : ": " + error.message));
    }
    auto data = data_array(object, body, provider_, context);
    if (!data) return data.error();

    // Quirk: the paginator is `pagination` on the list page and `meta` in the
    // vendor's OpenAPI file; `from`/`to` may be missing or null.
    const char* key = object.contains("pagination") ? "pagination" : "meta";
    const auto* paginator = object.if_contains(key);
    if (paginator == nullptr || !paginator->is_object())
        return malformed(provider_, context, "pagination",
                         paginator == nullptr ? "missing (neither pagination nor meta)" : "expected an object");
    auto counts = read_paging_counts(paginator->get_object(), key, provider_, context);
    if (!counts) return counts.error();
    if (!counts->last_page)
        return malformed(provider_, context, std::string(key) + ".last_page", "missing");
    auto info = page_info(*counts, (*data)->size(), provider_, context);
    if (!info) return info.error();

    CallPage page;
    page.info = *info;
    const MappingContext mapping{provider_, context.source, context.zone};
    auto records = map_calls(**data, provider_, context, [&](boost::json::object&& call, std::string path) {
        return map_call(std::move(call), std::move(path), mapping);
    });
    if (!records) return records.error();
    page.records = std::move(*records);
    return page;
}

Error TalkoverDialect::classify_error(const HttpResponse& response, const PageContext& context) const {
    return classify_error_response(response, provider_, context);
}

}  // namespace callbridge::providers::talkover
