#pragma once
// Building a list request: the path under the API root, a percent-encoded
// query and the headers every vendor needs.

#include <callbridge/api_root.hpp>
#include <callbridge/call_page.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/http_message.hpp>

#include <string>
#include <string_view>

namespace callbridge::providers {

/// Every byte but the RFC 3986 unreserved characters percent-encoded: a "+"
/// becomes "%2B" (a raw "+" reads as a space on the vendor's side).
std::string percent_encode(std::string_view value);

/// GET <root><list_path>?<plan params>&page=N&per_page=P with
/// `Authorization: Bearer <token>` and `Accept: application/json` (without
/// it, a Laravel backend answers a bad token with a redirect to a login page).
HttpRequest list_request(const ApiRoot& root, std::string_view list_path, const QueryPlan& plan,
                         const PageCursor& cursor, int page_size, std::string_view token);

/// date_from / date_to for the query's created_at bounds, one day wider on
/// each side than the bounds' UTC dates. Whatever zone the vendor filters in
/// (all zones are within 14 hours of UTC), its result is then a superset;
/// the exact bounds are applied locally.
void push_created_bounds(QueryPlan& plan, const CallQuery& query);

}  // namespace callbridge::providers
