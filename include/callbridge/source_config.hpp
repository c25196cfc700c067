#pragma once
// Sources named in a config file (spec/cli.md, `callbridge list --config`):
//
//   { "sources": [
//       { "name": "main", "provider": "autocalls", "token_env": "AC_MAIN_TOKEN" },
//       { "name": "brand", "provider": "autocalls", "base_url": "https://app.example.com/api",
//         "token_env": "AC_BRAND_TOKEN", "timezone": "Europe/Bucharest" },
//       { "name": "tk", "provider": "talkover",
//         "filters": { "status": ["completed"], "direction": "outbound" } } ] }

#include <callbridge/error.hpp>

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

struct SourceSpec {
    std::string name;       ///< default: the provider name
    std::string provider;   ///< required
    std::string base_url;   ///< default: the provider's API root
    std::string token_env;  ///< the variable holding the token; default: default_token_env(provider)
    std::string timezone;   ///< how zone-less timestamps are read; default: UTC
    /// The source's own filters (`callbridge sync`), by canonical name, as
    /// text for set_filter(); a list gives one entry per value. Checked when
    /// read.
    std::vector<std::pair<std::string, std::string>> filters;

    friend bool operator==(const SourceSpec&, const SourceSpec&) = default;
};

/// Reads a config file's text. Unknown members are errors (a misspelt
/// "tokn_env" would otherwise pass unnoticed), as are duplicate names. The
/// error (invalid option "config") names the entry and member.
boost::system::result<std::vector<SourceSpec>, Error> read_source_config(std::string_view json);

/// "AUTOCALLS_TOKEN", "CLICKSPEAK_TOKEN", "TALKOVER_TOKEN": the provider
/// name in capitals (non-alphanumerics as "_") with "_TOKEN".
std::string default_token_env(std::string_view provider);

}  // namespace callbridge
