// Every completed call of two accounts, merged newest first, as CSV: the
// blocking loop, for programs without an event loop of their own.
//
//   AUTOCALLS_TOKEN=... TALKOVER_TOKEN=... list_everything [MOCK_ROOT] [CA_FILE]

#include <callbridge/callbridge.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    boost::asio::io_context io;
    const auto registry = callbridge::Registry::with_shipped_providers();

    std::vector<std::shared_ptr<callbridge::CallSource>> sources;
    for (std::string provider : {"autocalls", "talkover"}) {
        callbridge::SourceOptions options;
        const char* token = std::getenv(callbridge::default_token_env(provider).c_str());
        options.token = token != nullptr ? token : "";
        if (argc > 1) options.api_root = std::string(argv[1]) + (provider == "talkover" ? "/api/v1" : "/api");
        if (argc > 2) options.http.ca_files = {argv[2]};
        auto source = registry.make(provider, io.get_executor(), options);
        if (!source) {
            std::cerr << source.error().message() << '\n';
            return 2;
        }
        sources.push_back(*source);
    }

    callbridge::CallQuery query;
    callbridge::set_filter(query, "status", "completed");
    callbridge::set_filter(query, "created_from", "2025-08-01");
    callbridge::Listing listing(io.get_executor(), sources, query);
    auto csv = callbridge::make_record_writer(callbridge::OutputFormat::csv, std::cout);
    int status = 0;
    while (true) {
        auto item = listing.next(io);
        if (!item) {  // one source failed; the others go on
            std::cerr << item.error().message() << '\n';
            status = 1;
            continue;
        }
        if (!*item) break;
        csv->write(**item);
    }
    return status;
}
