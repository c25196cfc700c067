// Normalising speed against the Boost.JSON floor, and `callbridge normalize`
// memory against the number of files.
//
// One run generates at least --megabytes of vendor list pages (Autocalls and
// Talkover, with the vendors' quirks), then over the same bytes times
//   floor: boost::json::parse + boost::json::serialize of each page
//   ours:  Dialect::parse_page + append_json of every record (the jsonl path)
// page by page, taking turns, and reports the median of --rounds rounds. It
// then runs the real `callbridge normalize` over a tenth of the pages and over
// all of them and reports each run's peak memory: streaming means the two are
// close.

#include <callbridge/call_record.hpp>
#include <callbridge/providers.hpp>

#include "child_process.hpp"
#include "mock/dataset.hpp"
#include "mock/vendor_module.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serializer.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace callbridge;
using Clock = std::chrono::steady_clock;

struct Page {
    std::string vendor;
    std::string body;
};

std::vector<Page> generate(std::size_t megabytes) {
    std::vector<Page> pages;
    std::size_t bytes = 0;
    // About three Autocalls bytes for each Talkover byte, 100 calls a page.
    const mock::Dataset autocalls(*mock::find_module("autocalls"), 10000, 1);
    const mock::Dataset talkover(*mock::find_module("talkover"), 10000, 2);
    std::vector<const mock::MockCall*> autocalls_calls, talkover_calls;
    for (const auto& c : autocalls.calls()) autocalls_calls.push_back(&c);
    for (const auto& c : talkover.calls()) talkover_calls.push_back(&c);
    for (std::uint32_t n = 0; bytes < megabytes * 1000 * 1000; ++n) {
        const bool use_talkover = n % 4 == 3;
        const auto& calls = use_talkover ? talkover_calls : autocalls_calls;
        const std::uint32_t page = 1 + (n % 100);
        Page p{use_talkover ? "talkover" : "autocalls",
               mock::render_page(use_talkover ? "talkover" : "autocalls", calls, page, 100)};
        bytes += p.body.size();
        pages.push_back(std::move(p));
    }
    return pages;
}

// One page through Boost.JSON alone: parse and serialise. Returns its records.
std::size_t floor_page(const Page& page, std::string& out) {
    char buffer[64 * 1024];
    const boost::json::value value = boost::json::parse(page.body);
    boost::json::serializer serializer;
    serializer.reset(&value);
    out.clear();
    while (!serializer.done()) out += serializer.read(buffer);
    return value.at("data").as_array().size();
}

// One page through callbridge: parse, map every record, write JSON lines.
std::size_t our_page(const Page& page, std::string& out) {
    static const PageContext context{"bench", 0, TimeZone()};
    static const auto autocalls = find_dialect("autocalls");
    static const auto talkover = find_dialect("talkover");
    const Dialect& dialect = page.vendor == "talkover" ? *talkover : *autocalls;
    auto parsed = dialect.parse_page(page.body, context);
    if (!parsed) {
        std::fprintf(stderr, "bench: %s\n", parsed.error().message().c_str());
        std::exit(1);
    }
    out.clear();
    for (const CallRecord& record : parsed->records) {
        append_json(out, record);
        out += '\n';
    }
    return parsed->records.size();
}

struct Round {
    double floor_seconds = 0;
    double our_seconds = 0;
    std::size_t records = 0;
};

// Floor and ours page by page, taking turns at going first, so that this
// virtual machine's drifts in speed (seconds long) fall on both alike.
Round timed_round(const std::vector<Page>& pages) {
    Round round;
    std::string out;
    auto timed = [&](auto&& work, const Page& page, double& seconds) {
        const auto start = Clock::now();
        const std::size_t records = work(page, out);
        seconds += std::chrono::duration<double>(Clock::now() - start).count();
        return records;
    };
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (i % 2 == 0) {
            timed(floor_page, pages[i], round.floor_seconds);
            round.records += timed(our_page, pages[i], round.our_seconds);
        } else {
            round.records += timed(our_page, pages[i], round.our_seconds);
            timed(floor_page, pages[i], round.floor_seconds);
        }
    }
    return round;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t megabytes = 120;
    int rounds = 5;
    std::string cli = CALLBRIDGE_CLI;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--megabytes") == 0) megabytes = std::stoul(argv[i + 1]);
        else if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::stoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--cli") == 0) cli = argv[i + 1];
    }

    const auto pages = generate(megabytes);
    std::size_t input_bytes = 0;
    for (const auto& p : pages) input_bytes += p.body.size();
    const double input_mb = static_cast<double>(input_bytes) / 1e6;

    std::vector<Round> runs;
    for (int round = 0; round < rounds; ++round) runs.push_back(timed_round(pages));
    std::sort(runs.begin(), runs.end(), [](const Round& x, const Round& y) {
        return x.our_seconds / x.floor_seconds < y.our_seconds / y.floor_seconds;
    });
    const Round& median = runs[runs.size() / 2];
    std::printf("normalize benchmark: %zu pages, %zu records, %.1f MB of vendor JSON (median of %d rounds)\n",
                pages.size(), median.records, input_mb, rounds);
    std::printf("  %-34s %8.3f s  %8.1f MB/s  %10.0f records/s\n", "floor (Boost.JSON parse+serialize)",
                median.floor_seconds, input_mb / median.floor_seconds,
                static_cast<double>(median.records) / median.floor_seconds);
    std::printf("  %-34s %8.3f s  %8.1f MB/s  %10.0f records/s\n", "callbridge (parse+map+jsonl)",
                median.our_seconds, input_mb / median.our_seconds,
                static_cast<double>(median.records) / median.our_seconds);
    std::printf("  ratio to floor: %.2fx (goal: at most 1.5x); rounds from %.2fx to %.2fx\n",
                median.our_seconds / median.floor_seconds, runs.front().our_seconds / runs.front().floor_seconds,
                runs.back().our_seconds / runs.back().floor_seconds);
    std::printf("  peak memory of this benchmark (holds all pages): %.1f MB\n", peak_rss_mb());

    // Streaming: the same program over 10x more files needs no more memory.
    const auto dir = std::filesystem::temp_directory_path() / ("callbridge-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::vector<std::string> files;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (pages[i].vendor != "autocalls") continue;
        files.push_back((dir / ("page-" + std::to_string(i) + ".json")).string());
        std::ofstream(files.back(), std::ios::binary) << pages[i].body;
    }
    const std::vector<std::string> tenth(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(files.size() / 10));
    auto normalize = [&](const std::vector<std::string>& some) {
        std::vector<std::string> args{cli, "normalize", "--provider", "autocalls"};
        args.insert(args.end(), some.begin(), some.end());
        return bench::run_child(args);
    };
    const auto [small_rss, small_wall] = normalize(tenth);
    const auto [large_rss, large_wall] = normalize(files);
    std::printf("  callbridge normalize, %4zu files: peak memory %6.1f MB, %.2f s\n", tenth.size(), small_rss,
                small_wall);
    std::printf("  callbridge normalize, %4zu files: peak memory %6.1f MB, %.2f s\n", files.size(), large_rss,
                large_wall);
    std::filesystem::remove_all(dir);
    return 0;
}
