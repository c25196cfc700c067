#pragma once
// Reading option values shared by several subcommands, with errors that
// name the option.

#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/record_writer.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/time_zone.hpp>

#include <boost/system/result.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::cli {

boost::system::result<OutputFormat, Error> output_format_option(std::string_view value);

/// The help of --keep-formulas, which list and normalize share.
inline constexpr const char* keep_formulas_help =
    "csv only: write cells that start with = + - @ tab or CR as they are (by default a ' goes before them, "
    "so that a spreadsheet shows them as text instead of running them)";
/// --columns: comma-separated names from output_columns(format), checked;
/// empty text, all columns.
boost::system::result<std::vector<std::string>, Error> columns_option(std::string_view value, OutputFormat format);
/// The help of --columns, which list and normalize share.
std::string columns_help();

boost::system::result<TimeZone, Error> time_zone_option(std::string_view value);
boost::system::result<std::shared_ptr<const Dialect>, Error> provider_option(std::string_view value,
                                                                             const Registry& registry);

}  // namespace callbridge::cli
