// What keeping a store in sync costs, beside what it is compared with, in
// one run (spec/sync.md):
//   - a first sync of --calls calls (default 100,000) into SQLite and into
//     PostgreSQL, beside `callbridge list` of the same calls to a file, each
//     with its peak memory, and the same at a tenth of the calls: memory
//     flat as the account grows tenfold;
//   - a poll of that account after --new calls (default 50) were created
//     since the last run: requests and wall time of the incremental run
//     beside a full relisting (`sync --reset`), with the mock answering
//     after --latency ms (default 25), as a vendor would.
// Each program is the real `callbridge` as its own process, against a
// loopback HTTPS vendor mock in this process; PostgreSQL is a throwaway
// server (fsync on) in a temporary directory.

#include "child_process.hpp"
#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include "support/postgres_server.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace callbridge;

struct Options {
    std::size_t calls = 100000;
    std::size_t fresh = 50;
    int latency_ms = 25;
    std::string cli = CALLBRIDGE_CLI;
};

struct Server {
    mock::CertificateAuthority authority;
    std::string ca_file;
    std::shared_ptr<mock::VendorMock> vendors;
    mock::HttpServer server;

    Server(std::size_t calls, int latency_ms, const std::string& ca_path)
        : ca_file(ca_path),
          vendors(std::make_shared<mock::VendorMock>(
              mock::MockOptions{.calls = calls, .latency = std::chrono::milliseconds(latency_ms)})),
          server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                 [v = vendors](const mock::ServerRequest& r) { return v->handle(r); }) {
        authority.write_certificate(ca_file);
    }
};

const std::vector<std::string> token{"AUTOCALLS_TOKEN=ac-bench-token"};

std::vector<std::string> source_args(const Options& o, const Server& s, std::vector<std::string> command) {
    command.insert(command.begin(), o.cli);
    const std::vector<std::string> source{"--provider", "autocalls", "--base-url", s.server.base_url() + "/api",
                                          "--ca-file", s.ca_file, "--quiet"};
    command.insert(command.end(), source.begin(), source.end());
    return command;
}

struct Measured {
    bench::ChildRun run;
    std::uint64_t requests = 0;
};

Measured measure(const Server& s, std::vector<std::string> args) {
    const auto before = s.vendors->requests();
    Measured m;
    m.run = bench::run_child(std::move(args), token, true);
    m.requests = s.vendors->requests() - before;
    return m;
}

void print(const char* what, std::size_t calls, const Measured& m, double list_seconds) {
    std::printf("    %-28s %8.2f s %9.0f calls/s  peak memory %6.1f MB  %5llu requests", what, m.run.seconds,
                static_cast<double>(calls) / m.run.seconds, m.run.peak_mb, static_cast<unsigned long long>(m.requests));
    if (list_seconds > 0) std::printf("  %.2fx list", m.run.seconds / list_seconds);
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--calls") == 0) o.calls = std::stoul(argv[i + 1]);
        else if (std::strcmp(argv[i], "--new") == 0) o.fresh = std::stoul(argv[i + 1]);
        else if (std::strcmp(argv[i], "--latency") == 0) o.latency_ms = std::stoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--cli") == 0) o.cli = argv[i + 1];
    }
    namespace fs = std::filesystem;
    const auto dir = fs::temp_directory_path() / ("callbridge-sync-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    test::PostgresServer postgres(true);

    std::printf("sync benchmark: one Autocalls account, loopback HTTPS mock, pages of 100, concurrency 4\n");
    std::printf("  first sync, no latency (the store's cost beside the fetch's):\n");
    for (std::size_t calls : {o.calls / 10, o.calls}) {
        Server server(calls, 0, (dir / "ca.pem").string());
        const std::string out = (dir / "calls.jsonl").string();
        const auto list = measure(server, source_args(o, server, {"list", "--output", out}));
        const auto sqlite = measure(server, source_args(o, server, {"sync", "--store", "sqlite:" + (dir / ("s" + std::to_string(calls) + ".db")).string()}));
        const auto pg = measure(server, source_args(o, server, {"sync", "--store", postgres.create_database()}));
        std::printf("   %zu calls:\n", calls);
        print("callbridge list --output FILE", calls, list, 0);
        print("callbridge sync, SQLite", calls, sqlite, list.run.seconds);
        print("callbridge sync, PostgreSQL", calls, pg, list.run.seconds);
    }

    std::printf("  poll of %zu calls with %zu new since the last run, %d ms per answer:\n", o.calls, o.fresh, o.latency_ms);
    {
        Server server(o.calls, o.latency_ms, (dir / "ca.pem").string());
        const std::string store = "sqlite:" + (dir / "poll.db").string();
        measure(server, source_args(o, server, {"sync", "--store", store}));
        server.vendors->add_calls("autocalls", o.fresh);
        const auto poll = measure(server, source_args(o, server, {"sync", "--store", store}));
        server.vendors->add_calls("autocalls", o.fresh);
        const auto full = measure(server, source_args(o, server, {"sync", "--store", store, "--reset", "autocalls"}));
        std::printf("    incremental sync              %8.2f s  %5llu requests\n", poll.run.seconds,
                    static_cast<unsigned long long>(poll.requests));
        std::printf("    full relisting (sync --reset) %8.2f s  %5llu requests\n", full.run.seconds,
                    static_cast<unsigned long long>(full.requests));
        std::printf("    the poll costs %.1f%% of the requests and %.1f%% of the time of a relisting\n",
                    100.0 * static_cast<double>(poll.requests) / static_cast<double>(full.requests),
                    100.0 * poll.run.seconds / full.run.seconds);
    }
    fs::remove_all(dir);
    return 0;
}
