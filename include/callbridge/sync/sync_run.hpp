#pragma once
// One run of one or many sources into a store (spec/sync.md, "What one run
// of one source does"), or with SyncOptions::watch, polling them until
// cancelled.
//
//   auto store = callbridge::open_call_store("sqlite:calls.db").value();
//   callbridge::SyncRun run(io.get_executor(), std::move(store), {{source, query, api_root}}, {});
//   for (const auto& report : run.run(io)) std::cout << report.source << ": " << report.inserted << '\n';

#include <callbridge/sync/call_store.hpp>
#include <callbridge/sync/sync_options.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <vector>

namespace callbridge {

class SyncRun {
public:
    /// Completes when every source's run ended (or, watching, once
    /// cancelled), with one report per source run, in the order they ended.
    using run_signature = void(std::vector<SourceReport>);

    /// Nothing happens until async_run. The store's members run on a thread
    /// of the SyncRun's own; `executor` runs the listings.
    SyncRun(boost::asio::any_io_executor executor, std::shared_ptr<CallStore> store, std::vector<SyncSource> sources,
            SyncOptions options = {});
    ~SyncRun();
    SyncRun(const SyncRun&) = delete;
    SyncRun& operator=(const SyncRun&) = delete;

    template <boost::asio::completion_token_for<run_signature> Token>
    auto async_run(Token&& token) {
        return boost::asio::async_initiate<Token, run_signature>([this](auto handler) { do_run(std::move(handler)); },
                                                                 token);
    }

    /// For programs without an event loop: runs `io` until the run ends.
    std::vector<SourceReport> run(boost::asio::io_context& io);

    /// Stops: listings are cancelled, what was read is committed (without
    /// advancing checkpoints), leases are released. Thread-safe.
    void cancel();

private:
    void do_run(boost::asio::any_completion_handler<run_signature> handler);

    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace callbridge
