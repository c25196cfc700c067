#include "cli/sync_command.hpp"

#include "cli/exit_status.hpp"
#include "cli/progress_line.hpp"

#include <callbridge/sync/duration_text.hpp>
#include <callbridge/sync/open_call_store.hpp>
#include <callbridge/sync/sync_run.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/signal_set.hpp>

#include <CLI/Validators.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

namespace callbridge::cli {
namespace {

namespace asio = boost::asio;

boost::system::result<std::chrono::seconds, Error> duration_option(std::string_view flag, const std::string& text,
                                                                   bool zero_allowed) {
    const auto value = parse_duration(text);
    if (!value || (!zero_allowed && value->count() == 0))
        return invalid_option(std::string(flag), "'" + text + "' is not a duration; write a whole number and a unit, " +
                                                     (zero_allowed ? "" : "above zero, ") + "as in 90s, 15m, 2h or 2d");
    return *value;
}

// The flags' filters and the source's own, which may not say the same
// filter twice.
Error source_query(const CallQuery& flags_query, const SourceFlags& flags, const SourceSpec& spec, CallQuery& query) {
    query = flags_query;
    CallQuery own;
    std::set<std::string> named;
    for (const auto& [filter, value] : spec.filters) {
        if (Error e = set_filter(own, filter, value)) return e;
        named.insert(filter);
    }
    const std::map<std::string, bool> by_flag{
        {"status", !flags.statuses.empty()},          {"provider_status", !flags.provider_status.empty()},
        {"direction", !flags.direction.empty()},      {"agent_id", !flags.agent_id.empty()},
        {"campaign_id", !flags.campaign_id.empty()},  {"customer_number", !flags.customer_number.empty()},
        {"search", !flags.search.empty()},            {"created_from", !flags.from.empty()},
        {"created_to", !flags.to.empty()},            {"page_size", !flags.page_size.empty()},
    };
    for (const auto& filter : named) {
        if (by_flag.at(filter)) {
            Error e = invalid_option("config", "source '" + spec.name + "' sets filter " + filter +
                                                   " in the config file, and a flag sets it too; give it in one place");
            return e;
        }
        if (filter == "status") query.statuses = own.statuses;
        if (filter == "provider_status") query.provider_status = own.provider_status;
        if (filter == "direction") query.direction = own.direction;
        if (filter == "agent_id") query.agent_id = own.agent_id;
        if (filter == "campaign_id") query.campaign_id = own.campaign_id;
        if (filter == "customer_number") query.customer_number = own.customer_number;
        if (filter == "search") query.search = own.search;
        if (filter == "created_from") query.created_from = own.created_from;
        if (filter == "created_to") query.created_to = own.created_to;
        if (filter == "page_size") query.page_size = own.page_size;
    }
    if (Error e = validate(query)) {
        e.details().source = spec.name;
        return e;
    }
    return {};
}

std::string seconds_text(std::chrono::milliseconds elapsed) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(elapsed.count()) / 1000.0);
    return text;
}

// One line per source run on standard error.
std::string summary(const SourceReport& r) {
    std::string line = "sync '" + r.source + "': ";
    switch (r.outcome) {
        case SourceReport::Outcome::held:
            return line + "skipped: worker " + r.holder + " holds it";
        case SourceReport::Outcome::refused:
            return line + "refused: " + describe(r.error);
        default: break;
    }
    line += std::to_string(r.inserted) + " inserted, " + std::to_string(r.updated) + " updated, " +
            std::to_string(r.unchanged) + " unchanged, " + std::to_string(r.requests) +
            (r.requests == 1 ? " request, " : " requests, ") + seconds_text(r.elapsed);
    if (r.outcome != SourceReport::Outcome::synced) line += " (" + std::string(to_string(r.outcome)) + ")";
    return line;
}

}  // namespace

CLI::App* add_sync_command(CLI::App& app, SyncCommandOptions& o) {
    CLI::App* c = app.add_subcommand("sync", "Keep a store of calls current: new calls once, every later change once");
    add_source_flags(*c, o);
    c->add_option("--store", o.store,
                  "sqlite:PATH or postgresql://user@host:port/db (default sqlite:callbridge.db)");
    c->add_option("--lookback", o.lookback, "Read back this far before the newest call seen (default 2h)");
    c->add_option("--max-open-age", o.max_open_age,
                  "Calls still open are read again until this old (default 48h)");
    c->add_option("--watch", o.watch, "Poll every INTERVAL (90s, 15m, 2h, 2d) until interrupted");
    c->add_option("--lease", o.lease, "How long a worker's claim on a source lasts unless renewed (default 60s)");
    c->add_flag("--emit", o.emit, "Print the changes committed, as JSON lines, on standard output");
    c->add_option("--reset", o.resets, "Forget this source's checkpoint (not its calls) and run it from the start; "
                                       "repeatable")
        ->allow_extra_args(false);
    c->add_flag("--quiet", o.quiet, "No progress on standard error");
    add_provider_options(*c, o.providers);
    return c;
}

int run_sync(const SyncCommandOptions& o) {
    // Everything is checked before anything is sent or opened.
    CallQuery flags_query;
    if (Error e = build_query(o, flags_query)) {
        report(describe(e));
        return exit_usage;
    }
    if (flags_query.limit) {
        report("--limit: a sync reads every matching call; it takes no limit");
        return exit_usage;
    }
    SyncOptions options;
    const std::pair<const char*, const std::string*> durations[] = {
        {"--lookback", &o.lookback}, {"--max-open-age", &o.max_open_age}, {"--lease", &o.lease}};
    std::map<std::string, std::chrono::seconds> parsed;
    for (const auto& [flag, text] : durations) {
        auto value = duration_option(flag, *text, std::string_view(flag) != "--lease");
        if (!value) {
            report(describe(value.error()));
            return exit_usage;
        }
        parsed[flag] = *value;
    }
    options.lookback = parsed["--lookback"];
    options.max_open_age = parsed["--max-open-age"];
    options.lease = parsed["--lease"];
    if (!o.watch.empty()) {
        auto interval = duration_option("--watch", o.watch, false);
        if (!interval) {
            report(describe(interval.error()));
            return exit_usage;
        }
        options.watch = *interval;
    }
    options.concurrency = static_cast<std::size_t>(o.concurrency);
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
    for (const auto& name : o.resets) {
        if (std::none_of(specs->begin(), specs->end(), [&](const SourceSpec& s) { return s.name == name; })) {
            report("--reset: no source is named '" + name + "'");
            return exit_usage;
        }
        options.reset.insert(name);
    }

    asio::io_context io(1);
    // Pages are parsed on a thread of their own while the I/O thread goes on
    // sending and reading. Declared after `io`, so joined before it goes.
    asio::thread_pool parse_thread(1);
    std::vector<SyncSource> sources;
    std::map<std::string, std::string> token_env_of;
    for (const SourceSpec& spec : *specs) {
        SyncSource sync_source;
        if (Error e = source_query(flags_query, o, spec, sync_source.query)) {
            report(describe(e));
            return exit_usage;
        }
        auto source = make_source(o, spec, *registry, io.get_executor(), parse_thread.get_executor());
        if (!source) {
            report(describe(source.error()));
            return exit_usage;
        }
        if (Error refused = (*source)->check_query(sync_source.query)) {
            if (refused.details().source.empty()) refused.details().source = spec.name;
            report(describe(refused));
            return exit_usage;
        }
        sync_source.source = std::move(*source);
        sync_source.api_root = api_root_of(spec);
        sources.push_back(std::move(sync_source));
        token_env_of[spec.name] = spec.token_env;
    }

    auto store = open_call_store(o.store);
    if (!store) {
        report(describe(store.error()));
        return exit_status_for(store.error()) == exit_usage ? exit_usage : exit_store;
    }

    ProgressLine progress(!o.quiet);
    int status = exit_success;
    bool interrupted = false;
    options.on_progress = [&](const ListingProgress& p) { progress.update(p); };
    options.on_changes = [&](const std::vector<Change>& changes) {
        if (!o.emit) return;
        progress.clear();
        std::string lines;
        for (const auto& change : changes) lines += to_json(change) + '\n';
        std::cout << lines << std::flush;
    };
    options.on_source_done = [&](const SourceReport& r) {
        progress.clear();
        if (r.error && r.outcome != SourceReport::Outcome::refused && r.outcome != SourceReport::Outcome::interrupted) {
            const std::string hint = hint_for(r.error, token_env_of[r.source]);
            report(describe(r.error) + (hint.empty() ? "" : "; " + hint));
        }
        report(summary(r));
        if (r.outcome == SourceReport::Outcome::interrupted) return;
        const int source_status = r.outcome == SourceReport::Outcome::refused ? exit_usage : exit_status_for(r.error);
        // A refused source is exit 2 only when nothing worse happened.
        if (source_status != exit_success && (status == exit_success || status == exit_usage)) status = source_status;
    };
    SyncRun run(io.get_executor(), std::shared_ptr<CallStore>(std::move(*store)), std::move(sources),
                std::move(options));
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec) return;
        interrupted = true;
        run.cancel();
    });
    run.run(io);
    signals.cancel();
    progress.clear();
    if (interrupted) {
        report("interrupted; what was committed stays, checkpoints did not advance");
        return exit_interrupted;
    }
    return status;
}

}  // namespace callbridge::cli
