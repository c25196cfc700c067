// One page of an Autocalls account, with co_await.
//
//   AUTOCALLS_TOKEN=... list_one_page [API_ROOT] [CA_FILE]

#include <callbridge/callbridge.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdlib>
#include <iostream>

namespace asio = boost::asio;

asio::awaitable<void> first_page(std::shared_ptr<callbridge::CallSource> source) {
    callbridge::CallQuery query;
    query.statuses = {callbridge::CallStatus::completed};
    query.page_size = 20;
    callbridge::PageCursor first;
    auto [error, page] = co_await source->async_list_page(query, first, asio::use_awaitable);
    if (error) {
        std::cerr << error.message() << '\n';
        co_return;
    }
    for (const callbridge::CallRecord& call : page.records) std::cout << callbridge::to_json(call) << '\n';
    // Statuses Autocalls cannot filter exactly are matched here, after the
    // vendor's page: `total` counts what the vendor matched.
    std::cerr << page.records.size() << " completed calls on page 1 of " << page.info.last_page.value_or(1) << " ("
              << page.info.vendor_records << " calls on the vendor's page)\n";
}

int main(int argc, char** argv) {
    asio::io_context io;
    callbridge::SourceOptions options;
    options.token = std::getenv("AUTOCALLS_TOKEN") ? std::getenv("AUTOCALLS_TOKEN") : "";
    if (argc > 1) options.api_root = argv[1];
    if (argc > 2) options.http.ca_files = {argv[2]};
    const auto registry = callbridge::Registry::with_shipped_providers();
    auto source = registry.make("autocalls", io.get_executor(), options);
    if (!source) {
        std::cerr << source.error().message() << '\n';
        return 2;
    }
    asio::co_spawn(io, first_page(*source), asio::detached);
    io.run();
}
