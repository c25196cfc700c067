#include "cli/list_command.hpp"

#include "cli/exit_status.hpp"
#include "cli/option_values.hpp"
#include "cli/output_file.hpp"
#include "cli/progress_line.hpp"

#include <callbridge/listing.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/source_config.hpp>

#include <boost/asio/io_context.hpp>
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

// Canonical filter and option names as the user typed them.
const std::map<std::string, std::string, std::less<>> flag_for{
    {"status", "--status"},         {"provider_status", "--provider-status"}, {"direction", "--direction"},
    {"agent_id", "--agent-id"},     {"campaign_id", "--campaign-id"},         {"customer_number", "--customer-number"},
    {"search", "--search"},         {"created_from", "--from"},               {"created_to", "--to"},
    {"limit", "--limit"},           {"page_size", "--page-size"},             {"api_root", "--base-url"},
    {"ca_file", "--ca-file"},       {"config", "--config"},               {"timezone", "--timezone"},
};

// The error with filters and options named by their flags.
std::string describe(Error error) {
    auto rename = [](std::string& name) {
        if (auto found = flag_for.find(name); found != flag_for.end()) name = found->second;
    };
    rename(error.details().filter);
    rename(error.details().option);
    return error.message();
}

Error build_query(const ListOptions& o, CallQuery& query) {
    for (const auto& status : o.statuses)
        if (Error e = set_filter(query, "status", status)) return e;
    const std::pair<const char*, const std::string*> filters[] = {
        {"provider_status", &o.provider_status}, {"direction", &o.direction},
        {"agent_id", &o.agent_id},               {"campaign_id", &o.campaign_id},
        {"customer_number", &o.customer_number}, {"search", &o.search},
        {"created_from", &o.from},               {"created_to", &o.to},
        {"limit", &o.limit},                     {"page_size", &o.page_size},
    };
    for (const auto& [filter, value] : filters)
        if (!value->empty())
            if (Error e = set_filter(query, filter, *value)) return e;
    return validate(query);
}

boost::system::result<std::vector<SourceSpec>, Error> source_specs(const ListOptions& o, const Registry& registry) {
    if (!o.config.empty()) {
        for (const auto* flag : {&o.provider, &o.base_url, &o.token_env, &o.source_name, &o.timezone})
            if (!flag->empty())
                return invalid_option("config", "names its sources itself; --provider, --base-url, --token-env, "
                                                "--source-name and --timezone go into the file instead");
        std::ifstream in(o.config, std::ios::binary);
        if (!in) return invalid_option("config", "cannot read '" + o.config + "': " + std::strerror(errno));
        std::ostringstream text;
        text << in.rdbuf();
        auto specs = read_source_config(text.str(), registry);
        if (!specs) {
            Error error = specs.error();
            error.details().message = "'" + o.config + "': " + error.details().field + " " + error.details().message;
            error.details().field.clear();
            return error;
        }
        return specs;
    }
    if (o.provider.empty())
        return invalid_option("provider", "give --provider for one source, or --config for several");
    SourceSpec spec;
    spec.provider = o.provider;
    spec.name = o.source_name.empty() ? o.provider : o.source_name;
    spec.base_url = o.base_url;
    spec.token_env = o.token_env.empty() ? registry.token_env(o.provider) : o.token_env;
    spec.timezone = o.timezone.empty() ? "UTC" : o.timezone;
    if (const ProviderDescriptor* descriptor = registry.find(o.provider)) spec.user_env = descriptor->user_env;
    return std::vector<SourceSpec>{spec};
}

boost::system::result<std::shared_ptr<CallSource>, Error> make_source(const ListOptions& o, const SourceSpec& spec,
                                                                      const Registry& registry,
                                                                      asio::any_io_executor executor) {
    auto resolved = resolve_source(spec, registry, [](const char* name) { return std::getenv(name); });
    if (!resolved) return resolved.error();
    SourceOptions options = std::move(*resolved);
    options.allow_insecure_http = o.insecure_http;
    options.http.ca_files = o.ca_files;
    if (o.max_retries) options.retry.max_retries = *o.max_retries;
    if (o.timeout_seconds) {
        const auto limit = std::chrono::milliseconds(static_cast<std::int64_t>(*o.timeout_seconds * 1000));
        options.http.request_timeout = limit;
        options.http.connect_timeout = std::min(options.http.connect_timeout, limit);
        options.http.handshake_timeout = std::min(options.http.handshake_timeout, limit);
        options.http.resolve_timeout = std::min(options.http.resolve_timeout, limit);
    }
    return registry.make(spec.provider, std::move(executor), std::move(options));
}

}  // namespace

CLI::App* add_list_command(CLI::App& app, ListOptions& o) {
    CLI::App* c = app.add_subcommand("list", "Normalised calls from one or more vendor accounts, newest first");
    c->add_option("--provider", o.provider, shipped_provider_list() + ", or a plugin's (one source)");
    c->add_option("--base-url", o.base_url, "The API root (default: the provider's)");
    c->add_option("--token-env", o.token_env,
                  "The variable holding the bearer token (default: AUTOCALLS_TOKEN, CLICKSPEAK_TOKEN, TALKOVER_TOKEN)");
    c->add_option("--source-name", o.source_name, "Written to \"source\" (default: the provider name)");
    c->add_option("--timezone", o.timezone, "How zone-less vendor timestamps are read (default: UTC)");
    c->add_option("--config", o.config, "A JSON file naming several sources (merged newest first)");

    c->add_option("--status", o.statuses, "Canonical statuses, comma-separated; repeatable")->allow_extra_args(false);
    c->add_option("--provider-status", o.provider_status, "A vendor status word, matched exactly");
    c->add_option("--direction", o.direction, "inbound, outbound or web");
    c->add_option("--agent-id", o.agent_id, "The vendor's agent (assistant) id");
    c->add_option("--campaign-id", o.campaign_id, "The vendor's campaign id");
    c->add_option("--customer-number", o.customer_number, "An E.164 number");
    c->add_option("--search", o.search, "Part of a phone number or call SID");
    c->add_option("--from", o.from, "Created at or after: YYYY-MM-DD (UTC day) or an RFC 3339 instant");
    c->add_option("--to", o.to, "Created at or before: YYYY-MM-DD (UTC day) or an RFC 3339 instant");
    c->add_option("--limit", o.limit, "At most this many calls");
    c->add_option("--page-size", o.page_size, "Calls per vendor page, 1 to 100 (default 100)");

    c->add_option("--ca-file", o.ca_files, "Also trust these certificate authorities (PEM); repeatable")
        ->allow_extra_args(false);
    c->add_option("--concurrency", o.concurrency, "Pages in flight per source (default 4)")->check(CLI::Range(1, 32));
    c->add_option("--timeout", o.timeout_seconds, "Seconds allowed per request")->check(CLI::PositiveNumber);
    c->add_option("--max-retries", o.max_retries, "Retries of a failed page (default 3)")->check(CLI::Range(0, 20));
    c->add_option("--deadline", o.deadline_seconds,
                  "Seconds the whole listing may take; sources not done by then fail (default: none)")
        ->check(CLI::PositiveNumber);
    c->add_flag("--insecure-http", o.insecure_http, "Allow an http:// API root (sends the token in clear text)");

    c->add_option("--format", o.format, "jsonl, csv or table (default jsonl)");
    c->add_option("--output", o.output, "Write records to this file (default: standard output)");
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

    asio::io_context io(1);
    std::vector<std::shared_ptr<CallSource>> sources;
    std::map<std::string, std::string> token_env_of;
    for (const SourceSpec& spec : *specs) {
        auto source = make_source(o, spec, *registry, io.get_executor());
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
    auto writer =
        make_record_writer(*format, output.stream(), {.include_raw = o.raw, .keep_formulas = o.keep_formulas});

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
            flush_soon();
        });
    };
    flush_soon();

    // Records go out as they arrive, in whole lines; a failed source is
    // reported on one line and the others go on.
    int status = exit_success;
    while (true) {
        auto item = listing.next(io);
        if (!output.failure().empty()) break;
        if (!item) {
            const Error& failure = item.error();
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
        if (!*item) break;
        writer->write(**item);
        if (!output.failure().empty()) break;  // stop fetching at once
    }
    signals.cancel();
    flusher.cancel();
    if (!output.failure().empty()) listing.cancel();
    else writer->finish();
    progress.clear();
    if (!output.close()) {
        report(output.failure());
        return exit_failure;
    }
    return status;
}

}  // namespace callbridge::cli
