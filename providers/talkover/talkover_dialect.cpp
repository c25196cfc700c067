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

Error TalkoverDialect::check_envelope(const boost::json::object& body, std::string_view text,
                                     const PageContext& context) const {
    const auto* success = body.if_contains("success");
    if (success == nullptr || *success != false) return {};
    const ErrorBody error = read_error_body(text);
    return malformed(provider_, context, "success",
                     "the vendor reported a failure" + (error.message.empty() ? "" : ": " + error.message));
}

boost::system::result<PageInfo, Error> TalkoverDialect::read_paging(const boost::json::object& body,
                                                                   std::string_view, std::size_t records,
                                                                   const PageContext& context) const {
    // Quirk: the paginator is `pagination` on the list page and `meta` in the
    // vendor's OpenAPI file; `from`/`to` may be missing or null.
    const char* key = body.contains("pagination") ? "pagination" : "meta";
    const auto* paginator = body.if_contains(key);
    if (paginator == nullptr || !paginator->is_object())
        return malformed(provider_, context, "pagination",
                         paginator == nullptr ? "missing (neither pagination nor meta)" : "expected an object");
    auto counts = read_paging_counts(paginator->get_object(), key, provider_, context);
    if (!counts) return counts.error();
    if (!counts->last_page) return malformed(provider_, context, std::string(key) + ".last_page", "missing");
    return page_info(*counts, records, provider_, context);
}

boost::system::result<CallRecord, Error> TalkoverDialect::map_call(boost::json::object&& call, std::string path,
                                                                  const PageContext& context) const {
    return talkover::map_call(std::move(call), std::move(path), MappingContext{provider_, context.source, context.zone});
}

}  // namespace callbridge::providers::talkover
