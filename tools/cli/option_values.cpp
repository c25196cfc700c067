#include "cli/option_values.hpp"

#include <callbridge/providers.hpp>

namespace callbridge::cli {

boost::system::result<OutputFormat, Error> output_format_option(std::string_view value) {
    if (auto format = parse_output_format(value)) return *format;
    return invalid_option("--format", "unknown format '" + std::string(value) + "'; expected jsonl, csv or table");
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
