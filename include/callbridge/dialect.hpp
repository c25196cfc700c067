#pragma once
// A vendor's wire dialect: pure translation between the canonical model and
// the vendor's vocabulary, with no I/O and no clock. Testable with nothing
// but fixture files, and the way to add a vendor that speaks HTTP + JSON:
// implement this (most simply through kit::ListDialect, which takes the
// vendor described as data) and register it (registry.hpp).

#include <callbridge/api_root.hpp>
#include <callbridge/call_page.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>
#include <callbridge/time_zone.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace callbridge {

/// How a query is split between the vendor and the adapter.
struct QueryPlan {
    /// Query parameters sent with every page request, in order, unencoded.
    std::vector<std::pair<std::string, std::string>> vendor_params;
    /// Members of a JSON request body sent with every page request (vendors
    /// that list with a POST: Retell's filter_criteria, say).
    boost::json::object vendor_body;
    /// What is checked on every record the vendor returns (see matches()):
    /// the query minus what the vendor filters exactly and the record cannot
    /// show (an Autocalls record carries no assistant id, say).
    CallQuery local;
    /// No record can match (Talkover and direction web): nothing is fetched.
    bool matches_nothing = false;
    /// Some record fields the query filters on come only with each call's
    /// details (Dialect::detail_request): a listing fetches them for every
    /// record, then checks the whole query. Such filters stay in `local`,
    /// which a source checks on each record once its details are read.
    bool needs_details = false;
};

/// Where a source sends its requests, and as whom. The token, the user and
/// every parameter are kept out of errors, events and output.
struct SourceAccess {
    ApiRoot root;
    /// The secret: a bearer token, an API key, or a Basic password.
    std::string token;
    /// A Basic user name, when it is not a parameter (an API key SID, say).
    std::string user;
    /// Values the vendor's paths or credentials need: {"account": "AC..."}.
    std::map<std::string, std::string, std::less<>> parameters;
};

/// Which page of which source a response belongs to, and how its zone-less
/// timestamps are read.
struct PageContext {
    std::string source;
    /// The page that was asked for; 0 when the body was not fetched by page
    /// (a saved response given to `callbridge normalize`).
    std::uint32_t page = 1;
    TimeZone zone;
    /// The cursor the page was asked with (paging styles that carry state in
    /// it read it back); the first page's for a saved response.
    PageCursor cursor;
    /// Keep each vendor object whole in CallRecord::raw. When not, a page is
    /// read for what its records need, and raw stays empty.
    bool keep_raw = true;
};

class Dialect {
public:
    virtual ~Dialect() = default;

    /// The provider name written to every record: "autocalls".
    [[nodiscard]] virtual std::string_view provider() const noexcept = 0;
    /// The API root used when a source does not name one.
    [[nodiscard]] virtual std::string_view default_api_root() const noexcept = 0;

    /// Whether the vendor numbers its pages, so that any page can be asked
    /// for by its number alone (CallSource::pages_by_number). The default: no.
    [[nodiscard]] virtual bool pages_by_number() const noexcept { return false; }

    /// Whether `access` has what the vendor needs (a Twilio account, say):
    /// an invalid option error naming what is missing, before any request.
    [[nodiscard]] virtual Error check_access(const SourceAccess& access) const {
        (void)access;
        return {};
    }

    /// Splits a valid query into vendor parameters and a local predicate, or
    /// refuses it (invalid query, unsupported filter) before any request.
    [[nodiscard]] virtual boost::system::result<QueryPlan, Error> plan(const CallQuery& query) const = 0;

    /// The request for one page of a planned query. `cursor` is the first
    /// page's (default) or a PageInfo::next this dialect returned.
    [[nodiscard]] virtual HttpRequest page_request(const SourceAccess& access, const QueryPlan& plan,
                                                   const PageCursor& cursor, int page_size) const = 0;

    /// Reads a successful response body: every record of the vendor's page,
    /// in the vendor's order, unfiltered, plus paging information. A body or
    /// record that cannot be mapped is a malformed response error naming the
    /// page and the field.
    [[nodiscard]] virtual boost::system::result<CallPage, Error> parse_page(std::string_view body,
                                                                           const PageContext& context) const = 0;

    /// Turns a response with a non-2xx status into an error: the kind from
    /// the status, the vendor's message and per-field errors from the body.
    [[nodiscard]] virtual Error classify_error(const HttpResponse& response, const PageContext& context) const = 0;

    /// The request for one call's details, where the list leaves out fields
    /// a per-call request carries (transcripts, numbers, cost); nothing when
    /// the vendor's list says it all (the default).
    [[nodiscard]] virtual std::optional<HttpRequest> detail_request(const SourceAccess& access,
                                                                    const CallRecord& record) const {
        (void)access, (void)record;
        return std::nullopt;
    }

    /// Fills `record` from a successful detail response body.
    [[nodiscard]] virtual Error apply_details(CallRecord& record, std::string_view body,
                                              const PageContext& context) const {
        (void)record, (void)body, (void)context;
        return {};
    }
};

}  // namespace callbridge
