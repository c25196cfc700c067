#pragma once
// A vendor's wire dialect: pure translation between the canonical model and
// the vendor's vocabulary, with no I/O. Testable with nothing but fixture
// files, and the way to add a vendor that speaks HTTP + JSON: implement this
// and hand it to make_http_source().

#include <callbridge/api_root.hpp>
#include <callbridge/call_page.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>
#include <callbridge/time_zone.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace callbridge {

/// How a query is split between the vendor and the adapter.
struct QueryPlan {
    /// Query parameters sent with every page request, in order, unencoded.
    std::vector<std::pair<std::string, std::string>> vendor_params;
    /// What is checked on every record the vendor returns (see matches()):
    /// the query minus what the vendor filters exactly and the record cannot
    /// show (an Autocalls record carries no assistant id, say).
    CallQuery local;
    /// No record can match (Talkover and direction web): nothing is fetched.
    bool matches_nothing = false;
};

/// Which page of which source a response belongs to, and how its zone-less
/// timestamps are read.
struct PageContext {
    std::string source;
    /// The page that was asked for; 0 when the body was not fetched by page
    /// (a saved response given to `callbridge normalize`).
    std::uint32_t page = 1;
    TimeZone zone;
};

class Dialect {
public:
    virtual ~Dialect() = default;

    /// The provider name written to every record: "autocalls".
    [[nodiscard]] virtual std::string_view provider() const noexcept = 0;
    /// The API root used when a source does not name one.
    [[nodiscard]] virtual std::string_view default_api_root() const noexcept = 0;

    /// Splits a valid query into vendor parameters and a local predicate, or
    /// refuses it (invalid query, unsupported filter) before any request.
    [[nodiscard]] virtual boost::system::result<QueryPlan, Error> plan(const CallQuery& query) const = 0;

    /// The request for one page of a planned query.
    [[nodiscard]] virtual HttpRequest page_request(const ApiRoot& root, const QueryPlan& plan,
                                                   const PageCursor& cursor, int page_size,
                                                   std::string_view token) const = 0;

    /// Reads a successful response body: every record of the vendor's page,
    /// in the vendor's order, unfiltered, plus paging information. A body or
    /// record that cannot be mapped is a malformed response error naming the
    /// page and the field.
    [[nodiscard]] virtual boost::system::result<CallPage, Error> parse_page(std::string_view body,
                                                                           const PageContext& context) const = 0;

    /// Turns a response with a non-2xx status into an error: the kind from
    /// the status, the vendor's message and per-field errors from the body.
    [[nodiscard]] virtual Error classify_error(const HttpResponse& response, const PageContext& context) const = 0;
};

}  // namespace callbridge
