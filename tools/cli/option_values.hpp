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
#include <string_view>

namespace callbridge::cli {

boost::system::result<OutputFormat, Error> output_format_option(std::string_view value);
boost::system::result<TimeZone, Error> time_zone_option(std::string_view value);
boost::system::result<std::shared_ptr<const Dialect>, Error> provider_option(std::string_view value,
                                                                             const Registry& registry);

}  // namespace callbridge::cli
