#pragma once
// The Autocalls wire dialect (GET /user/calls, Laravel's flat paginator).
// ClickSpeak and the platform's other brands are this dialect under another
// provider name and API root.

#include "common/list_dialect.hpp"

namespace callbridge::providers::autocalls {

class AutocallsDialect final : public ListDialect {
public:
    AutocallsDialect(std::string provider, std::string default_api_root)
        : ListDialect(std::move(provider), std::move(default_api_root), "/user/calls") {}

    boost::system::result<QueryPlan, Error> plan(const CallQuery& query) const override;

private:
    boost::system::result<PageInfo, Error> read_paging(const boost::json::object& body, std::string_view text,
                                                       std::size_t records, const PageContext& context) const override;
    boost::system::result<CallRecord, Error> map_call(boost::json::object&& call, std::string path,
                                                      const PageContext& context) const override;
};

}  // namespace callbridge::providers::autocalls
