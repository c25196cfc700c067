#pragma once
// Canonical records written out as JSON lines, CSV or an aligned table: the
// formats of `callbridge list` and `callbridge normalize`, for C++ callers too.

#include <callbridge/call_record.hpp>

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

enum class OutputFormat {
    jsonl,  ///< one canonical record per line (spec: call-record.md)
    csv,    ///< RFC 4180, a header row, nested objects as JSON text, null as empty;
            ///< text cells a spreadsheet would run as formulas neutralised
    table,  ///< aligned columns for a terminal
};

std::optional<OutputFormat> parse_output_format(std::string_view name) noexcept;
std::string_view to_string(OutputFormat format) noexcept;

struct WriterOptions {
    /// jsonl only: add the vendor's original object as "raw".
    bool include_raw = false;
    /// csv only. A text cell that starts with =, +, -, @, a tab or a
    /// carriage return is one a spreadsheet runs as a formula (CSV
    /// injection: a transcript or an agent name is the vendor's, and
    /// anyone's who called). By default such a cell gets a leading ' (as
    /// OWASP advises), which a spreadsheet shows as text; an E.164 number
    /// comes out as '+15551234567 (a spreadsheet would otherwise read it as
    /// the number 15551234567). Numeric columns (duration_s, carrier_cost,
    /// total_cost, is_test) are written from typed values, never a formula,
    /// and stay numbers ("-0.03"). true: every cell as it is, for programs
    /// that read the CSV as data.
    bool keep_formulas = false;
    /// csv and table: the columns to write, in this order (names from
    /// output_columns); empty: all of them. check_columns says whether
    /// they are right; a writer given a name it does not know throws
    /// std::invalid_argument.
    std::vector<std::string> columns;
};

/// The columns a format writes, in their default order: the CSV header's
/// names (source, provider, id, ... currency), or the table's (created,
/// source, id, direction, status, duration, customer, agent, cost). Empty
/// for jsonl, which writes whole records.
std::vector<std::string_view> output_columns(OutputFormat format);

/// Writes each record as whole lines, so output cut short by a failure holds
/// only complete records.
class RecordWriter {
public:
    virtual ~RecordWriter() = default;
    virtual void write(const CallRecord& record) = 0;
    /// After the last record: the table's footer; nothing for the others.
    virtual void finish() {}
    /// Records written so far.
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

protected:
    std::uint64_t count_ = 0;
};

std::unique_ptr<RecordWriter> make_record_writer(OutputFormat format, std::ostream& out, WriterOptions options = {});

}  // namespace callbridge
