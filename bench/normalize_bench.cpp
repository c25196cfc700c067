// Normalising speed against the Boost.JSON floor, and `callbridge normalize`
// memory against the number of files.
//
// One run generates at least --megabytes of vendor list pages (Autocalls and
// Talkover, with the vendors' quirks), then over the same bytes times
//   floor: boost::json::parse + boost::json::serialize of each page
//   ours:  Dialect::parse_page + append_json of every record (the jsonl path)
//   ours --raw: the same, keeping each vendor object whole and writing it
//   parser alone: Boost.JSON's basic_parser building nothing (the limit)
// page by page, taking turns, and reports the median of --rounds rounds. It
// checks first that reading each record for what its mapping needs gives the
// same bytes as reading every record whole. It then runs the real `callbridge normalize`
// over a tenth of the pages and over all of them and reports each run's peak
// memory (streaming means the two are close), and times the command against
// `cat` of its output. `--only PATH` runs one path alone over the pages, for
// a profiler.

#include <callbridge/call_record.hpp>
#include <callbridge/providers.hpp>

#include "child_process.hpp"
#include "mock/dataset.hpp"
#include "mock/vendor_module.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serializer.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
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

// What no reader of JSON text goes below: Boost.JSON's parser checking the
// page, with a handler that builds nothing.
struct NothingBuilt {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    using string_view = boost::json::string_view;
    using error_code = boost::system::error_code;
    std::size_t arrays = 0;
    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t, error_code&) { return true; }
    bool on_array_begin(error_code&) { return ++arrays, true; }
    bool on_array_end(std::size_t, error_code&) { return true; }
    bool on_key_part(string_view, std::size_t, error_code&) { return true; }
    bool on_key(string_view, std::size_t, error_code&) { return true; }
    bool on_string_part(string_view, std::size_t, error_code&) { return true; }
    bool on_string(string_view, std::size_t, error_code&) { return true; }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, string_view, error_code&) { return true; }
    bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
    bool on_double(double, string_view, error_code&) { return true; }
    bool on_bool(bool, error_code&) { return true; }
    bool on_null(error_code&) { return true; }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

std::size_t parse_only_page(const Page& page, std::string&) {
    boost::json::basic_parser<NothingBuilt> parser(boost::json::parse_options{});
    boost::system::error_code ec;
    parser.write_some(false, page.body.data(), page.body.size(), ec);
    if (ec) {
        std::fprintf(stderr, "bench: %s\n", ec.message().c_str());
        std::exit(1);
    }
    return parser.handler().arrays;
}

// One page through callbridge: parse, map every record, write JSON lines.
// Plain is `callbridge normalize` (the page is read for what the records
// need); with raw is `normalize --raw` (each vendor object kept whole and
// written out as "raw"). Records read whole can also be written without raw.
std::size_t our_page(const Page& page, std::string& out, bool read_whole, bool write_raw) {
    static const PageContext plain_context{"bench", 0, TimeZone(), {}, false};
    static const PageContext whole_context{"bench", 0, TimeZone(), {}, true};
    static const auto autocalls = find_dialect("autocalls");
    static const auto talkover = find_dialect("talkover");
    const Dialect& dialect = page.vendor == "talkover" ? *talkover : *autocalls;
    auto parsed = dialect.parse_page(page.body, read_whole ? whole_context : plain_context);
    if (!parsed) {
        std::fprintf(stderr, "bench: %s\n", parsed.error().message().c_str());
        std::exit(1);
    }
    out.clear();
    for (const CallRecord& record : parsed->records) {
        append_json(out, record, {.include_raw = write_raw});
        out += '\n';
    }
    return parsed->records.size();
}

std::size_t plain_page(const Page& page, std::string& out) { return our_page(page, out, false, false); }
std::size_t raw_page(const Page& page, std::string& out) { return our_page(page, out, true, true); }

// Reading each record for what its mapping needs is the optimisation;
// reading every record whole (the --raw path) is the unoptimised reading of
// the records. Their records, written without raw, must match byte for byte.
// (The page's paging members are read the same way in both.)
void check_plain_matches_whole(const std::vector<Page>& pages) {
    std::string plain, whole;
    for (const Page& page : pages) {
        plain_page(page, plain);
        our_page(page, whole, true, false);
        if (plain != whole) {
            std::fprintf(stderr, "bench: a %s page reads differently with records read whole and in part\n",
                         page.vendor.c_str());
            std::exit(1);
        }
    }
}

struct Round {
    double floor_seconds = 0;
    double parse_only_seconds = 0;
    double plain_seconds = 0;
    double raw_seconds = 0;
    std::size_t records = 0;
};

// Floor and both of ours page by page, taking turns at going first, so that
// this virtual machine's drifts in speed (seconds long) fall on all alike.
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
        for (std::size_t turn = 0; turn < 4; ++turn) {
            switch ((i + turn) % 4) {
            case 0: timed(floor_page, pages[i], round.floor_seconds); break;
            case 3: timed(parse_only_page, pages[i], round.parse_only_seconds); break;
            case 1: round.records += timed(plain_page, pages[i], round.plain_seconds); break;
            default: timed(raw_page, pages[i], round.raw_seconds); break;
            }
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
    using Path = std::size_t (*)(const Page&, std::string&);
    Path only = nullptr;
    std::string only_name;
    const auto positive = [](const char* text, auto& into) {
        const std::string_view digits = text;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), into);
        return ec == std::errc() && end == digits.data() + digits.size() && into > 0;
    };
    for (int i = 1; i < argc; i += 2) {
        const std::string_view flag = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        bool ok = true;
        if (value == nullptr) {
            ok = false;
        } else if (flag == "--megabytes") {
            ok = positive(value, megabytes);
        } else if (flag == "--rounds") {
            ok = positive(value, rounds);
        } else if (flag == "--cli") {
            cli = value;
        } else if (flag == "--only") {
            only_name = value;
            only = only_name == "floor"    ? Path(floor_page)
                   : only_name == "plain"  ? Path(plain_page)
                   : only_name == "raw"    ? Path(raw_page)
                   : only_name == "parser" ? Path(parse_only_page)
                                           : nullptr;
            ok = only != nullptr;
        } else {
            ok = false;
        }
        if (!ok) {
            std::fprintf(stderr, "usage: normalize_bench [--megabytes N] [--rounds N] [--cli PATH] "
                                 "[--only floor|plain|raw|parser] (N at least 1)\n");
            return 2;
        }
    }

    const auto pages = generate(megabytes);
    std::size_t input_bytes = 0;
    for (const auto& p : pages) input_bytes += p.body.size();
    const double input_mb = static_cast<double>(input_bytes) / 1e6;

    // One path alone, for a profiler (perf, valgrind --tool=callgrind): no
    // check, no goal, no command.
    if (only != nullptr) {
        std::string out;
        const auto start = Clock::now();
        for (int round = 0; round < rounds; ++round)
            for (const Page& page : pages) only(page, out);
        std::printf("%s: %zu pages, %.1f MB, %d rounds, %.3f s\n", only_name.c_str(), pages.size(), input_mb, rounds,
                    std::chrono::duration<double>(Clock::now() - start).count());
        return 0;
    }

    check_plain_matches_whole(pages);
    std::vector<Round> runs;
    for (int round = 0; round < rounds; ++round) runs.push_back(timed_round(pages));
    // Each ratio is the median of the rounds' own ratios.
    auto median_ratio = [&](double Round::*ours) {
        std::vector<double> ratios;
        for (const Round& r : runs) ratios.push_back(r.*ours / r.floor_seconds);
        std::sort(ratios.begin(), ratios.end());
        return std::array{ratios[ratios.size() / 2], ratios.front(), ratios.back()};
    };
    auto median_seconds = [&](double Round::*field) {
        std::vector<double> seconds;
        for (const Round& r : runs) seconds.push_back(r.*field);
        std::sort(seconds.begin(), seconds.end());
        return seconds[seconds.size() / 2];
    };
    const std::size_t records = runs.front().records;
    std::printf("normalize benchmark: %zu pages, %zu records, %.1f MB of vendor JSON (median of %d rounds)\n",
                pages.size(), records, input_mb, rounds);
    auto row = [&](const char* name, double seconds) {
        std::printf("  %-36s %8.3f s  %8.1f MB/s  %10.0f records/s\n", name, seconds, input_mb / seconds,
                    static_cast<double>(records) / seconds);
    };
    row("floor (Boost.JSON parse+serialize)", median_seconds(&Round::floor_seconds));
    row("callbridge (parse+map+jsonl)", median_seconds(&Round::plain_seconds));
    row("callbridge --raw (and raw written)", median_seconds(&Round::raw_seconds));
    row("Boost.JSON parser, nothing built", median_seconds(&Round::parse_only_seconds));
    const auto plain = median_ratio(&Round::plain_seconds);
    const auto raw = median_ratio(&Round::raw_seconds);
    std::printf("  ratio to floor:       %.2fx (goal: at most 0.60x); rounds from %.2fx to %.2fx\n", plain[0],
                plain[1], plain[2]);
    std::printf("  ratio to floor --raw: %.2fx (goal: at most 1.00x); rounds from %.2fx to %.2fx\n", raw[0], raw[1],
                raw[2]);
    const auto parse_only = median_ratio(&Round::parse_only_seconds);
    std::printf("  the parser alone, building nothing, takes %.2fx the floor (no reader of the text goes below)\n",
                parse_only[0]);
    std::printf("  records read for what they need match records read whole, byte for byte\n");
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

    // The command against merely copying its output: cat of the result.
    const auto output = (dir / "records.jsonl").string();
    std::vector<std::string> to_file{cli, "normalize", "--provider", "autocalls", "--output", output};
    to_file.insert(to_file.end(), files.begin(), files.end());
    double command_seconds = 1e9, cat_seconds = 1e9;
    for (int i = 0; i < 3; ++i) {
        command_seconds = std::min(command_seconds, bench::run_child(to_file).seconds);
        cat_seconds = std::min(cat_seconds, bench::run_child({"/bin/cat", output}).seconds);
    }
    std::printf("  callbridge normalize --output: %.3f s; cat of its %.1f MB: %.3f s; %.1fx (goal: at most 2x)\n",
                command_seconds, static_cast<double>(std::filesystem::file_size(output)) / 1e6, cat_seconds,
                command_seconds / cat_seconds);
    std::filesystem::remove_all(dir);
    return 0;
}
