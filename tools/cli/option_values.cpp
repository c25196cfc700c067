#include "cli/option_values.hpp"

#include "cli/help.hpp"

#include <algorithm>

#include <callbridge/providers.hpp>

namespace callbridge::cli {
namespace {

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

}  // namespace

boost::system::result<OutputFormat, Error> output_format_option(std::string_view value) {
    if (auto format = parse_output_format(value)) return *format;
    return invalid_option("--format", "unknown format '" + std::string(value) + "'; expected jsonl, csv or table");
}

boost::system::result<std::vector<std::string>, Error> columns_option(std::string_view value, OutputFormat format) {
    std::vector<std::string> columns;
    if (value.empty()) return columns;
    const auto known = output_columns(format);
    if (known.empty())
        return invalid_option("--columns", "goes with --format csv or table only (jsonl writes whole records)");
    std::vector<std::string> names(known.begin(), known.end());
    std::size_t at = 0;
    while (at <= value.size()) {
        auto comma = value.find(',', at);
        if (comma == std::string_view::npos) comma = value.size();
        std::string column(value.substr(at, comma - at));
        at = comma + 1;
        while (!column.empty() && column.front() == ' ') column.erase(column.begin());
        while (!column.empty() && column.back() == ' ') column.pop_back();
        const std::string format_name(to_string(format));
        if (column.empty()) return invalid_option("--columns", "has an empty column name in '" + std::string(value) + "'");
        if (std::find(names.begin(), names.end(), column) == names.end()) {
            const std::string suggestion = closest(column, names);
            return invalid_option("--columns", "unknown column '" + column + "' for --format " + format_name +
                                                   (suggestion.empty() ? "" : "; did you mean " + suggestion + "?") +
                                                   "; expected some of: " + join_names(names));
        }
        if (std::find(columns.begin(), columns.end(), column) != columns.end())
            return invalid_option("--columns", "names the column '" + column + "' twice");
        columns.push_back(std::move(column));
    }
    return columns;
}

std::string columns_help() {
    std::vector<std::string> csv, table;
    for (auto name : output_columns(OutputFormat::csv)) csv.emplace_back(name);
    for (auto name : output_columns(OutputFormat::table)) table.emplace_back(name);
    return "csv and table only: the columns to write, comma-separated, in that order (default: all). csv: " +
           join_names(csv) + ". table: " + join_names(table);
}

boost::system::result<TimeZone, Error> time_zone_option(std::string_view value) {
    if (auto zone = TimeZone::parse(value)) return *zone;
    return invalid_option("--timezone", "unknown time zone '" + std::string(value) +
                                            "'; expected UTC, an offset such as +02:00, or an IANA name such as "
                                            "Europe/Bucharest (from the tzdata package)");
}

boost::system::result<std::shared_ptr<const Dialect>, Error> provider_option(std::string_view value,
                                                                             const Registry& registry) {
    if (const ProviderDescriptor* descriptor = registry.find(value); descriptor != nullptr && descriptor->dialect)
        return descriptor->dialect;
    std::string known;
    for (const std::string& name : registry.providers())
        if (registry.find(name)->dialect) known += (known.empty() ? "" : ", ") + name;
    return invalid_option("--provider", "unknown provider '" + std::string(value) + "'; expected one of: " + known);
}

}  // namespace callbridge::cli
