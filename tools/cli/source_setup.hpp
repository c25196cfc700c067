#pragma once
// What `list` and `sync` share: the flags that name sources, filters and
// transport, and making the sources from them.

#include "cli/provider_options.hpp"

#include <callbridge/call_query.hpp>
#include <callbridge/call_source.hpp>
#include <callbridge/error.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/source_config.hpp>
#include <callbridge/testing/recording_http_client.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/result.hpp>

#include <CLI/App.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace callbridge::cli {

struct SourceFlags {
    // One source from flags...
    std::string provider;
    std::string base_url;
    std::string token_env;
    std::string user_env;
    std::string source_name;
    std::string timezone;
    // ...or several from a file.
    std::string config;

    // Filters, as text; each goes through callbridge::set_filter.
    std::vector<std::string> statuses;
    std::string provider_status, direction, agent_id, campaign_id, customer_number, search, from, to, limit,
        page_size;

    // Transport.
    std::vector<std::string> ca_files;
    int concurrency = 4;
    std::optional<double> timeout_seconds;
    std::optional<int> max_retries;
    bool insecure_http = false;

    // Plugins and dialect files (--plugin, --dialect).
    ProviderOptions providers;

    // Cassettes (--record DIR, --replay DIR): one folder a source, by name.
    std::string record_dir;
    std::string replay_dir;
};

void add_source_flags(CLI::App& command, SourceFlags& flags);
/// --record and --replay (list only).
void add_recording_flags(CLI::App& command, SourceFlags& flags);

/// The error with filters and options named by their flags.
std::string describe(Error error);

/// The filters given as flags, checked.
Error build_query(const SourceFlags& flags, CallQuery& query);

/// The sources named by --config, or the one named by --provider.
boost::system::result<std::vector<SourceSpec>, Error> source_specs(const SourceFlags& flags, const Registry& registry);

/// A source of `spec`, with the transport flags, that parses its pages on
/// `parse_executor` (a thread of the command's own, joined before the I/O
/// context goes); `keep_raw`: read each vendor object whole into
/// CallRecord::raw (only when it is written out); with --record, the
/// source's recorder is added to `recorders` (for wait_for_recordings).
boost::system::result<std::shared_ptr<CallSource>, Error> make_source(
    const SourceFlags& flags, const SourceSpec& spec, const Registry& registry, boost::asio::any_io_executor executor,
    boost::asio::any_io_executor parse_executor, bool keep_raw = false,
    std::vector<std::shared_ptr<testing::RecordingHttpClient>>* recorders = nullptr);

/// How a wait for the recordings ended: `unanswered` requests left (0:
/// every cassette is whole), and whether a signal ended it.
struct RecordingsWait {
    std::size_t unanswered = 0;
    bool interrupted = false;
};

/// Runs `io` until every request the recorders sent is answered and saved,
/// the ones the listing cancelled included (a page asked for ahead of the
/// end): a replay of the listing asks for them too. A signal of `signals`
/// (Ctrl-C) ends the wait, as does nothing left in `io` to answer them.
RecordingsWait wait_for_recordings(boost::asio::io_context& io,
                                   const std::vector<std::shared_ptr<testing::RecordingHttpClient>>& recorders,
                                   boost::asio::signal_set& signals);

/// The API root a source reads, as written in checkpoints: the spec's, or
/// the provider's default.
std::string api_root_of(const SourceSpec& spec);

}  // namespace callbridge::cli
