#include "cli/normalize_command.hpp"

#include "cli/exit_status.hpp"
#include "cli/option_values.hpp"
#include "cli/output_file.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <future>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>

namespace callbridge::cli {
namespace {

// One response body whole.
bool read_body(const std::string& file, std::string& body) {
    if (file == "-") {
        body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return !std::cin.bad();
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    in.seekg(0, std::ios::end);
    body.resize(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)));
    in.seekg(0);
    in.read(body.data(), static_cast<std::streamsize>(body.size()));
    return !in.bad();
}

// Every file is checked before any output, so a typo in the last name does
// not leave half a result behind.
Error check_files(const std::vector<std::string>& files) {
    int stdin_count = 0;
    for (const auto& file : files) {
        if (file == "-") {
            if (++stdin_count > 1) return invalid_option("FILE", "'-' (standard input) given more than once");
            continue;
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) return invalid_option("FILE", "cannot read '" + file + "': " + std::strerror(errno));
    }
    return {};
}

// One file read and parsed, or why not.
struct ParsedFile {
    std::string read_failure;  // set when the file could not be read
    std::optional<boost::system::result<CallPage, Error>> page;
    // The page's records as JSON lines, when written where they were parsed
    // (the records are let go of there), for the writer to copy out whole.
    std::string jsonl;
};

// With `jsonl_options`, the records are written out as JSON lines, not kept.
ParsedFile read_and_parse(const std::string& file, const Dialect& dialect, const PageContext& context,
                          const std::optional<JsonOptions>& jsonl_options) {
    ParsedFile parsed;
    std::string body;
    if (!read_body(file, body)) {
        parsed.read_failure = std::generic_category().message(errno);  // (errno is the reading thread's)
        return parsed;
    }
    parsed.page = dialect.parse_page(body, context);
    if (jsonl_options && *parsed.page) {
        // About as many bytes out as in, mostly: one allocation, once the body is let go of.
        const std::size_t body_size = body.size();
        std::string().swap(body);
        parsed.jsonl.reserve(body_size + body_size / 2);
        for (const CallRecord& record : (*parsed.page)->records) {
            append_json(parsed.jsonl, record, *jsonl_options);
            parsed.jsonl += '\n';
        }
        (*parsed.page)->records = {};
    }
    return parsed;
}

}  // namespace

CLI::App* add_normalize_command(CLI::App& app, NormalizeOptions& o) {
    CLI::App* command = app.add_subcommand("normalize", "Turn saved vendor list responses into canonical records");
    command->add_option("--provider", o.provider, "The vendor's dialect: " + shipped_provider_list() + ", or a plugin's")
        ->required();
    command->add_option("--source-name", o.source_name, "Written to \"source\" (default: the provider name)");
    command->add_option("--timezone", o.timezone, "How zone-less vendor timestamps are read (default: UTC)");
    command->add_option("--format", o.format, "jsonl, csv or table (default: jsonl)");
    command->add_option("--output", o.output, "Write records to this file (default: standard output)");
    command->add_option("--columns", o.columns, columns_help());
    command->add_flag("--raw", o.raw, "jsonl only: add the vendor's original object as \"raw\"");
    command->add_flag("--keep-formulas", o.keep_formulas, keep_formulas_help);
    command->add_option("files", o.files, "Vendor list response bodies; - for standard input")->required();
    add_provider_options(*command, o.providers);
    return command;
}

int run_normalize(const NormalizeOptions& o) {
    const auto registry = provider_registry(o.providers);
    if (!registry) {
        report(registry.error().message());
        return exit_usage;
    }
    const auto dialect = provider_option(o.provider, *registry);
    const auto zone = time_zone_option(o.timezone);
    const auto format = output_format_option(o.format);
    const Error problem = !dialect  ? dialect.error()
                          : !zone   ? zone.error()
                          : !format ? format.error()
                          : o.raw && *format != OutputFormat::jsonl
                              ? invalid_option("--raw", "goes with --format jsonl only")
                          : o.keep_formulas && *format != OutputFormat::csv
                              ? invalid_option("--keep-formulas", "goes with --format csv only")
                              : check_files(o.files);
    if (problem) {
        report(problem.message());
        return exit_usage;
    }
    auto columns = columns_option(o.columns, *format);
    if (!columns) {
        report(columns.error().message());
        return exit_usage;
    }
    Error output_error;
    OutputFile output(o.output, output_error);
    if (output_error) {
        report(output_error.message());
        return exit_usage;
    }

    // The vendor's objects are read whole only when they are written out.
    const PageContext context{o.source_name.empty() ? std::string((*dialect)->provider()) : o.source_name, 0, *zone, {},
                              o.raw};
    // Files are read, parsed and (as JSON lines) written out on threads of
    // their own, ahead of this one, which copies their output in the files'
    // order: reading, mapping and writing take the time, and the cores
    // share them. One file more than the parsers is asked for, so that they
    // are busy while this thread writes, and no more: memory does not grow
    // with the number of files. (CSV and the table are written here: their
    // header and footer are the writer's.)
    const auto jsonl_options =
        *format == OutputFormat::jsonl ? std::optional(JsonOptions{.include_raw = o.raw}) : std::nullopt;
    std::unique_ptr<RecordWriter> writer;
    if (!jsonl_options)
        writer = make_record_writer(*format, output.stream(), {.keep_formulas = o.keep_formulas, .columns = *columns});
    const std::size_t parsers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    const std::size_t ahead = parsers + 1;
    boost::asio::thread_pool pool(parsers);
    std::deque<std::future<ParsedFile>> parsing;
    std::size_t next_file = 0;
    const Dialect& vendor = **dialect;
    for (const auto& file : o.files) {
        while (next_file < o.files.size() && parsing.size() < ahead) {
            const std::string& next = o.files[next_file++];
            auto work = [&next, &vendor, &context, &jsonl_options] {
                return read_and_parse(next, vendor, context, jsonl_options);
            };
            if (next == "-") {
                // Standard input is read when its turn comes, on this thread:
                // a read begun ahead would keep the command waiting for the
                // end of its input after an earlier file has failed.
                parsing.push_back(std::async(std::launch::deferred, work));
                continue;
            }
            std::packaged_task<ParsedFile()> task(work);
            parsing.push_back(task.get_future());
            boost::asio::post(pool, std::move(task));
        }
        ParsedFile parsed = parsing.front().get();
        parsing.pop_front();
        if (!parsed.page) {
            report("cannot read '" + file + "': " + parsed.read_failure);
            return exit_usage;
        }
        const auto& page = *parsed.page;
        if (!page) {
            report((file == "-" ? std::string("standard input") : "'" + file + "'") + ": " + page.error().message());
            output.close();
            return exit_malformed;
        }
        if (jsonl_options)
            output.stream().write(parsed.jsonl.data(), static_cast<std::streamsize>(parsed.jsonl.size()));
        else
            for (const CallRecord& record : page->records) writer->write(record);
        if (!output.failure().empty()) break;  // no use reading on
    }
    if (writer) writer->finish();
    if (!output.close()) {
        report(output.failure());
        return exit_failure;
    }
    return exit_success;
}

}  // namespace callbridge::cli
