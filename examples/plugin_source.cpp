// A plugin: a vendor callbridge does not ship, as a CallSource written
// against the plain virtual (no templates), registered by name beside the
// shipped providers and listed like any of them.

#include <callbridge/callbridge.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <iostream>

namespace {

// A vendor whose whole history fits in one page: two calls, in memory.
class InMemorySource final : public callbridge::CallSource {
public:
    InMemorySource(boost::asio::any_io_executor executor, std::string name)
        : executor_(std::move(executor)), name_(std::move(name)) {}

    const std::string& name() const noexcept override { return name_; }
    std::string_view provider() const noexcept override { return "in-memory"; }
    executor_type get_executor() const override { return executor_; }
    callbridge::Error check_query(const callbridge::CallQuery& query) const override {
        return callbridge::validate(query);
    }

private:
    void do_list_page(callbridge::ListPageRequest request,
                      boost::asio::any_completion_handler<list_page_signature> handler) override {
        callbridge::CallPage page;
        page.info.page = request.cursor.page;
        page.info.total = 2;
        page.info.last_page = 1;
        for (const char* id : {"b", "a"}) {
            callbridge::CallRecord call;
            call.source = name_;
            call.provider = "in-memory";
            call.id = id;
            call.status = callbridge::CallStatus::completed;
            call.provider_status = "done";
            call.created_at = std::chrono::sys_days(std::chrono::year{2025} / 8 / 4) +
                              std::chrono::hours(id[0] == 'b' ? 12 : 11);
            call.updated_at = call.created_at;
            if (callbridge::matches(request.query, call)) page.records.push_back(std::move(call));
        }
        boost::asio::post(executor_, boost::asio::append(std::move(handler), callbridge::Error(), std::move(page)));
    }

    boost::asio::any_io_executor executor_;
    std::string name_;
};

}  // namespace

int main() {
    boost::asio::io_context io;
    auto registry = callbridge::Registry::with_shipped_providers();
    registry.add("in-memory", [](boost::asio::any_io_executor executor, callbridge::SourceOptions options)
                                  -> boost::system::result<std::shared_ptr<callbridge::CallSource>, callbridge::Error> {
        return std::make_shared<InMemorySource>(std::move(executor), options.name.empty() ? "in-memory" : options.name);
    });
    auto source = registry.make("in-memory", io.get_executor(), {.name = "lab"});
    callbridge::Listing listing(io.get_executor(), {*source}, {});
    while (auto item = listing.next(io)) {
        if (!*item) break;
        std::cout << callbridge::to_json(**item) << '\n';
    }
}
