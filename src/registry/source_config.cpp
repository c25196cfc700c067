#include <callbridge/source_config.hpp>

#include "detail/field_reader.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace callbridge {
namespace {

Error config_error(std::string where, std::string why) {
    Error error = invalid_option("config", std::move(why));
    error.details().field = std::move(where);
    return error;
}

}  // namespace

std::string default_token_env(std::string_view provider) {
    std::string name;
    for (char c : provider)
        name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
    return name + "_TOKEN";
}

boost::system::result<std::vector<SourceSpec>, Error> read_source_config(std::string_view json) {
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(json, ec);
    if (ec) return config_error("", "not JSON (" + ec.message() + ")");
    const auto* root = parsed.if_object();
    const auto* sources = root != nullptr ? root->if_contains("sources") : nullptr;
    if (sources == nullptr || !sources->is_array())
        return config_error("sources", "expected {\"sources\": [ ... ]}");
    if (sources->get_array().empty()) return config_error("sources", "names no source");
    for (const auto& [key, value] : *root)
        if (key != "sources") return config_error(std::string(key), "unknown member; expected only \"sources\"");

    static constexpr std::array<std::string_view, 5> members{"name", "provider", "base_url", "token_env", "timezone"};
    std::vector<SourceSpec> specs;
    std::set<std::string> names;
    const auto& entries = sources->get_array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string where = "sources[" + std::to_string(i) + "]";
        if (!entries[i].is_object()) return config_error(where, "expected an object");
        const auto& entry = entries[i].get_object();
        for (const auto& [key, value] : entry)
            if (std::find(members.begin(), members.end(), key) == members.end())
                return config_error(where + "." + std::string(key),
                                    "unknown member; expected name, provider, base_url, token_env or timezone");
        detail::FieldReader in(entry, where);
        SourceSpec spec;
        spec.provider = in.required_string("provider");
        spec.name = in.optional_string("name").value_or(spec.provider);
        spec.base_url = in.optional_string("base_url").value_or("");
        spec.token_env = in.optional_string("token_env").value_or(default_token_env(spec.provider));
        spec.timezone = in.optional_string("timezone").value_or("UTC");
        if (!in.ok()) return config_error(in.error().details().field, in.error().details().message);
        if (spec.name.empty()) return config_error(where + ".name", "is empty");
        if (spec.token_env.empty() || spec.token_env.find('=') != std::string::npos)
            return config_error(where + ".token_env", "is not an environment variable name: '" + spec.token_env + "'");
        if (!names.insert(spec.name).second)
            return config_error(where + ".name", "'" + spec.name + "' names two sources; each needs its own name");
        specs.push_back(std::move(spec));
    }
    return specs;
}

}  // namespace callbridge
