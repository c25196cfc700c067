#include <callbridge/sync/checkpoint.hpp>

#include <callbridge/sync/sync_error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace callbridge {
namespace {

Error invalid(std::string why) { return sync_error(sync_errc::invalid_checkpoint, std::move(why)); }

std::optional<Timestamp> instant(const boost::json::value* v) {
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return parse_rfc3339(v->get_string());
}

}  // namespace

std::string to_json(const Checkpoint& c) {
    boost::json::array open;
    for (const auto& call : c.open_calls)
        open.push_back(boost::json::object{{"id", call.id}, {"created_at", format_rfc3339(call.created_at)}});
    boost::json::object o{{"format", Checkpoint::current_format},
                          {"fingerprint", to_json_object(c.fingerprint)},
                          {"high_water", c.high_water ? boost::json::value(format_rfc3339(*c.high_water)) : nullptr},
                          {"open", std::move(open)}};
    return boost::json::serialize(o);
}

boost::system::result<Checkpoint, Error> checkpoint_from_json(std::string_view json) {
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(json, ec);
    if (ec) return invalid("not JSON (" + ec.message() + ")");
    const auto* o = parsed.if_object();
    if (o == nullptr) return invalid("expected an object");
    const auto* format = o->if_contains("format");
    if (format == nullptr || !format->is_int64() || format->get_int64() < 1)
        return invalid("format: expected a positive whole number");
    if (format->get_int64() > Checkpoint::current_format)
        return invalid("format " + std::to_string(format->get_int64()) + " is newer than this callbridge reads (" +
                       std::to_string(Checkpoint::current_format) + "); upgrade callbridge");
    Checkpoint c;
    const auto* fingerprint = o->if_contains("fingerprint");
    if (fingerprint == nullptr) return invalid("fingerprint: missing");
    auto f = fingerprint_from_json(*fingerprint);
    if (!f) return f.error();
    c.fingerprint = std::move(*f);
    const auto* high_water = o->if_contains("high_water");
    if (high_water != nullptr && !high_water->is_null()) {
        c.high_water = instant(high_water);
        if (!c.high_water) return invalid("high_water: expected an RFC 3339 instant or null");
    }
    const auto* open = o->if_contains("open");
    if (open == nullptr || !open->is_array()) return invalid("open: expected an array");
    for (std::size_t i = 0; i < open->get_array().size(); ++i) {
        const auto* call = open->get_array()[i].if_object();
        const auto* id = call != nullptr ? call->if_contains("id") : nullptr;
        const auto created = call != nullptr ? instant(call->if_contains("created_at")) : std::nullopt;
        if (id == nullptr || !id->is_string() || !created)
            return invalid("open[" + std::to_string(i) + "]: expected {\"id\": text, \"created_at\": an instant}");
        c.open_calls.push_back({std::string(id->get_string()), *created});
    }
    std::stable_sort(c.open_calls.begin(), c.open_calls.end(),
                     [](const OpenCall& a, const OpenCall& b) { return a.created_at < b.created_at; });
    return c;
}

}  // namespace callbridge
