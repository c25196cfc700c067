#pragma once
// What every list body has in common: a `data` array of call objects, each
// mapped onto a record, and a page number that must be the one asked for.

#include "common/error_body.hpp"
#include "common/response_body.hpp"
#include "detail/field_reader.hpp"

#include <callbridge/call_record.hpp>
#include <callbridge/dialect.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace callbridge::providers {

/// The body's `data` array. When it is missing, the error quotes the
/// vendor's message if the body looks like an error body.
boost::system::result<boost::json::array*, Error> data_array(boost::json::object& body, std::string_view raw_body,
                                                             std::string_view provider, const PageContext& context);

/// Laravel-style paging counts, read from the paginator object at `path`
/// ("" for the top level, "pagination", "meta").
struct PagingCounts {
    std::optional<std::int64_t> current_page;
    std::optional<std::int64_t> last_page;
    std::optional<std::int64_t> per_page;
    std::optional<std::int64_t> total;
};

boost::system::result<PagingCounts, Error> read_paging_counts(const boost::json::object& paginator, std::string path,
                                                             std::string_view provider, const PageContext& context);

/// Page info from the counts. A page that is not the one asked for would
/// make a listing repeat or skip records; it is an error instead.
boost::system::result<PageInfo, Error> page_info(const PagingCounts& counts, std::size_t vendor_records,
                                                 std::string_view provider, const PageContext& context);

/// Maps every element of `calls` with `map_call(object&&, path)`, moving the
/// objects out of the array.
template <class MapCall>
boost::system::result<std::vector<CallRecord>, Error> map_calls(boost::json::array& calls, std::string_view provider,
                                                               const PageContext& context, MapCall&& map_call) {
    std::vector<CallRecord> records;
    records.reserve(calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        std::string path = "data[" + std::to_string(i) + "]";
        if (!calls[i].is_object())
            return malformed(provider, context, std::move(path),
                             "expected a call object, got " + std::string(detail::describe_kind(calls[i])));
        auto record = map_call(std::move(calls[i].get_object()), std::move(path));
        if (!record) return at_page(record.error(), provider, context);
        records.push_back(std::move(*record));
    }
    return records;
}

}  // namespace callbridge::providers
