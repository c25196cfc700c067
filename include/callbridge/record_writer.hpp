#pragma once
// Canonical records written out as JSON lines, CSV or an aligned table: the
// formats of `callbridge list` and `callbridge normalize`, for C++ callers too.

#include <callbridge/call_record.hpp>

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>

namespace callbridge {

enum class OutputFormat {
    jsonl,  ///< one canonical record per line (spec: call-record.md)
    csv,    ///< RFC 4180, a header row, nested objects as JSON text, null as empty
    table,  ///< aligned columns for a terminal
};

std::optional<OutputFormat> parse_output_format(std::string_view name) noexcept;
std::string_view to_string(OutputFormat format) noexcept;

struct WriterOptions {
    /// jsonl only: add the vendor's original object as "raw".
    bool include_raw = false;
};

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
