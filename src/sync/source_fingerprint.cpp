#include <callbridge/sync/source_fingerprint.hpp>

#include <callbridge/sync/sync_error.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

namespace callbridge {
namespace {

void put(boost::json::object& out, std::string_view name, const std::optional<std::string>& value) {
    if (value) out[name] = *value;
}

void put(boost::json::object& out, std::string_view name, const std::optional<Timestamp>& value) {
    if (value) out[name] = format_rfc3339(*value);
}

std::string shown(const boost::json::value* value) {
    return value == nullptr ? "not set" : boost::json::serialize(*value);
}

}  // namespace

SourceFingerprint make_fingerprint(std::string_view provider, std::string_view api_root, std::string_view source,
                                   const CallQuery& query) {
    SourceFingerprint f{std::string(provider), std::string(api_root), std::string(source), {}};
    if (!query.statuses.empty()) {
        std::set<std::string_view> names;
        for (CallStatus status : query.statuses) names.insert(to_string(status));
        boost::json::array statuses;
        for (auto name : names) statuses.emplace_back(name);
        f.filters["status"] = std::move(statuses);
    }
    put(f.filters, "provider_status", query.provider_status);
    if (query.direction) f.filters["direction"] = to_string(*query.direction);
    put(f.filters, "agent_id", query.agent_id);
    put(f.filters, "campaign_id", query.campaign_id);
    put(f.filters, "customer_number", query.customer_number);
    put(f.filters, "search", query.search);
    put(f.filters, "created_from", query.created_from);
    put(f.filters, "created_to", query.created_to);
    return f;
}

std::vector<std::string> describe_differences(const SourceFingerprint& then, const SourceFingerprint& now) {
    std::vector<std::string> out;
    auto compare = [&](std::string_view what, const std::string& a, const std::string& b) {
        if (a != b) out.push_back(std::string(what) + " was '" + a + "', is now '" + b + "'");
    };
    compare("provider", then.provider, now.provider);
    compare("API root", then.api_root, now.api_root);
    compare("source name", then.source, now.source);
    for (std::string_view name : filter_names) {
        const auto* a = then.filters.if_contains(name);
        const auto* b = now.filters.if_contains(name);
        if ((a == nullptr) != (b == nullptr) || (a != nullptr && *a != *b))
            out.push_back("filter " + std::string(name) + " was " + shown(a) + ", is now " + shown(b));
    }
    // Filters of a later callbridge that this one does not know.
    for (const auto& [name, value] : then.filters)
        if (std::find(std::begin(filter_names), std::end(filter_names), name) == std::end(filter_names))
            out.push_back("filter " + std::string(name) + " was " + shown(&value) + ", is unknown here");
    return out;
}

boost::json::object to_json_object(const SourceFingerprint& f) {
    return {{"provider", f.provider}, {"api_root", f.api_root}, {"source", f.source}, {"filters", f.filters}};
}

boost::system::result<SourceFingerprint, Error> fingerprint_from_json(const boost::json::value& json) {
    const auto* o = json.if_object();
    if (o == nullptr) return sync_error(sync_errc::invalid_checkpoint, "fingerprint: expected an object");
    SourceFingerprint f;
    for (auto [name, target] : {std::pair{"provider", &f.provider}, {"api_root", &f.api_root}, {"source", &f.source}}) {
        const auto* v = o->if_contains(name);
        if (v == nullptr || !v->is_string())
            return sync_error(sync_errc::invalid_checkpoint, std::string("fingerprint.") + name + ": expected a string");
        *target = v->get_string();
    }
    const auto* filters = o->if_contains("filters");
    if (filters == nullptr || !filters->is_object())
        return sync_error(sync_errc::invalid_checkpoint, "fingerprint.filters: expected an object");
    f.filters = filters->get_object();
    return f;
}

}  // namespace callbridge
