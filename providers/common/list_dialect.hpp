#pragma once
// What the shipped dialects share: a provider name and default API root given
// at construction (so one dialect serves several brands), a list path, the
// common request and error handling, and the shape of parse_page: a JSON
// object, its `data` array of calls, a paginator. A vendor says how to plan a
// query, read its paginator and map one call.

#include <callbridge/dialect.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace callbridge::providers {

class ListDialect : public Dialect {
public:
    ListDialect(std::string provider, std::string default_api_root, std::string list_path)
        : provider_(std::move(provider)),
          default_api_root_(std::move(default_api_root)),
          list_path_(std::move(list_path)) {}

    std::string_view provider() const noexcept final { return provider_; }
    std::string_view default_api_root() const noexcept final { return default_api_root_; }

    HttpRequest page_request(const ApiRoot& root, const QueryPlan& plan, const PageCursor& cursor, int page_size,
                             std::string_view token) const final;
    boost::system::result<CallPage, Error> parse_page(std::string_view body,
                                                      const PageContext& context) const final;
    Error classify_error(const HttpResponse& response, const PageContext& context) const final;

protected:
    /// A body that says it failed, though served with a 2xx status.
    virtual Error check_envelope(const boost::json::object& body, std::string_view text,
                                 const PageContext& context) const {
        (void)body, (void)text, (void)context;
        return {};
    }
    /// The paging information of a parsed body holding `records` calls.
    virtual boost::system::result<PageInfo, Error> read_paging(const boost::json::object& body, std::string_view text,
                                                               std::size_t records,
                                                               const PageContext& context) const = 0;
    /// One element of `data` (moved into the record's raw); `path` names it.
    virtual boost::system::result<CallRecord, Error> map_call(boost::json::object&& call, std::string path,
                                                              const PageContext& context) const = 0;

    std::string provider_;

private:
    std::string default_api_root_;
    std::string list_path_;
};

}  // namespace callbridge::providers
