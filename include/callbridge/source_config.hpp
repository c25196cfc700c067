#pragma once
// Sources named in a config file (spec/cli.md, `callbridge list --config`):
//
//   { "sources": [
//       { "name": "main", "provider": "autocalls", "token_env": "AC_MAIN_TOKEN" },
//       { "name": "brand", "provider": "autocalls", "base_url": "https://app.example.com/api",
//         "token_env": "AC_BRAND_TOKEN", "timezone": "Europe/Bucharest" },
//       { "name": "tw", "provider": "twilio", "account": "AC0123..." },
//       { "name": "tk", "provider": "talkover" } ] }
//
// A provider's parameters (ProviderDescriptor::parameters) are members of
// their own: "account": "AC...", or "account_env": "VARIABLE".

#include <callbridge/error.hpp>
#include <callbridge/http_source.hpp>

#include <boost/system/result.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

class Registry;

struct SourceSpec {
    std::string name;       ///< default: the provider name
    std::string provider;   ///< required
    std::string base_url;   ///< default: the provider's API root
    std::string token_env;  ///< the variable holding the token; default: the provider's (Registry::token_env)
    std::string timezone;   ///< how zone-less timestamps are read; default: UTC
    /// The variable holding a Basic user name (Twilio's API key SID); default: the provider's, if any.
    std::string user_env;
    /// Provider parameters given as values, and as variables holding them.
    std::map<std::string, std::string, std::less<>> parameters;
    std::map<std::string, std::string, std::less<>> parameter_envs;

    friend bool operator==(const SourceSpec&, const SourceSpec&) = default;
};

/// Reads a config file's text. Unknown members are errors (a misspelt
/// "tokn_env" would otherwise pass unnoticed; parameters are known from the
/// provider's descriptor in `registry`), as are duplicate names. The error
/// (invalid option "config") names the entry and member.
boost::system::result<std::vector<SourceSpec>, Error> read_source_config(std::string_view json, const Registry& registry);
/// As above, with the shipped providers.
boost::system::result<std::vector<SourceSpec>, Error> read_source_config(std::string_view json);

/// "AUTOCALLS_TOKEN", "CLICKSPEAK_TOKEN", "TALKOVER_TOKEN": the provider
/// name in capitals (non-alphanumerics as "_") with "_TOKEN", for providers
/// that name no variable of their own.
std::string default_token_env(std::string_view provider);

/// Reads a variable of the environment; nullptr when it is not set.
using EnvironmentLookup = std::function<const char*(const char* name)>;

/// The options of the source a spec names: its token, user and parameters
/// read from the environment as the spec and the provider's descriptor say,
/// its time zone checked. The error (invalid option) names the variable that
/// is not set or the value that is wrong, never a secret. Transport options
/// are left at their defaults.
boost::system::result<SourceOptions, Error> resolve_source(const SourceSpec& spec, const Registry& registry,
                                                           const EnvironmentLookup& environment);

}  // namespace callbridge
