#include "cli/changes_command.hpp"

#include "cli/exit_status.hpp"
#include "cli/option_values.hpp"

#include <callbridge/record_writer.hpp>
#include <callbridge/sync/open_call_store.hpp>

#include <iostream>
#include <sstream>

namespace callbridge::cli {
namespace {

// A change as CSV or a table row: seq and op before the record's columns,
// the record written by the record writer of that format.
class ChangeRows {
public:
    explicit ChangeRows(OutputFormat format) : format_(format), writer_(make_record_writer(format, buffer_)) {
        const std::string header = take();
        std::cout << (format_ == OutputFormat::csv ? "seq,op," : pad("SEQ", 8) + pad("OP", 8)) << header;
    }

    void write(const Change& change) {
        writer_->write(change.record);
        const std::string row = take();
        const std::string seq = std::to_string(change.seq);
        const std::string op(to_string(change.op));
        std::cout << (format_ == OutputFormat::csv ? seq + "," + op + "," : pad(seq, 8) + pad(op, 8)) << row;
    }

    void finish(std::uint64_t count) {
        if (format_ == OutputFormat::table) std::cout << '(' << count << (count == 1 ? " change" : " changes") << ")\n";
    }

private:
    static std::string pad(std::string text, std::size_t width) {
        text.resize(std::max(width - 1, text.size()), ' ');
        return text + ' ';
    }
    std::string take() {
        std::string text = buffer_.str();
        buffer_.str({});
        return text;
    }

    OutputFormat format_;
    std::ostringstream buffer_;
    std::unique_ptr<RecordWriter> writer_;
};

}  // namespace

CLI::App* add_changes_command(CLI::App& app, ChangesOptions& o) {
    CLI::App* c = app.add_subcommand("changes", "A store's change feed: every insert and update after --since, in order");
    c->add_option("--store", o.store, "sqlite:PATH or postgresql://user@host:port/db (default sqlite:callbridge.db)");
    c->add_option("--since", o.since, "Print the changes after this sequence number (default 0: all)");
    c->add_option("--format", o.format, "jsonl, csv or table (default jsonl)");
    return c;
}

int run_changes(const ChangesOptions& o) {
    const auto format = output_format_option(o.format);
    if (!format) {
        report(format.error().message());
        return exit_usage;
    }
    auto store = open_call_store(o.store);
    if (!store) {
        report(store.error().message());
        return exit_status_for(store.error()) == exit_usage ? exit_usage : exit_store;
    }
    std::optional<ChangeRows> rows;
    if (*format != OutputFormat::jsonl) rows.emplace(*format);
    std::uint64_t after = o.since, count = 0;
    constexpr std::size_t page = 1000;
    while (true) {
        auto changes = (*store)->changes_since(after, page);
        if (!changes) {
            report(changes.error().message());
            return exit_store;
        }
        for (const auto& change : *changes) {
            if (rows)
                rows->write(change);
            else
                std::cout << to_json(change) << '\n';
            after = change.seq;
            ++count;
        }
        if (changes->size() < page) break;
    }
    if (rows) rows->finish(count);
    std::cout.flush();
    if (!std::cout) {
        report("cannot write the output");
        return exit_failure;
    }
    return exit_success;
}

}  // namespace callbridge::cli
