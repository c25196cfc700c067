// Listing speed against the latency floor, and memory against the number of
// records.
//
// A loopback HTTPS vendor mock answers every request a fixed delay after it
// arrived (--latency, default 25 ms). For --pages pages of 100 calls
// (default 50), in one run:
//   - listings (pages parsed on a thread of their own, as the command does)
//     at concurrency 1 (sequential) and at each of --concurrency
//     (default 4, 8, 16 and 32), each beside its floor: the pages in rounds
//     of C, every round costing one delay (Autocalls numbers its pages, so
//     the first round asks for pages 1 to C at once), every level's records
//     checked against the sequential listing's, byte for byte;
//   - `callbridge list` as its own process beside `curl --parallel` fetching
//     the same pages at the same concurrency (both start, load certificates
//     and connect; curl only fetches);
//   - `callbridge list` over the pages and over 10x more, output to
//     /dev/null, with its peak memory: flat means bounded.

#include <callbridge/http_source.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/providers.hpp>

#include "child_process.hpp"
#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace callbridge;
using Clock = std::chrono::steady_clock;

struct Options {
    int pages = 50;
    int latency_ms = 25;
    std::vector<int> concurrency{4, 8, 16, 32};
    std::string cli = CALLBRIDGE_CLI;
};

// A mock of `calls` Autocalls calls, its certificate authority in a file.
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

struct TimedListing {
    double seconds = 0;
    std::size_t records = 0;
    std::string jsonl;  // every record as a listing's reader would write it
};

// Lists everything once, parsing pages on a thread of their own as the
// command does (SourceOptions::parse_executor).
TimedListing timed_listing(const Server& s, int concurrency) {
    boost::asio::io_context io(1);
    boost::asio::thread_pool parse_pool(1);  // joined before `io` goes
    SourceOptions options;
    options.parse_executor = parse_pool.get_executor();
    options.api_root = s.server.base_url() + "/api";
    options.token = "ac-bench";
    options.http.ca_files = {s.ca_file};
    auto source = make_http_source(io.get_executor(), find_dialect("autocalls"), options);
    if (!source) {
        std::fprintf(stderr, "bench: %s\n", source.error().message().c_str());
        std::exit(1);
    }
    Listing listing(io.get_executor(), {*source}, CallQuery{}, {.concurrency = static_cast<std::size_t>(concurrency)});
    TimedListing result;
    result.jsonl.reserve(8u << 20);
    const auto start = Clock::now();
    while (true) {
        auto item = listing.next(io);
        if (!item) {
            std::fprintf(stderr, "bench: %s\n", item.error().message().c_str());
            std::exit(1);
        }
        if (!*item) break;
        append_json(result.jsonl, **item);
        result.jsonl += '\n';
        ++result.records;
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

// Lists everything once through a client that asks for gzip or not; what
// its bodies weighed on the wire and inflated.
HttpClientStats bytes_of_listing(const Server& s, bool accept_gzip) {
    boost::asio::io_context io(1);
    HttpClientOptions http;
    http.ca_files = {s.ca_file};
    http.accept_gzip = accept_gzip;
    auto client = make_https_client(io.get_executor(), http);
    SourceOptions options;
    options.api_root = s.server.base_url() + "/api";
    options.token = "ac-bench";
    options.client = *client;
    auto source = make_http_source(io.get_executor(), find_dialect("autocalls"), options);
    Listing listing(io.get_executor(), {*source}, CallQuery{}, {.concurrency = 4});
    while (true) {
        auto item = listing.next(io);
        if (!item) {
            std::fprintf(stderr, "bench: %s\n", item.error().message().c_str());
            std::exit(1);
        }
        if (!*item) break;
    }
    return stats_of(**client);
}

// `callbridge list` over the server, output to /dev/null.
bench::ChildRun cli_listing(const Options& o, const Server& s, int concurrency) {
    return bench::run_child({o.cli, "list", "--provider", "autocalls", "--base-url", s.server.base_url() + "/api",
                             "--ca-file", s.ca_file, "--concurrency", std::to_string(concurrency), "--quiet"},
                            {"AUTOCALLS_TOKEN=ac-bench"});
}

double floor_seconds(int pages, int concurrency, int latency_ms) {
    const int rounds = (pages + concurrency - 1) / concurrency;
    return rounds * latency_ms / 1000.0;
}

constexpr const char* curl = "/usr/bin/curl";

// curl fetching the same pages as the listing, `concurrency` at a time.
bench::ChildRun curl_listing(const Options& o, const Server& s, int concurrency, const std::string& config_file) {
    std::ofstream config(config_file);
    for (int page = 1; page <= o.pages; ++page)
        config << "url = \"" << s.server.base_url() << "/api/user/calls?page=" << page << "&per_page=100\"\n"
               << "output = \"/dev/null\"\n";
    config.close();
    return bench::run_child({curl, "--silent", "--fail", "--compressed", "--parallel", "--parallel-immediate",
                             "--parallel-max", std::to_string(concurrency), "--cacert", s.ca_file, "--header",
                             "Authorization: Bearer ac-bench", "--header", "Accept: application/json", "--config",
                             config_file},
                            {}, /*quiet=*/true);  // its --parallel progress meter ignores --silent
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--pages") == 0) o.pages = std::stoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--latency") == 0) o.latency_ms = std::stoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--concurrency") == 0) o.concurrency = {std::stoi(argv[i + 1])};
        else if (std::strcmp(argv[i], "--cli") == 0) o.cli = argv[i + 1];
    }
    const auto dir = std::filesystem::temp_directory_path() / ("callbridge-listing-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);

    {
        Server server(static_cast<std::size_t>(o.pages) * 100, o.latency_ms, (dir / "ca.pem").string());
        std::printf("listing benchmark: %d pages of 100 calls, %d ms per answer, loopback HTTPS (best of 5)\n", o.pages,
                    o.latency_ms);
        std::vector<int> levels{1};
        levels.insert(levels.end(), o.concurrency.begin(), o.concurrency.end());
        // Levels interleaved, best of five: the figures are about the engine,
        // not about a virtual machine's idle CPUs waking up late.
        std::map<int, double> best_of;
        std::map<int, std::size_t> records_of;
        for (int c : levels) timed_listing(server, c);  // warm: certificates and connections
        // The sequential listing is the unoptimised path: every level's
        // output must match it byte for byte.
        std::string sequential;
        for (int round = 0; round < 5; ++round)
            for (int c : levels) {
                const TimedListing run = timed_listing(server, c);
                best_of[c] = best_of.contains(c) ? std::min(best_of[c], run.seconds) : run.seconds;
                records_of[c] = run.records;
                if (c == 1 && sequential.empty()) sequential = run.jsonl;
                if (run.jsonl != sequential) {
                    std::fprintf(stderr, "bench: the listing at concurrency %d differs from the sequential one\n", c);
                    std::exit(1);
                }
            }
        for (int c : levels) {
            const double floor = floor_seconds(o.pages, c, o.latency_ms);
            std::printf("  concurrency %2d: %6.3f s for %zu records; floor %6.3f s; ratio to floor %.2fx%s\n", c,
                        best_of[c], records_of[c], floor, best_of[c] / floor,
                        c == 1    ? " (sequential)"
                        : c <= 16 ? " (goal: at most 1.10x)"
                                  : " (more connections than rounds to share: its goal is the line below)");
        }
        std::printf("  every level's records match the sequential listing byte for byte (%zu bytes of JSON lines)\n",
                    sequential.size());
        if (best_of.contains(16) && best_of.contains(32))
            std::printf("  concurrency 32 takes %.2fx the time of concurrency 16 (goal: at most 1.00x)\n",
                        best_of[32] / best_of[16]);

        // The command beside curl, both as processes, interleaved, best of five.
        if (access(curl, X_OK) == 0) {
            std::map<int, double> ours, theirs;
            const std::string config = (dir / "curl.config").string();
            for (int round = 0; round < 5; ++round)
                for (int c : o.concurrency) {
                    const double mine = cli_listing(o, server, c).seconds;
                    const double curls = curl_listing(o, server, c, config).seconds;
                    ours[c] = ours.contains(c) ? std::min(ours[c], mine) : mine;
                    theirs[c] = theirs.contains(c) ? std::min(theirs[c], curls) : curls;
                }
            for (int c : o.concurrency)
                std::printf("  concurrency %2d: callbridge list %6.3f s, curl --parallel %6.3f s: %.2fx curl's time "
                            "(goal: at most 1.00x)\n",
                            c, ours[c], theirs[c], ours[c] / theirs[c]);
        } else {
            std::printf("  curl --parallel: not run, %s is not installed (tools/setup.sh bench installs it)\n", curl);
        }
        const HttpClientStats gzip = bytes_of_listing(server, true);
        const HttpClientStats identity = bytes_of_listing(server, false);
        std::printf("  bytes on the wire: %.1f MB with gzip, %.1f MB without (%.1fx less; %.1f MB inflated)\n",
                    gzip.body_bytes_received / 1e6, identity.body_bytes_received / 1e6,
                    static_cast<double>(identity.body_bytes_received) / static_cast<double>(gzip.body_bytes_received),
                    gzip.body_bytes / 1e6);
    }
    const int c = o.concurrency.front();
    for (int pages : {o.pages, o.pages * 10}) {
        Server server(static_cast<std::size_t>(pages) * 100, o.latency_ms, (dir / "ca.pem").string());
        auto [peak, seconds] = cli_listing(o, server, c);
        std::printf("  callbridge list, %4d pages (%6d records), concurrency %d: peak memory %5.1f MB, %.2f s (floor %.2f s)\n",
                    pages, pages * 100, c, peak, seconds, floor_seconds(pages, c, o.latency_ms));
    }
    std::filesystem::remove_all(dir);
    return 0;
}
