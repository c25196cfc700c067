#include <callbridge/source_config.hpp>

#include <callbridge/kit/field_reader.hpp>
#include <callbridge/registry.hpp>

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

bool is_variable_name(std::string_view name) { return !name.empty() && name.find('=') == std::string_view::npos; }

}  // namespace

std::string default_token_env(std::string_view provider) {
    std::string name;
    for (char c : provider)
        name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
    return name + "_TOKEN";
}

boost::system::result<std::vector<SourceSpec>, Error> read_source_config(std::string_view json) {
    return read_source_config(json, Registry::with_shipped_providers());
}

boost::system::result<std::vector<SourceSpec>, Error> read_source_config(std::string_view json, const Registry& registry) {
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

    static constexpr std::array<std::string_view, 6> members{"name", "provider", "base_url", "token_env", "timezone",
                                                             "user_env"};
    std::vector<SourceSpec> specs;
    std::set<std::string> names;
    const auto& entries = sources->get_array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string where = "sources[" + std::to_string(i) + "]";
        if (!entries[i].is_object()) return config_error(where, "expected an object");
        const auto& entry = entries[i].get_object();
        kit::FieldReader in(entry, where);
        SourceSpec spec;
        spec.provider = in.required_string("provider");
        if (!in.ok()) return config_error(in.error().details().field, in.error().details().message);
        const ProviderDescriptor* descriptor = registry.find(spec.provider);

        // A member is a common one, or one of the provider's parameters.
        std::string expected = "name, provider, base_url, token_env, timezone";
        if (descriptor != nullptr && !descriptor->user_env.empty()) expected += ", user_env";
        if (descriptor != nullptr)
            for (const auto& parameter : descriptor->parameters)
                expected += ", " + parameter.name + ", " + parameter.name + "_env";
        for (const auto& [key, value] : entry) {
            const bool common = std::find(members.begin(), members.end(), key) != members.end() &&
                                (key != "user_env" || (descriptor != nullptr && !descriptor->user_env.empty()));
            bool parameter = false;
            if (descriptor != nullptr)
                for (const auto& p : descriptor->parameters)
                    parameter = parameter || key == p.name || key == p.name + "_env";
            if (!common && !parameter)
                return config_error(where + "." + std::string(key), "unknown member; expected " + expected);
        }

        spec.name = in.optional_string("name").value_or(spec.provider);
        spec.base_url = in.optional_string("base_url").value_or("");
        spec.token_env = in.optional_string("token_env").value_or(registry.token_env(spec.provider));
        spec.timezone = in.optional_string("timezone").value_or("UTC");
        if (descriptor != nullptr) {
            spec.user_env = in.optional_string("user_env").value_or(descriptor->user_env);
            for (const auto& p : descriptor->parameters) {
                if (auto value = in.optional_string(p.name)) spec.parameters[p.name] = *value;
                if (auto env = in.optional_string(p.name + "_env")) spec.parameter_envs[p.name] = *env;
            }
        }
        if (!in.ok()) return config_error(in.error().details().field, in.error().details().message);
        if (spec.name.empty()) return config_error(where + ".name", "is empty");
        if (!is_variable_name(spec.token_env))
            return config_error(where + ".token_env", "is not an environment variable name: '" + spec.token_env + "'");
        for (const auto& [parameter, env] : spec.parameter_envs)
            if (!is_variable_name(env))
                return config_error(where + "." + parameter + "_env", "is not an environment variable name: '" + env + "'");
        if (!names.insert(spec.name).second)
            return config_error(where + ".name", "'" + spec.name + "' names two sources; each needs its own name");
        specs.push_back(std::move(spec));
    }
    return specs;
}

boost::system::result<SourceOptions, Error> resolve_source(const SourceSpec& spec, const Registry& registry,
                                                           const EnvironmentLookup& environment) {
    auto fail = [&](Error error) {
        error.details().source = spec.name;
        return error;
    };
    const ProviderDescriptor* descriptor = registry.find(spec.provider);
    if (descriptor == nullptr) {  // before the token: a variable of an unknown provider is no help
        auto unknown = registry.make(spec.provider, {}, {.name = spec.name});
        return fail(unknown.error());
    }
    auto variable = [&](const std::string& name) -> std::string {
        const char* value = environment ? environment(name.c_str()) : nullptr;
        return value == nullptr ? std::string() : std::string(value);
    };
    SourceOptions options;
    options.name = spec.name;
    options.api_root = spec.base_url;
    const std::string token_env = spec.token_env.empty() ? registry.token_env(spec.provider) : spec.token_env;
    options.token = variable(token_env);
    if (options.token.empty())
        return fail(invalid_option("token", "the variable " + token_env + " holding the token is not set"));
    if (!spec.user_env.empty()) options.user = variable(spec.user_env);
    for (const auto& p : descriptor->parameters) {
        std::string value;
        if (const auto given = spec.parameters.find(p.name); given != spec.parameters.end()) {
            value = given->second;
        } else {
            const auto env = spec.parameter_envs.find(p.name);
            const std::string name = env != spec.parameter_envs.end() ? env->second : p.env;
            if (!name.empty()) value = variable(name);
            if (value.empty() && p.required)
                return fail(invalid_option(p.name, name.empty() ? "is required and was not given"
                                                                : "the variable " + name + " holding it is not set"));
        }
        if (!value.empty()) options.parameters[p.name] = std::move(value);
    }
    const auto zone = TimeZone::parse(spec.timezone.empty() ? "UTC" : spec.timezone);
    if (!zone)
        return fail(invalid_option("timezone", "unknown time zone '" + spec.timezone +
                                                   "'; expected UTC, an offset such as +02:00, or an IANA name such as "
                                                   "Europe/Bucharest (from the tzdata package)"));
    options.time_zone = *zone;
    return options;
}

}  // namespace callbridge
