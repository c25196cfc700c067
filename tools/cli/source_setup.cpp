#include "cli/source_setup.hpp"

#include <callbridge/api_root.hpp>
#include <callbridge/providers.hpp>
#include <callbridge/testing/fixture_http_client.hpp>
#include <callbridge/testing/recording_http_client.hpp>

#include <CLI/Validators.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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
    {"ca_file", "--ca-file"},       {"user_env", "--user-env"},       {"config", "--config"},               {"timezone", "--timezone"},
};

}  // namespace

// The error with filters and options named by their flags.
std::string describe(Error error) {
    auto rename = [](std::string& name) {
        if (auto found = flag_for.find(name); found != flag_for.end()) name = found->second;
    };
    rename(error.details().filter);
    rename(error.details().option);
    return error.message();
}

Error build_query(const SourceFlags& o, CallQuery& query) {
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

boost::system::result<std::vector<SourceSpec>, Error> source_specs(const SourceFlags& o, const Registry& registry) {
    if (!o.config.empty()) {
        for (const auto* flag : {&o.provider, &o.base_url, &o.token_env, &o.user_env, &o.source_name, &o.timezone})
            if (!flag->empty())
                return invalid_option("config", "names its sources itself; --provider, --base-url, --token-env, "
                                                "--user-env, --source-name and --timezone go into the file instead");
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
    if (const ProviderDescriptor* descriptor = registry.find(o.provider)) {
        spec.user_env = descriptor->user_env;
        if (!o.user_env.empty() && descriptor->user_env.empty())
            return invalid_option("user_env", "provider " + o.provider + " takes no user name");
    }
    if (!o.user_env.empty()) spec.user_env = o.user_env;
    return std::vector<SourceSpec>{spec};
}

boost::system::result<std::shared_ptr<CallSource>, Error> make_source(
    const SourceFlags& o, const SourceSpec& spec, const Registry& registry, asio::any_io_executor executor,
    asio::any_io_executor parse_executor, bool keep_raw,
    std::vector<std::shared_ptr<testing::RecordingHttpClient>>* recorders) {
    // A replay sends nothing: a token that is not set is not needed.
    const bool replay = !o.replay_dir.empty();
    auto resolved = resolve_source(spec, registry, [replay](const char* name) -> const char* {
        const char* value = std::getenv(name);
        return (value && *value) || !replay ? value : "replayed-without-a-token";
    });
    if (!resolved) return resolved.error();
    SourceOptions options = std::move(*resolved);
    options.keep_raw = keep_raw;
    options.parse_executor = std::move(parse_executor);
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
    if (replay || !o.record_dir.empty()) {
        std::vector<std::string> secrets = {options.token, options.user};
        for (const auto& [name, value] : options.parameters) secrets.push_back(value);
        const std::string name = options.name.empty() ? spec.provider : options.name;
        if (replay) {
            const auto cassette = std::filesystem::path(o.replay_dir) / name;
            if (!std::filesystem::exists(cassette / "cassette.json"))
                return invalid_option("replay", "no cassette for source \"" + name + "\": " +
                                                    (cassette / "cassette.json").string() + " does not exist");
            auto client = testing::FixtureHttpClient::load(executor, cassette);
            if (!client) return invalid_option("replay", client.error());
            (*client)->redact(std::move(secrets));
            options.client = *client;
        } else {
            auto inner = make_https_client(executor, options.http);
            if (!inner) return inner.error();
            auto recorder = testing::RecordingHttpClient::create(*inner, std::filesystem::path(o.record_dir) / name,
                                                                 std::move(secrets));
            if (!recorder) return recorder.error();
            options.client = *recorder;
            if (recorders != nullptr) recorders->push_back(*recorder);
        }
    }
    return registry.make(spec.provider, std::move(executor), std::move(options));
}

RecordingsWait wait_for_recordings(asio::io_context& io,
                                   const std::vector<std::shared_ptr<testing::RecordingHttpClient>>& recorders,
                                   asio::signal_set& signals) {
    const auto unanswered = [&] {
        std::size_t count = 0;
        for (const auto& recorder : recorders) count += recorder->in_flight();
        return count;
    };
    if (unanswered() == 0) return {};
    auto interrupted = std::make_shared<bool>(false);
    signals.async_wait([interrupted](boost::system::error_code ec, int) { *interrupted = !ec; });
    bool idle = false;
    while (unanswered() != 0 && !*interrupted && !idle) {
        if (io.stopped()) io.restart();
        idle = io.run_one() == 0;
    }
    signals.cancel();
    return {unanswered(), *interrupted};
}

void add_source_flags(CLI::App& command, SourceFlags& o) {
    command.add_option("--provider", o.provider, shipped_provider_list() + ", or a plugin's (one source)");
    command.add_option("--base-url", o.base_url, "The API root (default: the provider's)");
    command.add_option("--token-env", o.token_env,
                       "The variable holding the token, API key or Basic password (default: the provider's, such "
                       "as AUTOCALLS_TOKEN, VAPI_API_KEY or TWILIO_AUTH_TOKEN)");
    command.add_option("--user-env", o.user_env,
                       "The variable holding a Basic user name: an API key SID (default: TWILIO_API_KEY for twilio)");
    command.add_option("--source-name", o.source_name, "Written to \"source\" (default: the provider name)");
    command.add_option("--timezone", o.timezone, "How zone-less vendor timestamps are read (default: UTC)");
    command.add_option("--config", o.config, "A JSON file naming several sources (merged newest first)");

    command.add_option("--status", o.statuses, "Canonical statuses, comma-separated; repeatable")->allow_extra_args(false);
    command.add_option("--provider-status", o.provider_status, "A vendor status word, matched exactly");
    command.add_option("--direction", o.direction, "inbound, outbound or web");
    command.add_option("--agent-id", o.agent_id, "The vendor's agent (assistant) id");
    command.add_option("--campaign-id", o.campaign_id, "The vendor's campaign id");
    command.add_option("--customer-number", o.customer_number, "An E.164 number");
    command.add_option("--search", o.search, "Part of a phone number or call SID");
    command.add_option("--from", o.from, "Created at or after: YYYY-MM-DD (UTC day) or an RFC 3339 instant");
    command.add_option("--to", o.to, "Created at or before: YYYY-MM-DD (UTC day) or an RFC 3339 instant");
    command.add_option("--limit", o.limit, "At most this many calls");
    command.add_option("--page-size", o.page_size, "Calls per vendor page, 1 to 100 (default 100)");

    command.add_option("--ca-file", o.ca_files, "Also trust these certificate authorities (PEM); repeatable")
        ->allow_extra_args(false);
    command.add_option("--concurrency", o.concurrency, "Requests in flight per source (default 4)")->check(CLI::Range(1, 32));
    command.add_option("--timeout", o.timeout_seconds, "Seconds allowed per request")->check(CLI::PositiveNumber);
    command.add_option("--max-retries", o.max_retries, "Retries of a failed page (default 3)")->check(CLI::Range(0, 20));
    command.add_flag("--insecure-http", o.insecure_http, "Allow an http:// API root (sends the token in clear text)");
}

void add_recording_flags(CLI::App& command, SourceFlags& o) {
    auto* record = command.add_option("--record", o.record_dir,
                                      "Save every exchange in DIR/<source>/ (a cassette, credentials removed)");
    auto* replay = command.add_option("--replay", o.replay_dir,
                                      "List from the cassettes in DIR/<source>/ instead of the network");
    record->excludes(replay);
    replay->excludes(record);
}

std::string api_root_of(const SourceSpec& spec) {
    std::string root = spec.base_url;
    if (root.empty())
        if (auto dialect = find_dialect(spec.provider)) root = std::string(dialect->default_api_root());
    auto parsed = ApiRoot::parse(root);
    return parsed ? parsed->to_string() : root;
}

}  // namespace callbridge::cli
