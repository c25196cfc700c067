// Configuration text: read_source_config (a config file's JSON) and
// ApiRoot::parse (a base_url or --api-root), on any bytes.
//
// The whole input goes to both: config seeds are JSON, API-root seeds URLs.
//
// Properties:
//  - never crashes, throws, leaks or trips ASan/UBSan;
//  - read_source_config: a failure is an invalid option error for "config";
//    a success names at least one source, each with a provider and a unique,
//    non-empty name; written back as JSON with every member, it reads back
//    equal; each source's base_url and timezone can be given to
//    ApiRoot::parse and TimeZone::parse;
//  - ApiRoot::parse: a failure is an invalid option error for "api_root"; a
//    success has an http(s) scheme, a host, a non-zero port, a path without
//    a trailing slash, and to_string() parses again into the same root.

#include "fuzz_common.hpp"

#include <callbridge/api_root.hpp>
#include <callbridge/providers.hpp>
#include <callbridge/source_config.hpp>
#include <callbridge/time_zone.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace {

using namespace callbridge;

std::string describe(const ApiRoot& root) {
    return "{scheme " + fuzz::shown(root.origin().scheme) + ", host " + fuzz::shown(root.origin().host) + ", port " +
           std::to_string(root.origin().port) + ", path " + fuzz::shown(root.base_path()) + "}";
}

void check_api_root(std::string_view text) {
    const auto root = ApiRoot::parse(text);
    if (!root) {
        const Error& e = root.error();
        FUZZ_CHECK("api-root-error", e.is(errc::invalid_option) && e.details().option == "api_root", e.message());
        return;
    }
    const std::string shown = fuzz::shown(text) + " -> " + describe(*root);
    const Origin& o = root->origin();
    FUZZ_CHECK("api-root-shape", o.scheme == "https" || o.scheme == "http", shown);
    FUZZ_CHECK("api-root-shape", !o.host.empty(), shown);
    FUZZ_CHECK("api-root-shape", o.port != 0, shown);
    FUZZ_CHECK("api-root-shape", root->base_path().empty() || root->base_path().back() != '/', shown);
    FUZZ_CHECK("api-root-shape", root->base_path().empty() || root->base_path().front() == '/', shown);
    FUZZ_CHECK("api-root-shape", root->is_https() == (o.scheme == "https"), shown);

    const std::string written = root->to_string();
    const auto again = ApiRoot::parse(written);
    FUZZ_CHECK("api-root-round-trip", again.has_value(),
               shown + " is written as " + fuzz::shown(written) + ", which does not parse: " +
                   (again ? std::string() : again.error().message()));
    if (again)
        FUZZ_CHECK("api-root-round-trip", again->origin() == o && again->base_path() == root->base_path(),
                   shown + " is written as " + fuzz::shown(written) + ", which parses as " + describe(*again));
}

void check_config(std::string_view text) {
    const auto specs = read_source_config(text);
    if (!specs) {
        const Error& e = specs.error();
        FUZZ_CHECK("config-error", e.is(errc::invalid_option) && e.details().option == "config", e.message());
        return;
    }
    FUZZ_CHECK("config-shape", !specs->empty(), "no sources");
    std::set<std::string> names;
    boost::json::array sources;
    for (const SourceSpec& s : *specs) {
        FUZZ_CHECK("config-shape", !s.name.empty(), "empty name");
        FUZZ_CHECK("config-shape", names.insert(s.name).second, "two sources named " + fuzz::shown(s.name));
        FUZZ_CHECK("config-shape", !s.token_env.empty(), "empty token_env for " + fuzz::shown(s.name));
        sources.push_back(boost::json::object{{"name", s.name},
                                              {"provider", s.provider},
                                              {"base_url", s.base_url},
                                              {"token_env", s.token_env},
                                              {"timezone", s.timezone}});
        (void)find_dialect(s.provider);
        if (!s.base_url.empty()) check_api_root(s.base_url);
        (void)TimeZone::parse(s.timezone);
    }
    const std::string written = boost::json::serialize(boost::json::object{{"sources", std::move(sources)}});
    const auto again = read_source_config(written);
    FUZZ_CHECK("config-round-trip", again.has_value() && *again == *specs,
               "written back as " + fuzz::shown(written, 2000) + ": " +
                   (again ? std::string("reads differently") : again.error().message()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_config(text);
    check_api_root(text);
    return 0;
}
