#pragma once
// The Talkover wire dialect (GET /calls under .../api/v1, a `success`
// envelope and a `pagination` or `meta` paginator).

#include <callbridge/dialect.hpp>

#include <string>

namespace callbridge::providers::talkover {

class TalkoverDialect final : public Dialect {
public:
    TalkoverDialect(std::string provider, std::string default_api_root)
        : provider_(std::move(provider)), default_api_root_(std::move(default_api_root)) {}

    std::string_view provider() const noexcept override { return provider_; }
    std::string_view default_api_root() const noexcept override { return default_api_root_; }

    boost::system::result<QueryPlan, Error> plan(const CallQuery& query) const override;
    HttpRequest page_request(const ApiRoot& root, const QueryPlan& plan, const PageCursor& cursor, int page_size,
                             std::string_view token) const override;
    boost::system::result<CallPage, Error> parse_page(std::string_view body,
                                                      const PageContext& context) const override;
    Error classify_error(const HttpResponse& response, const PageContext& context) const override;

private:
    std::string provider_;
    std::string default_api_root_;
};

}  // namespace callbridge::providers::talkover
