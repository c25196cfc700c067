#pragma once
// How a vendor takes the canonical filters, as data: which go to the vendor
// as which parameter in which form, and which it cannot honour. Every filter
// is also checked on each record (call-record.md: "applied locally always"),
// except one the record cannot show and the vendor filters exactly.

#include <callbridge/call_query.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/kit/call_mapping.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::kit {

/// The canonical filters a vendor parameter can carry.
enum class Filter { agent_id, campaign_id, customer_number, search, created_from, created_to };

/// How a filter's value is written for the vendor.
enum class ParamFormat {
    text,
    /// Digits only; any other value is an invalid query before any request.
    integer,
    /// "YYYY-MM-DD", one day wider than the bound's UTC date: whatever zone the
    /// vendor filters in (all are within 14 hours of UTC), it returns a superset.
    date_widened,
    /// "2025-08-04T14:30:00Z".
    rfc3339,
    /// Seconds since 1970, one second wider than the bound.
    epoch_seconds_widened,
    /// Milliseconds since 1970: the bound's first (from) or last (to) millisecond.
    epoch_milliseconds,
};

struct Pushdown {
    Filter filter;
    std::string param;
    ParamFormat format = ParamFormat::text;
    /// The vendor filters exactly and its records cannot show the value
    /// (Autocalls' assistant ids): the vendor is trusted, nothing is checked locally.
    bool trusted = false;
};

struct Refusal {
    Filter filter;
    /// Why, for the unsupported filter error: "is not offered by twilio (...)".
    std::string why;
};

struct QueryRules {
    /// In order; one parameter carries the first filter that is set.
    std::vector<Pushdown> pushdowns;
    /// Filters refused before any request, with the reason. A filter with no
    /// pushdown that the mapping cannot read is refused too.
    std::vector<Refusal> refusals;
    /// The parameter the status table's filter words go in ("": none).
    std::string status_param = "status";
    /// The parameter a direction goes in ("": none), as the mapping's word
    /// for it.
    std::string direction_param;
};

std::string_view to_string(Filter filter) noexcept;
std::optional<Filter> parse_filter(std::string_view name) noexcept;
std::string_view to_string(ParamFormat format) noexcept;
std::optional<ParamFormat> parse_param_format(std::string_view name) noexcept;

/// The data-driven part of Dialect::plan: validates the query, refuses what
/// the vendor cannot honour, pushes the rest down as `rules` say, and leaves
/// every filter (but trusted ones) to be checked locally.
boost::system::result<QueryPlan, Error> plan_query(const CallQuery& query, const QueryRules& rules,
                                                   const CallMapping& mapping, std::string_view provider);

/// Whether records mapped by `mapping` show a field `filter` compares (so
/// it can be checked on them).
bool record_shows(const CallMapping& mapping, Filter filter);

/// A bound written as `format` says (for dialects that build their own requests).
std::string format_bound(Timestamp bound, ParamFormat format, bool upper);

}  // namespace callbridge::kit
