#include <callbridge/record_writer.hpp>

#include "json/json_writer.hpp"
#include "model/terminal_text.hpp"

#include <algorithm>
#include <array>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace callbridge {
namespace {

class JsonlWriter final : public RecordWriter {
public:
    JsonlWriter(std::ostream& out, WriterOptions options) : out_(out), options_(options) {}

    void write(const CallRecord& record) override {
        line_.clear();
        append_json(line_, record, {.include_raw = options_.include_raw});
        line_ += '\n';
        out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
        ++count_;
    }

private:
    std::ostream& out_;
    WriterOptions options_;
    std::string line_;
};

// What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
bool starts_formula(std::string_view field) noexcept {
    return !field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos;
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes
// doubled. A text that a spreadsheet would run gets a leading ' first, which
// makes the spreadsheet show it as text.
void append_csv_field(std::string& out, std::string_view field, bool neutralise) {
    const bool formula = neutralise && starts_formula(field);
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        if (formula) out += '\'';
        out += field;
        return;
    }
    out += '"';
    if (formula) out += '\'';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

constexpr std::array<std::string_view, 32> csv_columns{
    "source",        "provider",       "id",           "provider_call_sid", "direction",    "status",
    "provider_status", "ended_by",     "answered_by",  "agent_id",          "agent_name",   "agent_label",
    "campaign_id",   "campaign_name",  "agent_number", "customer_number",   "duration_s",   "created_at",
    "updated_at",    "transcript",     "variables",    "evaluation",        "webhook_response", "carrier_cost",
    "total_cost",    "recording_url",  "is_test",      "started_at",        "ended_at",     "end_reason",
    "summary",       "currency"};

constexpr std::array<std::string_view, 9> table_columns{"created", "source",   "id",    "direction", "status",
                                                        "duration", "customer", "agent", "cost"};

// The positions of `names` among `all`; all of them when `names` is empty.
template <std::size_t N>
std::vector<std::size_t> column_indexes(const std::array<std::string_view, N>& all, const std::vector<std::string>& names) {
    std::vector<std::size_t> out;
    if (names.empty()) {
        for (std::size_t i = 0; i < N; ++i) out.push_back(i);
        return out;
    }
    for (const std::string& name : names) {
        const auto found = std::find(all.begin(), all.end(), name);
        if (found == all.end()) throw std::invalid_argument("unknown column '" + name + "'");
        out.push_back(static_cast<std::size_t>(found - all.begin()));
    }
    return out;
}

class CsvWriter final : public RecordWriter {
public:
    CsvWriter(std::ostream& out, WriterOptions options)
        : out_(out), options_(options), selected_(column_indexes(csv_columns, options_.columns)) {
        std::string header;
        for (std::size_t i = 0; i < selected_.size(); ++i) {
            if (i != 0) header += ',';
            header += csv_columns[selected_[i]];
        }
        out_ << header << "\r\n";
    }

    void write(const CallRecord& r) override {
        cells_.clear();
        field(r.source);
        field(r.provider);
        field(r.id);
        field(r.provider_call_sid);
        field(to_string(r.direction));
        field(to_string(r.status));
        field(r.provider_status);
        field(r.ended_by ? std::optional(to_string(*r.ended_by)) : std::nullopt);
        field(r.answered_by ? std::optional(to_string(*r.answered_by)) : std::nullopt);
        field(r.agent.id);
        field(r.agent.name);
        field(r.agent.label);
        field(r.campaign ? r.campaign->id : std::nullopt);
        field(r.campaign ? r.campaign->name : std::nullopt);
        field(r.agent_number);
        field(r.customer_number);
        field(std::to_string(r.duration_s), Cell::number);
        field(format_rfc3339(r.created_at));
        field(format_rfc3339(r.updated_at));
        field(r.transcript);
        json_field(r.variables);
        json_field(r.evaluation);
        json_field(r.webhook_response);
        field(r.carrier_cost ? std::optional(r.carrier_cost->to_string()) : std::nullopt, Cell::number);
        field(r.total_cost ? std::optional(r.total_cost->to_string()) : std::nullopt, Cell::number);
        field(r.recording_url);
        field(r.is_test ? "true" : "false", Cell::number);
        field(r.started_at ? std::optional(format_rfc3339(*r.started_at)) : std::nullopt);
        field(r.ended_at ? std::optional(format_rfc3339(*r.ended_at)) : std::nullopt);
        field(r.end_reason);
        field(r.summary);
        field(r.currency);
        line_.clear();
        for (std::size_t i = 0; i < selected_.size(); ++i) {
            if (i != 0) line_ += ',';
            line_ += cells_[selected_[i]];
        }
        line_ += "\r\n";
        out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
        ++count_;
    }

private:
    // Text is the vendor's (anyone's), so neutralised unless told otherwise;
    // a number (or boolean) callbridge wrote from a typed value is never a
    // formula, and a ' would make "-0.03" text a spreadsheet cannot sum.
    enum class Cell { text, number };
    void field(std::string_view value, Cell cell = Cell::text) {
        cells_.emplace_back();
        append_csv_field(cells_.back(), value, cell == Cell::text && !options_.keep_formulas);
    }
    template <class Text>
    void field(const std::optional<Text>& value, Cell cell = Cell::text) {
        if (value)
            field(std::string_view(*value), cell);
        else
            cells_.emplace_back();
    }
    void json_field(const boost::json::object& value) {
        std::string text;
        detail::append_json_object(text, value);
        field(text);
    }
    void json_field(const std::optional<boost::json::object>& value) {
        if (value)
            json_field(*value);
        else
            cells_.emplace_back();
    }

    std::ostream& out_;
    WriterOptions options_;
    std::vector<std::size_t> selected_;
    std::vector<std::string> cells_;
    std::string line_;
};

// Fixed columns, so that rows can be written as they arrive.
class TableWriter final : public RecordWriter {
public:
    TableWriter(std::ostream& out, const std::vector<std::string>& columns)
        : out_(out), selected_(column_indexes(table_columns, columns)) {
        row({"CREATED (UTC)", "SOURCE", "ID", "DIRECTION", "STATUS", "DURATION", "CUSTOMER", "AGENT", "COST"});
    }

    void write(const CallRecord& r) override {
        std::string created = format_rfc3339(r.created_at);
        created[10] = ' ';
        created.pop_back();  // the Z: the heading says UTC
        const std::string duration = std::to_string(r.duration_s / 60) + ":" +
                                     (r.duration_s % 60 < 10 ? "0" : "") + std::to_string(r.duration_s % 60);
        row({created, r.source, r.id, to_string(r.direction), to_string(r.status), duration,
             r.customer_number.value_or("-"), r.agent.name.value_or(r.agent.id.value_or("-")),
             r.total_cost ? r.total_cost->to_string() : "-"});
        ++count_;
    }

    void finish() override { out_ << '(' << count_ << (count_ == 1 ? " call" : " calls") << ")\n"; }

private:
    static constexpr std::array<std::size_t, 9> widths{19, 10, 14, 9, 11, 8, 16, 18, 10};
    static constexpr std::array<bool, 9> right_aligned{false, false, false, false, false, true, false, false, true};

    // Exactly `width` characters (UTF-8 aware): padded, or cut with a "…";
    // control characters (C0, DEL, C1) shown as spaces.
    static std::string fit(std::string_view text, std::size_t width) {
        std::string out = detail::printable(text);
        std::vector<std::size_t> starts;  // where each character begins in `out`
        for (std::size_t i = 0; i < out.size(); ++i)
            if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80) starts.push_back(i);
        if (starts.size() <= width) return out + std::string(width - starts.size(), ' ');
        return out.substr(0, starts[width - 1]) + "\xE2\x80\xA6";
    }

    void row(const std::array<std::string_view, 9>& cells) {
        std::string line;
        for (std::size_t n = 0; n < selected_.size(); ++n) {
            const std::size_t i = selected_[n];
            if (n != 0) line += "  ";
            std::string cell = fit(cells[i], widths[i]);
            if (right_aligned[i]) {
                const auto end = cell.find_last_not_of(' ');
                const std::size_t pad = end == std::string::npos ? cell.size() : cell.size() - end - 1;
                cell = std::string(pad, ' ') + cell.substr(0, cell.size() - pad);
            }
            line += cell;
        }
        line.erase(line.find_last_not_of(' ') + 1);
        line += '\n';
        out_ << line;
    }

    std::ostream& out_;
    std::vector<std::size_t> selected_;
};

}  // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) noexcept {
    if (name == "jsonl") return OutputFormat::jsonl;
    if (name == "csv") return OutputFormat::csv;
    if (name == "table") return OutputFormat::table;
    return std::nullopt;
}

std::string_view to_string(OutputFormat format) noexcept {
    switch (format) {
        case OutputFormat::jsonl: return "jsonl";
        case OutputFormat::csv: return "csv";
        case OutputFormat::table: return "table";
    }
    return "?";
}

std::vector<std::string_view> output_columns(OutputFormat format) {
    switch (format) {
        case OutputFormat::csv: return {csv_columns.begin(), csv_columns.end()};
        case OutputFormat::table: return {table_columns.begin(), table_columns.end()};
        case OutputFormat::jsonl: break;
    }
    return {};
}

std::unique_ptr<RecordWriter> make_record_writer(OutputFormat format, std::ostream& out, WriterOptions options) {
    switch (format) {
        case OutputFormat::jsonl: return std::make_unique<JsonlWriter>(out, options);
        case OutputFormat::csv: return std::make_unique<CsvWriter>(out, options);
        case OutputFormat::table: return std::make_unique<TableWriter>(out, options.columns);
    }
    return nullptr;
}

}  // namespace callbridge
