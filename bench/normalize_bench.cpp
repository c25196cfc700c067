// Normalising speed against the Boost.JSON floor, and `callbridge normalize`
// memory against the number of files.
//
// One run generates at least --megabytes of vendor list pages (Autocalls and
// Talkover, with the vendors' quirks), then over the same bytes times
//   floor: boost::json::parse + boost::json::serialize of each page
//   ours:  Dialect::parse_page + append_json of every record (the jsonl path)
// best of --rounds, alternating. It then runs the real `callbridge normalize`
// over a tenth of the pages and over all of them and reports each run's peak
// memory: streaming means the two are close.

#include <callbridge/call_record.hpp>
#include <callbridge/providers.hpp>

#include "child_process.hpp"
#include "mock/dataset.hpp"
#include "mock/pages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serializer.hpp>

#include <sys/resource.h>
#include <unistd.h>

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
    mock::Vendor vendor;
    std::string body;
};

std::vector<Page> generate(std::size_t megabytes) {
    std::vector<Page> pages;
    std::size_t bytes = 0;
    // About three Autocalls bytes for each Talkover byte, 100 calls a page.
    const mock::Dataset autocalls(mock::Vendor::autocalls, 10000, 1);
    const mock::Dataset talkover(mock::Vendor::talkover, 10000, 2);
    std::vector<const mock::MockCall*> autocalls_calls, talkover_calls;
    for (const auto& c : autocalls.calls()) autocalls_calls.push_back(&c);
    for (const auto& c : talkover.calls()) talkover_calls.push_back(&c);
    for (std::uint32_t n = 0; bytes < megabytes * 1000 * 1000; ++n) {
        const bool use_talkover = n % 4 == 3;
        const auto& calls = use_talkover ? talkover_calls : autocalls_calls;
        const std::uint32_t page = 1 + (n % 100);
        Page p{use_talkover ? mock::Vendor::talkover : mock::Vendor::autocalls,
               mock::render_page(use_talkover ? mock::Vendor::talkover : mock::Vendor::autocalls, calls, page, 100)};
        bytes += p.body.size();
        pages.push_back(std::move(p));
    }
    return pages;
}

struct Run {
    double seconds = 1e9;
    std::size_t records = 0;
    std::size_t output_bytes = 0;
};

Run floor_run(const std::vector<Page>& pages) {
    Run run;
    std::string out;
    char buffer[64 * 1024];
    const auto start = Clock::now();
    for (const Page& page : pages) {
        const boost::json::value value = boost::json::parse(page.body);
        boost::json::serializer serializer;
        serializer.reset(&value);
        out.clear();
        while (!serializer.done()) out += serializer.read(buffer);
        run.output_bytes += out.size();
        run.records += value.at("data").as_array().size();
    }
    run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return run;
}

Run our_run(const std::vector<Page>& pages) {
    Run run;
    std::string out;
    const PageContext context{"bench", 0, TimeZone()};
    const auto autocalls = autocalls_dialect();
    const auto talkover = talkover_dialect();
    const auto start = Clock::now();
    for (const Page& page : pages) {
        const Dialect& dialect = page.vendor == mock::Vendor::talkover ? *talkover : *autocalls;
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
        run.output_bytes += out.size();
        run.records += parsed->records.size();
    }
    run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return run;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t megabytes = 120;
    int rounds = 3;
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

    Run floor, ours;
    for (int round = 0; round < rounds; ++round) {
        const Run f = floor_run(pages);
        const Run o = our_run(pages);
        if (f.seconds < floor.seconds) floor = f;
        if (o.seconds < ours.seconds) ours = o;
    }
    std::printf("normalize benchmark: %zu pages, %zu records, %.1f MB of vendor JSON (best of %d)\n", pages.size(),
                ours.records, input_mb, rounds);
    std::printf("  %-34s %8.3f s  %8.1f MB/s  %10.0f records/s\n", "floor (Boost.JSON parse+serialize)",
                floor.seconds, input_mb / floor.seconds, static_cast<double>(floor.records) / floor.seconds);
    std::printf("  %-34s %8.3f s  %8.1f MB/s  %10.0f records/s\n", "callbridge (parse+map+jsonl)", ours.seconds,
                input_mb / ours.seconds, static_cast<double>(ours.records) / ours.seconds);
    std::printf("  ratio to floor: %.2fx (goal: at most 1.5x)\n", ours.seconds / floor.seconds);
    std::printf("  peak memory of this benchmark (holds all pages): %.1f MB\n", peak_rss_mb());

    // Streaming: the same program over 10x more files needs no more memory.
    const auto dir = std::filesystem::temp_directory_path() / ("callbridge-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::vector<std::string> files;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (pages[i].vendor != mock::Vendor::autocalls) continue;
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
