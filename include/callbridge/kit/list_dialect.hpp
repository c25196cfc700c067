#pragma once
// A dialect described as data: where the list is, how to authenticate, how
// it pages, where the records are, how each maps onto the canonical record
// and how filters go to the vendor. The shipped providers and plugins are
// built on it; a vendor with quirks no table can say overrides the hooks.

#include <callbridge/dialect.hpp>
#include <callbridge/kit/call_mapping.hpp>
#include <callbridge/kit/field_reader.hpp>
#include <callbridge/kit/paging.hpp>
#include <callbridge/kit/query_rules.hpp>
#include <callbridge/kit/request.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace callbridge::kit {

struct VendorDescription {
    /// The provider name written to every record: "acme".
    std::string provider;
    std::string default_api_root;
    Endpoint endpoint;
    Auth auth;
    /// The dotted path of the records array in the body; "" for a body that
    /// is the array itself (Vapi).
    std::string records = "data";
    Paging paging = PageNumbers{};
    CallMapping mapping;
    QueryRules query;
    /// The vendor's largest page; a query's page_size is capped to it.
    int max_page_size = 100;
    /// A body member that, when false, means the vendor failed though it
    /// answered 2xx (Talkover's "success"), or "".
    std::string failure_flag;
    /// Per-call details: the path of one call's endpoint under the root, with
    /// `{id}` the call's id (and the source's parameters), or "" when the
    /// list says it all.
    std::string detail_path;
    /// What the details add, read from the detail body as the list's
    /// fields are from the list (same word tables).
    std::vector<FieldRule> detail_rules;
    /// The call members the hooks read beyond the rules' paths ("agent",
    /// "medium"), each whole. A page is read for these and the rules' paths
    /// only (unless the vendor's objects are kept, PageContext::keep_raw);
    /// a hook reading anything else fails, naming what it read.
    std::vector<std::string> read_paths;
};

class ListDialect : public Dialect {
public:
    /// Throws std::invalid_argument naming the provider and the rule when a
    /// rule's read cannot fill its field (kit::can_fill). A plugin makes its
    /// dialects in its register function, where load_plugin turns the throw
    /// into an error naming the plugin; not at namespace scope, where it
    /// would end the program as the library loads.
    explicit ListDialect(VendorDescription description);

    [[nodiscard]] std::string_view provider() const noexcept final { return description_.provider; }
    [[nodiscard]] std::string_view default_api_root() const noexcept final { return description_.default_api_root; }
    [[nodiscard]] bool pages_by_number() const noexcept override {
        return std::holds_alternative<PageNumbers>(description_.paging);
    }
    [[nodiscard]] Error check_access(const SourceAccess& access) const override;
    [[nodiscard]] boost::system::result<QueryPlan, Error> plan(const CallQuery& query) const override;
    [[nodiscard]] HttpRequest page_request(const SourceAccess& access, const QueryPlan& plan, const PageCursor& cursor,
                                           int page_size) const override;
    [[nodiscard]] boost::system::result<CallPage, Error> parse_page(std::string_view body,
                                                                   const PageContext& context) const override;
    [[nodiscard]] Error classify_error(const HttpResponse& response, const PageContext& context) const override;
    [[nodiscard]] std::optional<HttpRequest> detail_request(const SourceAccess& access,
                                                            const CallRecord& record) const override;
    [[nodiscard]] Error apply_details(CallRecord& record, std::string_view body,
                                      const PageContext& context) const override;

    [[nodiscard]] const VendorDescription& description() const noexcept { return description_; }

protected:
    /// After the data-driven plan: a vendor's own pushdowns and refusals.
    [[nodiscard]] virtual Error adjust_plan(const CallQuery& query, QueryPlan& plan) const {
        (void)query, (void)plan;
        return {};
    }
    /// After the data-driven mapping of one call: what no table can say.
    /// `call` reads the vendor's object; its failures fail the page.
    virtual void refine(CallRecord& record, FieldReader& call, const PageContext& context) const {
        (void)record, (void)call, (void)context;
    }
    /// Whether a mapped call is listed at all (counted when not). By default,
    /// every call with a created_at.
    [[nodiscard]] virtual bool listed(const CallRecord& record, FieldReader& call) const;
    /// Fills `record` from a detail body already parsed as an object.
    virtual void refine_details(CallRecord& record, FieldReader& details, const PageContext& context) const {
        (void)record, (void)details, (void)context;
    }

    /// A malformed response error for this dialect's provider.
    [[nodiscard]] Error malformed(const PageContext& context, std::string field, std::string message) const;

    struct Selections;

private:
    static std::shared_ptr<const Selections> make_selections(const VendorDescription& description);
    [[nodiscard]] Error check_failure_flag(const boost::json::object& body, const PageContext& context) const;

    struct PageCalls;
    boost::system::result<CallPage, Error> read_page(const boost::json::value& body, PageCalls& calls,
                                                     const boost::json::storage_ptr& page_memory,
                                                     const PageContext& context) const;
    Error read_window_answer(const TimeWindows& style, std::size_t answered, std::vector<std::int64_t> created,
                             const PageContext& context, CallPage& page) const;

    VendorDescription description_;
    std::shared_ptr<const Selections> selections_;
};

}  // namespace callbridge::kit
