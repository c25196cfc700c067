#include <callbridge/source_config.hpp>

#include <callbridge/call_query.hpp>
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

// A source's "filters": {"status": ["completed"], "direction": "outbound"},
// each checked as set_filter() reads it.
Error read_filters(const boost::json::value& value, const std::string& where, SourceSpec& spec) {
    const auto* filters = value.if_object();
    if (filters == nullptr) return config_error(where, "expected an object of filters");
    CallQuery scratch;
    for (const auto& [key, entry] : *filters) {
        const std::string name(key);
        const std::string at = where + "." + name;
        if (name == "limit") return config_error(at, "a source's calls cannot be limited; give no limit");
        if (std::find(std::begin(filter_names), std::end(filter_names), name) == std::end(filter_names))
            return config_error(at, "unknown filter; expected one of status, provider_status, direction, agent_id, "
                                    "campaign_id, customer_number, search, created_from, created_to, page_size");
        std::vector<std::string> values;
        if (entry.is_string()) {
            values.emplace_back(entry.get_string());
        } else if (entry.is_int64() || entry.is_uint64()) {
            values.push_back(entry.is_int64() ? std::to_string(entry.get_int64()) : std::to_string(entry.get_uint64()));
        } else if (entry.is_array() && name == "status") {
            for (const auto& status : entry.get_array()) {
                if (!status.is_string()) return config_error(at, "expected a list of status names");
                values.emplace_back(status.get_string());
            }
        } else {
            return config_error(at, name == "status" ? "expected a status name or a list of them" : "expected text");
        }
        for (auto& text : values) {
            if (Error e = set_filter(scratch, name, text)) return config_error(at, e.details().message);
            spec.filters.emplace_back(name, std::move(text));
        }
    }
    if (Error e = validate(scratch)) return config_error(where + "." + e.details().filter, e.details().message);
    return {};
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

    static constexpr std::array<std::string_view, 7> members{"name",     "provider", "base_url", "token_env",
                                                             "timezone", "user_env", "filters"};
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
        std::string expected = "name, provider, base_url, token_env, timezone, filters";
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
        if (const auto* filters = entry.if_contains("filters"))
            if (Error e = read_filters(*filters, where + ".filters", spec)) return e;
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
    const std::string default_token_env = registry.token_env(spec.provider);
    const std::string token_env = spec.token_env.empty() ? default_token_env : spec.token_env;
    const std::string& pair_env = descriptor->user_token_env;
    const bool own_user_env = !spec.user_env.empty() && spec.user_env != descriptor->user_env;
    const std::string user = spec.user_env.empty() ? std::string() : variable(spec.user_env);
    if (own_user_env && user.empty())
        return fail(invalid_option("user", "the variable " + spec.user_env + " holding the user name is not set"));
    if (pair_env.empty()) {
        options.user = user;
    } else if (token_env != default_token_env && token_env != pair_env) {
        // The source names its own token: a user only if it names one too.
        if (own_user_env) options.user = user;
    } else if (!user.empty()) {
        // A user and the secret that goes with it (an API key SID and secret).
        options.token = variable(pair_env);
        if (!options.token.empty())
            options.user = user;
        else if (own_user_env)
            return fail(invalid_option("token", "the variable " + pair_env + " holding the secret of the user in " +
                                                    spec.user_env + " is not set"));
    }
    if (options.token.empty()) options.token = variable(token_env);
    if (options.token.empty()) {
        std::string why = "the variable " + token_env + " holding the token is not set";
        if (!pair_env.empty() && token_env == default_token_env && !spec.user_env.empty())
            why += " (or set " + spec.user_env + " and " + pair_env + ": a user name and its secret)";
        return fail(invalid_option("token", std::move(why)));
    }
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
