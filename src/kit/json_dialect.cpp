#include <callbridge/kit/json_dialect.hpp>

#include <callbridge/api_root.hpp>

#include "kit/mapping_kinds.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <initializer_list>

namespace callbridge::kit {
namespace {

// Reads one JSON object of the description, refusing members it does not
// know; the first problem wins and names its path.
class Reader {
public:
    Reader(const boost::json::object& object, std::string path, std::initializer_list<std::string_view> known,
           Error& error)
        : object_(object), path_(std::move(path)), error_(error) {
        for (const auto& [key, value] : object)
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                std::string names;
                for (std::string_view name : known) names += (names.empty() ? "" : ", ") + std::string(name);
                fail(std::string(key), "unknown member; expected one of: " + names);
            }
    }

    void fail(std::string_view member, std::string why) {
        if (error_) return;
        error_ = invalid_option("dialect", std::move(why));
        error_.details().field = at(member);
    }
    [[nodiscard]] std::string at(std::string_view member) const {
        return path_.empty() ? std::string(member) : path_ + "." + std::string(member);
    }
    [[nodiscard]] const boost::json::value* find(std::string_view member) const { return object_.if_contains(member); }

    std::string text(std::string_view member, std::string fallback = {}) {
        const auto* v = find(member);
        if (v == nullptr) return fallback;
        if (!v->is_string()) {
            fail(member, "expected a string");
            return fallback;
        }
        return std::string(v->get_string());
    }
    std::string required_text(std::string_view member) {
        if (find(member) == nullptr) fail(member, "missing");
        return text(member);
    }
    bool flag(std::string_view member, bool fallback) {
        const auto* v = find(member);
        if (v == nullptr) return fallback;
        if (!v->is_bool()) {
            fail(member, "expected true or false");
            return fallback;
        }
        return v->get_bool();
    }
    std::int64_t number(std::string_view member, std::int64_t fallback, std::int64_t low, std::int64_t high) {
        const auto* v = find(member);
        if (v == nullptr) return fallback;
        if (!v->is_int64() || v->get_int64() < low || v->get_int64() > high) {
            fail(member, "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
            return fallback;
        }
        return v->get_int64();
    }
    // A string, or a list of strings.
    std::vector<std::string> texts(std::string_view member, std::vector<std::string> fallback = {}) {
        const auto* v = find(member);
        if (v == nullptr) return fallback;
        if (v->is_string()) return {std::string(v->get_string())};
        std::vector<std::string> out;
        if (v->is_array())
            for (const auto& item : v->get_array()) {
                if (!item.is_string()) break;
                out.emplace_back(item.get_string());
            }
        if (!v->is_array() || out.size() != v->get_array().size()) fail(member, "expected a string or a list of strings");
        return out;
    }
    const boost::json::object* object(std::string_view member) {
        const auto* v = find(member);
        if (v == nullptr) return nullptr;
        if (!v->is_object()) fail(member, "expected an object");
        return v->if_object();
    }
    // {"key": "value", ...} in order.
    std::vector<std::pair<std::string, std::string>> pairs(std::string_view member) {
        std::vector<std::pair<std::string, std::string>> out;
        if (const auto* o = object(member))
            for (const auto& [key, value] : *o) {
                if (!value.is_string()) {
                    fail(std::string(member) + "." + std::string(key), "expected a string");
                    break;
                }
                out.emplace_back(std::string(key), std::string(value.get_string()));
            }
        return out;
    }

private:
    const boost::json::object& object_;
    std::string path_;
    Error& error_;
};

void fail_at(Error& error, const std::string& where, std::string why) {
    if (error) return;
    error = invalid_option("dialect", std::move(why));
    error.details().field = where;
}

template <class Enum, class Parse>
WordMap<Enum> read_words(Reader& in, std::string_view member, Parse&& parse_value, std::optional<Enum>* when_absent,
                         Error& error) {
    std::vector<typename WordMap<Enum>::Entry> entries;
    const auto* object = in.object(member);
    if (object == nullptr) return {};
    Reader words(*object, in.at(member), {"words", "prefixes", "when_absent"}, error);
    for (const char* kind : {"words", "prefixes"})
        for (const auto& [word, name] : words.pairs(kind)) {
            const auto value = parse_value(name);
            if (!value) {
                words.fail(std::string(kind) + "." + word, "unknown value '" + name + "'");
                return {};
            }
            entries.push_back({word, *value, std::string_view(kind) == "prefixes"});
        }
    if (const auto absent = words.text("when_absent"); !absent.empty()) {
        if (when_absent == nullptr) words.fail("when_absent", "not taken here");
        else if (auto value = parse_value(absent)) *when_absent = *value;
        else words.fail("when_absent", "unknown value '" + absent + "'");
    }
    return WordMap<Enum>(std::move(entries));
}

std::vector<FieldRule> read_fields(Reader& in, std::string_view member, Error& error) {
    std::vector<FieldRule> rules;
    const auto* object = in.object(member);
    if (object == nullptr) return rules;
    for (const auto& [name, spec] : *object) {
        const std::string where = in.at(member) + "." + std::string(name);
        const auto field = parse_field(name);
        if (!field) {
            fail_at(error, where, "unknown canonical field");
            return rules;
        }
        // Without a "read", a field takes its natural read: a time is read
        // as ISO 8601, a number as a count, a cost as money, an id as a
        // string or an integer.
        const Read natural = natural_read(*field);
        FieldRule rule{*field, {}, natural, false};
        if (spec.is_string()) {
            rule.paths = {std::string(spec.get_string())};
        } else if (spec.is_object()) {
            Reader r(spec.get_object(), where, {"path", "read", "required"}, error);
            rule.paths = r.texts("path");
            if (rule.paths.empty()) r.fail("path", "missing");
            const std::string read = r.text("read", std::string(to_string(natural)));
            if (auto parsed = parse_read(read)) rule.read = *parsed;
            else r.fail("read", "unknown read '" + read + "'");
            if (!error && !can_fill(rule.field, rule.read))
                r.fail("read", cannot_fill_message(rule.field, rule.read));
            rule.required = r.flag("required", false);
        } else {
            fail_at(error, where, "expected a path or {\"path\", \"read\", \"required\"}");
        }
        if (error) return rules;
        rules.push_back(std::move(rule));
    }
    return rules;
}

Paging read_paging(Reader& in, Error& error) {
    const auto* object = in.object("paging");
    if (object == nullptr) return PageNumbers{};
    const std::string where = in.at("paging");
    const std::string style = object->contains("style") && object->at("style").is_string()
                                  ? std::string(object->at("style").get_string())
                                  : "";
    if (style == "page_numbers") {
        Reader r(*object, where, {"style", "page_param", "size_param", "paginator", "current_page", "last_page",
                                  "per_page", "total", "next_url", "require_last_page"}, error);
        PageNumbers p;
        p.page_param = r.text("page_param", p.page_param);
        p.size_param = r.text("size_param", p.size_param);
        p.paginator = r.texts("paginator", p.paginator);
        p.current_page = r.text("current_page", p.current_page);
        p.last_page = r.text("last_page", p.last_page);
        p.per_page = r.text("per_page", p.per_page);
        p.total = r.text("total", p.total);
        p.next_url = r.text("next_url", p.next_url);
        p.require_last_page = r.flag("require_last_page", p.require_last_page);
        return p;
    }
    if (style == "cursor") {
        Reader r(*object, where, {"style", "sent_in", "request_param", "size_param", "next_cursor", "has_more",
                                    "require_has_more"},
                 error);
        CursorPaging p;
        const std::string sent_in = r.text("sent_in", "query");
        if (sent_in == "body") p.sent_in = CursorPaging::SentIn::body;
        else if (sent_in != "query") r.fail("sent_in", "expected query or body");
        p.request_param = r.text("request_param", p.request_param);
        p.size_param = r.text("size_param", p.size_param);
        p.next_cursor = r.text("next_cursor", p.next_cursor);
        p.has_more = r.text("has_more", p.has_more);
        p.require_has_more = r.flag("require_has_more", p.require_has_more);
        return p;
    }
    if (style == "next_link") {
        Reader r(*object, where, {"style", "next", "size_param", "total"}, error);
        NextLink p;
        p.next = r.text("next", p.next);
        p.size_param = r.text("size_param", p.size_param);
        p.total = r.text("total", p.total);
        return p;
    }
    if (style == "time_windows") {
        Reader r(*object, where, {"style", "from_param", "to_param", "size_param", "window_size", "created_field"}, error);
        TimeWindows p;
        p.from_param = r.text("from_param", p.from_param);
        p.to_param = r.text("to_param", p.to_param);
        p.size_param = r.text("size_param", p.size_param);
        p.window_size = static_cast<std::uint32_t>(r.number("window_size", p.window_size, 2, 100000));
        p.created_field = r.text("created_field", p.created_field);
        return p;
    }
    in.fail("paging.style", "expected page_numbers, cursor, next_link or time_windows");
    return PageNumbers{};
}

QueryRules read_query(Reader& in, Error& error) {
    QueryRules rules;
    const auto* object = in.object("query");
    if (object == nullptr) return rules;
    Reader r(*object, in.at("query"), {"status_param", "direction_param", "pushdowns", "refusals"}, error);
    rules.status_param = r.text("status_param", rules.status_param);
    rules.direction_param = r.text("direction_param", rules.direction_param);
    auto each = [&](std::string_view member, auto&& read_one) {
        const auto* v = r.find(member);
        if (v == nullptr) return;
        if (!v->is_array()) return r.fail(member, "expected a list");
        const auto& items = v->get_array();
        for (std::size_t i = 0; i < items.size() && !error; ++i) {
            const std::string where = r.at(member) + "[" + std::to_string(i) + "]";
            if (!items[i].is_object()) return r.fail(std::string(member) + "[" + std::to_string(i) + "]", "expected an object");
            read_one(items[i].get_object(), where);
        }
    };
    auto filter_of = [&](Reader& item) {
        const std::string name = item.required_text("filter");
        const auto filter = parse_filter(name);
        if (!filter && !error) item.fail("filter", "unknown filter '" + name + "'");
        return filter.value_or(Filter::agent_id);
    };
    each("pushdowns", [&](const boost::json::object& o, const std::string& where) {
        Reader item(o, where, {"filter", "param", "format", "trusted"}, error);
        Pushdown push{filter_of(item), item.required_text("param"), ParamFormat::text, item.flag("trusted", false)};
        const std::string format = item.text("format", "text");
        if (auto parsed = parse_param_format(format)) push.format = *parsed;
        else item.fail("format", "unknown format '" + format + "'");
        rules.pushdowns.push_back(std::move(push));
    });
    each("refusals", [&](const boost::json::object& o, const std::string& where) {
        Reader item(o, where, {"filter", "why"}, error);
        rules.refusals.push_back(Refusal{filter_of(item), item.required_text("why")});
    });
    return rules;
}

}  // namespace

boost::system::result<VendorDescription, Error> read_vendor_description(std::string_view json) {
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(json, ec);
    if (ec) return invalid_option("dialect", "not JSON (" + ec.message() + ")");
    if (!parsed.is_object()) return invalid_option("dialect", "expected a JSON object");
    Error error;
    Reader in(parsed.get_object(), "",
              {"callbridge_dialect", "provider", "default_api_root", "endpoint", "auth", "records", "max_page_size",
               "failure_flag", "paging", "fields", "statuses", "directions", "ended_by", "answered_by", "currency",
               "unlisted_without_created_at", "query", "detail_path", "detail_fields"},
              error);
    if (in.number("callbridge_dialect", 0, 1, 1) != 1 && !error) in.fail("callbridge_dialect", "missing; this format is version 1");

    VendorDescription d;
    d.provider = in.required_text("provider");
    d.default_api_root = in.required_text("default_api_root");
    if (!error && !ApiRoot::parse(d.default_api_root)) in.fail("default_api_root", "not an http(s) URL");
    if (const auto* endpoint = in.object("endpoint")) {
        Reader r(*endpoint, "endpoint", {"method", "path", "params"}, error);
        d.endpoint.method = r.text("method", "GET");
        if (d.endpoint.method != "GET" && d.endpoint.method != "POST") r.fail("method", "expected GET or POST");
        d.endpoint.path = r.required_text("path");
        d.endpoint.params = r.pairs("params");
    } else {
        in.fail("endpoint", "missing");
    }
    if (const auto* auth = in.object("auth")) {
        Reader r(*auth, "auth", {"scheme", "header", "user_parameter"}, error);
        const std::string scheme = r.text("scheme", "bearer");
        if (scheme == "header") {
            d.auth.scheme = Auth::Scheme::header;
            d.auth.header = r.required_text("header");
        } else if (scheme == "basic") {
            d.auth.scheme = Auth::Scheme::basic;
            d.auth.basic_user = r.text("user_parameter");
        } else if (scheme != "bearer") {
            r.fail("scheme", "expected bearer, header or basic");
        }
    }
    d.records = in.text("records", d.records);
    d.max_page_size = static_cast<int>(in.number("max_page_size", d.max_page_size, 1, 100000));
    d.failure_flag = in.text("failure_flag");
    d.paging = read_paging(in, error);
    d.mapping.rules = read_fields(in, "fields", error);
    if (const auto* statuses = in.object("statuses")) {
        Reader r(*statuses, "statuses", {"words", "filter_words"}, error);
        std::vector<StatusTable::Entry> words;
        for (const auto& [word, name] : r.pairs("words")) {
            const auto status = parse<CallStatus>(name);
            if (!status) r.fail("words." + word, "unknown canonical status '" + name + "'");
            words.push_back({word, status.value_or(CallStatus::unknown)});
        }
        d.mapping.statuses = StatusTable(std::move(words), r.texts("filter_words"));
    }
    d.mapping.directions = read_words<Direction>(in, "directions", parse<Direction>, &d.mapping.direction_when_absent, error);
    d.mapping.ended_by = read_words<EndedBy>(in, "ended_by", parse<EndedBy>, nullptr, error);
    d.mapping.answered_by = read_words<AnsweredBy>(in, "answered_by", parse<AnsweredBy>, nullptr, error);
    d.mapping.currency = in.text("currency");
    d.mapping.unlisted_without_created_at = in.flag("unlisted_without_created_at", false);
    d.query = read_query(in, error);
    d.detail_path = in.text("detail_path");
    d.detail_rules = read_fields(in, "detail_fields", error);
    if (!error && !maps(d.mapping, Field::id)) in.fail("fields.id", "missing: every call needs an id");
    if (!error && !maps(d.mapping, Field::created_at)) in.fail("fields.created_at", "missing: every call needs a time");
    if (error) return error;
    return d;
}

boost::system::result<std::shared_ptr<const ListDialect>, Error> load_json_dialect(std::string_view json) {
    auto description = read_vendor_description(json);
    if (!description) return description.error();
    return std::make_shared<const ListDialect>(std::move(*description));
}

}  // namespace callbridge::kit
