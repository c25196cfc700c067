#include "common/list_dialect.hpp"

#include "common/error_body.hpp"
#include "common/list_request.hpp"
#include "common/record_page.hpp"

namespace callbridge::providers {

HttpRequest ListDialect::page_request(const ApiRoot& root, const QueryPlan& plan, const PageCursor& cursor,
                                      int page_size, std::string_view token) const {
    return list_request(root, list_path_, plan, cursor, page_size, token);
}

boost::system::result<CallPage, Error> ListDialect::parse_page(std::string_view body,
                                                              const PageContext& context) const {
    auto parsed = parse_body_object(body, provider_, context);
    if (!parsed) return parsed.error();
    if (Error failed = check_envelope(*parsed, body, context)) return failed;
    auto data = data_array(*parsed, body, provider_, context);
    if (!data) return data.error();
    auto info = read_paging(*parsed, body, (*data)->size(), context);
    if (!info) return info.error();

    CallPage page;
    page.info = *info;
    auto records = map_calls(**data, provider_, context, [&](boost::json::object&& call, std::string path) {
        return map_call(std::move(call), std::move(path), context);
    });
    if (!records) return records.error();
    page.records = std::move(*records);
    page.info.order = order_of(page.records);
    if (!page.records.empty()) {
        page.info.first_created_at = page.records.front().created_at;
        page.info.last_created_at = page.records.back().created_at;
    }
    return page;
}

Error ListDialect::classify_error(const HttpResponse& response, const PageContext& context) const {
    return classify_error_response(response, provider_, context);
}

}  // namespace callbridge::providers
