#pragma once
// The Talkover wire dialect (GET /calls under .../api/v1, a `success`
// envelope and a `pagination` or `meta` paginator).

#include "common/list_dialect.hpp"

namespace callbridge::providers::talkover {

class TalkoverDialect final : public ListDialect {
public:
    TalkoverDialect(std::string provider, std::string default_api_root)
        : ListDialect(std::move(provider), std::move(default_api_root), "/calls") {}

    boost::system::result<QueryPlan, Error> plan(const CallQuery& query) const override;

private:
    Error check_envelope(const boost::json::object& body, std::string_view text,
                         const PageContext& context) const override;
    boost::system::result<PageInfo, Error> read_paging(const boost::json::object& body, std::string_view text,
                                                       std::size_t records, const PageContext& context) const override;
    boost::system::result<CallRecord, Error> map_call(boost::json::object&& call, std::string path,
                                                      const PageContext& context) const override;
};

}  // namespace callbridge::providers::talkover
