#include "cli/mock_command.hpp"

#include "cli/exit_status.hpp"
#include "cli/list_command.hpp"

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/algorithm/string/case_conv.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <CLI/Validators.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace callbridge::cli {
namespace {

namespace asio = boost::asio;

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The mock's options with the flags that need reading folded in; a bad
// value is reported and nothing returned.
std::optional<mock::MockOptions> mock_options(const MockCommandOptions& o) {
    mock::MockOptions m = o.mock;
    m.latency = std::chrono::milliseconds(o.latency_ms);
    m.rate_window = std::chrono::seconds(o.rate_window_seconds);
    m.retry_after_header = !o.no_retry_after;
    for (const auto& entry : o.calls_from) {
        const auto equals = entry.find('=');
        const std::string vendor = entry.substr(0, equals);
        if (equals == std::string::npos || mock::find_module(vendor) == nullptr) {
            std::string known;
            for (const auto& module : mock::vendor_modules()) known += (known.empty() ? "" : ", ") + std::string(module->name());
            report("--calls-from: expected VENDOR=FILE (VENDOR one of " + known + "), got '" + entry + "'");
            return std::nullopt;
        }
        const std::string path = entry.substr(equals + 1);
        auto body = read_file(path);
        if (!body) {
            report("--calls-from: cannot read '" + path + "': " + std::strerror(errno));
            return std::nullopt;
        }
        try {
            (void)mock::find_module(vendor)->calls_from_page(*body);
        } catch (const std::exception& e) {
            report("--calls-from: '" + path + "' is not a " + vendor + " list response: " + e.what());
            return std::nullopt;
        }
        m.calls_from.emplace_back(vendor, std::move(*body));
    }
    return m;
}

}  // namespace

CLI::App* add_mock_command(CLI::App& app, MockCommandOptions& o) {
    CLI::App* c = app.add_subcommand("mock", "Serve the vendors' list APIs locally, for tests and demos");
    c->add_option("--port", o.port, "Port on 127.0.0.1 (default: any free port)");
    c->add_flag("--plain", o.plain, "Plain http:// instead of https://");
    c->add_flag("--no-gzip", o.no_gzip, "Send every body as it is, even to a client that accepts gzip");
    c->add_option("--calls", o.mock.calls, "Calls generated per vendor (default 250)")->check(CLI::Range(0, 10000000));
    c->add_option("--seed", o.mock.seed, "Seed of the generated calls (default 1)");
    c->add_option("--token", o.mock.tokens, "Accepted bearer token; repeatable (default: any non-empty token)")
        ->allow_extra_args(false);
    c->add_option("--ca-out", o.ca_out, "Write the mock's certificate authority (PEM) here, for --ca-file");
    c->add_option("--calls-from", o.calls_from, "VENDOR=FILE: serve the calls of a saved list response instead")
        ->allow_extra_args(false);
    c->add_option("--latency", o.latency_ms, "Milliseconds waited before every answer")->check(CLI::Range(0, 600000));
    c->add_option("--rate-limit", o.mock.rate_limit, "List requests allowed per window per vendor, then 429");
    c->add_option("--rate-window", o.rate_window_seconds, "The rate limit's window in seconds (default 60)")
        ->check(CLI::Range(1, 86400));
    c->add_flag("--no-retry-after", o.no_retry_after, "Answer 429 without a Retry-After header");
    c->add_option("--fail-every", o.mock.fail_every, "Answer every Nth list request with a 500");
    c->add_option("--cut-every", o.mock.cut_every, "Cut every Nth list response mid-body");
    c->add_option("--insert-per-page", o.mock.insert_per_page, "Create N new calls after each page served");
    c->add_flag("--talkover-meta", o.mock.talkover_meta, "Name Talkover's paginator `meta` instead of `pagination`");
    c->add_flag("--oldest-first", o.mock.oldest_first, "List calls oldest first (the vendors promise no order)");
    c->add_option("--ready-file", o.ready_file,
                  "Once listening, write {\"url\", \"port\", \"scheme\", \"ca_file\"} as JSON to FILE (written whole, "
                  "then renamed into place)");
    c->add_option("--request-log", o.mock.request_log,
                  "Append one JSON line per request to FILE: time, path, page, the token's first 8 characters, status");
    return c;
}

int run_mock(const MockCommandOptions& o) {
    if (!o.plain && o.ca_out.empty()) {
        report("--ca-out FILE is needed: clients trust the mock's throwaway certificate authority through it "
               "(or use --plain)");
        return exit_usage;
    }
    auto options = mock_options(o);
    if (!options) return exit_usage;

    mock::ServerOptions server_options;
    server_options.port = o.port;
    server_options.gzip = !o.no_gzip;
    if (!o.plain) {
        const mock::CertificateAuthority authority;
        try {
            authority.write_certificate(o.ca_out);
        } catch (const std::exception&) {
            report("--ca-out: cannot write '" + o.ca_out + "': " + std::strerror(errno));
            return exit_usage;
        }
        server_options.tls = mock::loopback_certificate(authority);
    }
    std::shared_ptr<mock::VendorMock> vendors;
    try {
        vendors = std::make_shared<mock::VendorMock>(std::move(*options));
    } catch (const std::exception& e) {
        report(std::string("--request-log: ") + e.what());
        return exit_usage;
    }
    std::optional<mock::HttpServer> server;
    try {
        server.emplace(server_options, [vendors](const mock::ServerRequest& request) { return vendors->handle(request); });
    } catch (const std::exception& e) {
        report(std::string("cannot listen on 127.0.0.1:") + std::to_string(o.port) + ": " + e.what());
        return exit_usage;
    }
    // The ready file first: whoever reads "listening on" finds it written.
    if (!o.ready_file.empty()) {
        boost::json::object ready;
        ready["url"] = server->base_url();
        ready["port"] = server->port();
        ready["scheme"] = o.plain ? "http" : "https";
        if (o.plain) ready["ca_file"] = nullptr;
        else ready["ca_file"] = std::filesystem::absolute(o.ca_out).string();
        const std::string part = o.ready_file + ".part";
        std::ofstream out(part);
        out << boost::json::serialize(ready) << "\n";
        out.close();
        std::error_code ec;
        if (!out || (std::filesystem::rename(part, o.ready_file, ec), ec)) {
            report("--ready-file: cannot write '" + o.ready_file + "'");
            server->stop();
            return exit_usage;
        }
    }

    std::cout << "listening on " << server->base_url() << std::endl;
    asio::io_context io;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([](boost::system::error_code, int) {});
    io.run();
    server->stop();
    return exit_success;
}

CLI::App* add_demo_command(CLI::App& app, DemoOptions& o) {
    CLI::App* c = app.add_subcommand("demo", "List eight mock vendor accounts merged newest first, with no account "
                                             "and no network");
    c->add_option("--calls", o.calls, "Calls per vendor (default 20)")->check(CLI::Range(0, 100000));
    c->add_option("--latency", o.latency_ms, "Milliseconds the mock waits before answering (default 30)")
        ->check(CLI::Range(0, 10000));
    return c;
}

int run_demo(const DemoOptions& o) {
    // The mock, on its own thread, with a throwaway certificate authority.
    const auto dir = std::filesystem::temp_directory_path() / ("callbridge-demo-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string ca_file = (dir / "mock-ca.pem").string();
    const std::string config_file = (dir / "sources.json").string();
    const mock::CertificateAuthority authority;
    authority.write_certificate(ca_file);
    mock::MockOptions options;
    options.calls = o.calls;
    options.latency = std::chrono::milliseconds(o.latency_ms);
    // One account on each platform, as a config file names them: each
    // source's API root under the mock, and its credentials' variables.
    struct DemoSource {
        const char* name;
        const char* provider;
        const char* root_path;
        const char* token;
        const char* account;  ///< Twilio's Account SID, or nullptr
    };
    static constexpr DemoSource sources[] = {
        {"main", "autocalls", "/api", "ac-demo-key", nullptr},
        {"brand", "clickspeak", "/api", "cs-demo-key", nullptr},
        {"tk", "talkover", "/api/v1", "talq_demo-key", nullptr},
        {"vapi", "vapi", "", "vapi-demo-key", nullptr},
        {"retell", "retell", "", "retell-demo-key", nullptr},
        {"el", "elevenlabs", "", "el-demo-key", nullptr},
        {"ux", "ultravox", "/api", "ux-demo-key", nullptr},
        {"tw", "twilio", "/2010-04-01", "tw-demo-token", "AC00000000000000000000000000de3a00"},
    };
    for (const auto& source : sources) options.tokens.emplace_back(source.token);
    auto vendors = std::make_shared<mock::VendorMock>(options);
    mock::HttpServer server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                            [vendors](const mock::ServerRequest& request) { return vendors->handle(request); });

    const std::string root = server.base_url();
    boost::json::array listed;
    for (const auto& source : sources) {
        std::string variable = std::string("DEMO_") + source.name + "_TOKEN";
        boost::algorithm::to_upper(variable);
        ::setenv(variable.c_str(), source.token, 1);
        boost::json::object entry{{"name", source.name},
                                  {"provider", source.provider},
                                  {"base_url", root + source.root_path},
                                  {"token_env", variable}};
        if (source.account != nullptr) entry["account"] = source.account;
        listed.push_back(std::move(entry));
    }
    std::ofstream(config_file) << boost::json::serialize(boost::json::object{{"sources", std::move(listed)}}) << "\n";

    std::cout << "callbridge demo: Autocalls, ClickSpeak, Talkover, Vapi, Retell, ElevenLabs, Ultravox and Twilio, "
                 "mocked at "
              << root << "\n"
              << "  sources: " << config_file << "\n"
              << "  running: callbridge list --config " << config_file << " --ca-file " << ca_file
              << " --format table\n\n"
              << std::flush;
    ListOptions list;
    list.config = config_file;
    list.ca_files = {ca_file};
    list.format = "table";
    const int status = run_list(list);
    server.stop();
    std::filesystem::remove_all(dir);
    if (status == exit_success)
        std::cout << "\nEight accounts on eight platforms, one model, merged newest first. To point your own tests at "
                     "the mock:\n  callbridge mock --ca-out mock-ca.pem   (then --base-url https://127.0.0.1:PORT/api "
                     "--ca-file mock-ca.pem)\n";
    return status;
}

}  // namespace callbridge::cli
