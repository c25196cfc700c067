#include "cli/list_command.hpp"

#include "cli/exit_status.hpp"
#include "cli/option_values.hpp"
#include "cli/output_file.hpp"
#include "cli/progress_line.hpp"

#include <callbridge/listing.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/source_config.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <CLI/Validators.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace callbridge::cli {
namespace {

namespace asio = boost::asio;

}  // namespace

CLI::App* add_list_command(CLI::App& app, ListOptions& o) {
    CLI::App* c = app.add_subcommand("list", "Normalised calls from one or more vendor accounts, newest first");
    add_source_flags(*c, o);
    add_recording_flags(*c, o);
    c->add_option("--deadline", o.deadline_seconds,
                  "Seconds the whole listing may take; sources not done by then fail (default: none)")
        ->check(CLI::PositiveNumber);

    c->add_option("--format", o.format, "jsonl, csv or table (default jsonl)");
    c->add_option("--output", o.output, "Write records to this file (default: standard output)");
    c->add_option("--columns", o.columns, columns_help());
    c->add_flag("--raw", o.raw, "jsonl only: add the vendor's original object as \"raw\"");
    c->add_flag("--keep-formulas", o.keep_formulas, keep_formulas_help);
    c->add_flag("--details", o.details,
                "Also read each call's details where the vendor's list leaves fields out (one request a call)");
    c->add_flag("--quiet", o.quiet, "No progress on standard error");
    add_provider_options(*c, o.providers);
    return c;
}

int run_list(const ListOptions& o) {
    // Everything is checked before anything is sent.
    CallQuery query;
    if (Error e = build_query(o, query)) {
        report(describe(e));
        return exit_usage;
    }
    const auto format = output_format_option(o.format);
    if (!format) {
        report(describe(format.error()));
        return exit_usage;
    }
    if (o.raw && *format != OutputFormat::jsonl) {
        report("--raw goes with --format jsonl only");
        return exit_usage;
    }
    if (o.keep_formulas && *format != OutputFormat::csv) {
        report("--keep-formulas goes with --format csv only");
        return exit_usage;
    }
    auto columns = columns_option(o.columns, *format);
    if (!columns) {
        report(describe(columns.error()));
        return exit_usage;
    }
    const auto registry = provider_registry(o.providers);
    if (!registry) {
        report(describe(registry.error()));
        return exit_usage;
    }
    auto specs = source_specs(o, *registry);
    if (!specs) {
        report(describe(specs.error()));
        return exit_usage;
    }
    for (const SourceSpec& spec : *specs)
        if (!spec.filters.empty()) {
            report("'" + o.config + "': source '" + spec.name +
                   "' has filters of its own, which callbridge sync reads; list applies its filter flags to every "
                   "source");
            return exit_usage;
        }

    asio::io_context io(1);
    // Pages are parsed on a thread of their own while the I/O thread goes on
    // sending and reading. Declared after `io`, so joined before it goes.
    asio::thread_pool parse_thread(1);
    std::vector<std::shared_ptr<CallSource>> sources;
    std::vector<std::shared_ptr<testing::RecordingHttpClient>> recorders;
    std::map<std::string, std::string> token_env_of;
    for (const SourceSpec& spec : *specs) {
        auto source =
            make_source(o, spec, *registry, io.get_executor(), parse_thread.get_executor(), o.raw, &recorders);
        if (!source) {
            report(describe(source.error()));
            return exit_usage;
        }
        sources.push_back(std::move(*source));
        token_env_of[spec.name] = spec.token_env;
    }

    ProgressLine progress(!o.quiet);
    ListingOptions listing_options{.concurrency = static_cast<std::size_t>(o.concurrency),
                                   .details = o.details,
                                   .on_progress = [&](const ListingProgress& p) { progress.update(p); }};
    if (o.deadline_seconds)
        listing_options.deadline = std::chrono::milliseconds(static_cast<std::int64_t>(*o.deadline_seconds * 1000));
    Listing listing(io.get_executor(), sources, query, std::move(listing_options));
    if (Error refused = listing.check()) {
        report(describe(refused));
        return exit_usage;
    }

    Error output_error;
    OutputFile output(o.output, output_error);
    if (output_error) {
        report(describe(output_error));
        return exit_usage;
    }
    // Records and the progress line on one terminal: the line gives way to
    // each record (progress_line.hpp).
    if ((o.output.empty() || o.output == "-") && ProgressLine::records_share_terminal())
        progress.share_terminal_with(output.stream());
    auto writer =
        make_record_writer(*format, output.stream(), {.include_raw = o.raw, .keep_formulas = o.keep_formulas, .columns = *columns});

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec) listing.cancel();
    });
    // Records go out as they arrive, even while the listing waits (for a
    // slow vendor, a retry or a rate limit): flushed a few times a second.
    asio::steady_timer flusher(io);
    std::function<void()> flush_soon = [&] {
        flusher.expires_after(std::chrono::milliseconds(200));
        flusher.async_wait([&](boost::system::error_code ec) {
            if (ec) return;
            output.stream().flush();
            if (!output.failure().empty()) return listing.cancel();  // no use fetching what cannot be written
            progress.idle();
            flush_soon();
        });
    };
    flush_soon();

    // Records go out as they arrive, in whole lines; a failed source is
    // reported on one line and the others go on. They come in batches: the
    // I/O thread hands each batch over once, not each record.
    int status = exit_success;
    while (output.failure().empty()) {
        auto batch = listing.next_batch(io);
        if (!output.failure().empty()) break;
        if (!batch) {
            const Error& failure = batch.error();
            progress.clear();
            if (exit_status_for(failure) == exit_interrupted) {
                report("interrupted; the output holds whole records only");
                status = exit_interrupted;
                break;
            }
            const std::string hint = hint_for(failure, token_env_of[failure.details().source]);
            report(describe(failure) + (hint.empty() ? "" : "; " + hint));
            if (status == exit_success) status = exit_status_for(failure);
            continue;
        }
        if (batch->empty()) break;
        progress.before_record();
        for (const CallRecord& record : *batch) {
            writer->write(record);
            if (!output.failure().empty()) break;  // stop fetching at once
        }
    }
    signals.cancel();
    flusher.cancel();
    progress.clear();
    if (!output.failure().empty()) listing.cancel();
    else writer->finish();
    if (!output.close()) {
        report(output.failure());
        return exit_failure;
    }
    if (status != exit_interrupted) {
        const RecordingsWait wait = wait_for_recordings(io, recorders, signals);
        if (wait.unanswered != 0) {
            report(std::string(wait.interrupted ? "interrupted" : "nothing left to answer them") + " while " +
                   std::to_string(wait.unanswered) +
                   " request(s) the listing cancelled were being recorded; the cassette lacks their answers");
            status = wait.interrupted ? exit_interrupted : exit_failure;
        }
    }
    return status;
}

}  // namespace callbridge::cli
