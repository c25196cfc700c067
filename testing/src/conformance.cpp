#include <callbridge/testing/conformance.hpp>

#include <callbridge/call_record.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/testing/drain.hpp>
#include <callbridge/testing/fake_clock.hpp>
#include <callbridge/testing/fixture_http_client.hpp>

#include "source/redaction.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace callbridge::testing::conformance {
namespace {

namespace json = boost::json;

std::optional<errc> errc_named(std::string_view name) {
    static const std::pair<std::string_view, errc> names[] = {
        {"invalid_query", errc::invalid_query},         {"unsupported_filter", errc::unsupported_filter},
        {"unauthorized", errc::unauthorized},           {"rejected_by_vendor", errc::rejected_by_vendor},
        {"rate_limited", errc::rate_limited},           {"vendor_unavailable", errc::vendor_unavailable},
        {"transport", errc::transport},                 {"malformed_response", errc::malformed_response},
        {"invalid_option", errc::invalid_option},
    };
    for (const auto& [n, e] : names)
        if (n == name) return e;
    return std::nullopt;
}

struct Run {
    std::vector<CallRecord> records;
    std::vector<Error> failures;
    std::vector<std::string> unmatched;
    std::vector<std::string> unused;
    std::size_t requests = 0;
    std::optional<Error> not_made;  // the source could not be made
};

Run list(const Manifest& m, const MakeSource& make, std::vector<Exchange> exchanges,
         std::optional<HttpResponse> otherwise = std::nullopt) {
    boost::asio::io_context io;
    auto client = FixtureHttpClient::create(io.get_executor());
    client->add(std::move(exchanges));
    if (otherwise) client->otherwise(*otherwise);
    std::vector<std::string> secrets = {m.token, m.user};
    for (const auto& [name, value] : m.parameters) secrets.push_back(value);
    client->redact(std::move(secrets));
    SourceOptions options;
    options.name = m.name.empty() ? m.provider : m.name;
    options.api_root = m.api_root;
    options.token = m.token;
    options.user = m.user;
    options.parameters = m.parameters;
    if (!m.time_zone.empty())
        if (auto zone = TimeZone::parse(m.time_zone)) options.time_zone = *zone;
    options.client = client;
    options.clock = std::make_shared<FakeClock>(io.get_executor());
    Run run;
    auto source = make(io.get_executor(), std::move(options));
    if (!source) {
        run.not_made = source.error();
        return run;
    }
    CallQuery query;
    if (m.page_size > 0) query.page_size = m.page_size;
    // One page at a time, so that every request is one the manifest
    // answers: at a higher concurrency a listing asks a vendor that numbers
    // its pages for its first pages at once, past the end of a short list.
    Listing listing(io.get_executor(), {*source}, query, {.concurrency = 1});
    auto drained = drain(io, listing);
    run.records = std::move(drained.records);
    run.failures = std::move(drained.failures);
    run.unmatched = client->unmatched();
    run.unused = client->unused();
    run.requests = client->requests();
    return run;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "; ") + l;
    return out;
}

std::string failures_text(const Run& run) {
    std::string out;
    if (run.not_made) out += "the source could not be made: " + run.not_made->message();
    for (const auto& f : run.failures) out += (out.empty() ? "" : "; ") + f.message();
    return out;
}

std::string kind_of(const Error& e) {
    if (e.code().category() == error_category()) return std::string(to_string(static_cast<errc>(e.code().value())));
    return e.code().message();
}

// Every text an error carries.
std::string all_text(const Error& e) {
    const auto& d = e.details();
    std::string out = e.message() + "\n" + d.source + "\n" + d.provider + "\n" + d.filter + "\n" + d.option + "\n" +
                      d.field + "\n" + d.message + "\n" + d.body_excerpt;
    for (const auto& fe : d.field_errors) {
        out += "\n" + fe.field;
        for (const auto& msg : fe.messages) out += "\n" + msg;
    }
    return out;
}

std::string base64(std::string_view in) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        for (int s : {18, 12, 6, 0}) out += table[(v >> s) & 63];
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        for (int s : {18, 12, 6}) out += table[(v >> s) & 63];
        out += "=";
    }
    return out;
}

// The forms of a secret a leak would show: as is, its base64, its middle
// (a cut excerpt).
std::vector<std::string> leak_forms(const Manifest& m) {
    std::vector<std::string> forms;
    for (const std::string& s : {m.token, m.user}) {
        if (s.size() < 8) continue;
        forms.push_back(s);
        forms.push_back(base64(s));
        forms.push_back(s.substr(s.size() / 4, s.size() / 2));
    }
    // Parameters (an account id) stay out of errors too: as they are.
    for (const auto& [name, value] : m.parameters)
        if (value.size() >= 8) forms.push_back(value);
    return forms;
}

std::optional<std::string> leak_in(const Error& e, const Manifest& m) {
    // The report says which error and which form, never the text itself.
    const std::string text = all_text(e);
    static const char* form_names[] = {"as is", "in base64", "cut"};
    const auto forms = leak_forms(m);
    const std::size_t triples = forms.size() - [&] {
        std::size_t n = 0;
        for (const auto& [name, value] : m.parameters) n += value.size() >= 8;
        return n;
    }();
    for (std::size_t i = 0; i < forms.size(); ++i)
        if (text.find(forms[i]) != std::string::npos) {
            if (i >= triples)
                return "the " + kind_of(e) + " error carries a parameter's value";
            return "the " + kind_of(e) + " error (HTTP " + (e.details().http_status ? std::to_string(*e.details().http_status) : "none") +
                   ") carries a credential " + form_names[i % 3];
        }
    return std::nullopt;
}

// A JSON text with a member no vendor sends added to every object but the
// values of the `one_of` members.
std::string with_unknown_members(std::string_view text, const std::vector<std::string>& one_of = {}) {
    static constexpr std::string_view extra = R"("conformance_unknown_member":{"nested":[1,null,"x",{"deep":true}]})";
    std::string out;
    bool in_string = false, escaped = false;
    std::size_t string_start = 0;
    std::string last_string;  // the last string closed, a key when ':' follows
    char last_token = 0;      // the last character outside strings and blanks
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        out += c;
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') {
                in_string = false;
                last_string = std::string(text.substr(string_start, i - string_start));
                last_token = '"';
            }
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) continue;
        const char before = last_token;
        last_token = c;
        if (c == '"') {
            in_string = true;
            string_start = i + 1;
        } else if (c == '{') {
            if (before == ':' && std::find(one_of.begin(), one_of.end(), last_string) != one_of.end()) continue;
            std::size_t j = i + 1;
            while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
            out += extra;
            if (j < text.size() && text[j] != '}') out += ',';
        }
    }
    return out;
}

std::size_t string_end(std::string_view text, std::size_t open) {  // the closing quote
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (text[i] == '\\') ++i;
        else if (text[i] == '"') return i;
    }
    return std::string_view::npos;
}

// A JSON text with every string value of the named members replaced by a
// value no vendor sends.
std::string with_unknown_enums(std::string_view text, const std::vector<std::string>& members, std::size_t& replaced) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '"') {
            out += text[i++];
            continue;
        }
        const std::size_t end = string_end(text, i);
        if (end == std::string_view::npos) {
            out += text.substr(i);
            break;
        }
        const std::string_view key = text.substr(i + 1, end - i - 1);
        out += text.substr(i, end - i + 1);
        i = end + 1;
        std::size_t j = i;
        while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
        if (j >= text.size() || text[j] != ':' ||
            std::find(members.begin(), members.end(), std::string(key)) == members.end())
            continue;
        std::size_t v = j + 1;
        while (v < text.size() && std::isspace(static_cast<unsigned char>(text[v]))) ++v;
        if (v >= text.size() || text[v] != '"') continue;
        const std::size_t value_end = string_end(text, v);
        if (value_end == std::string_view::npos) continue;
        out += text.substr(i, v - i);
        out += "\"conformance-unknown-value\"";
        ++replaced;
        i = value_end + 1;
    }
    return out;
}

json::object canonical(const CallRecord& r) { return json::parse(to_json(r)).as_object(); }

json::object without_vendor_objects(json::object o) {
    for (const char* key : {"variables", "evaluation", "webhook_response", "raw"}) o.erase(key);
    return o;
}

std::vector<std::string> canonical_problems(const CallRecord& r) {
    std::vector<std::string> problems;
    const std::string text = to_json(r);
    const json::object o = json::parse(text).as_object();
    const std::string who = "record " + r.id + ": ";
    static const std::regex rfc3339(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
    for (const char* key : {"created_at", "updated_at", "started_at", "ended_at"}) {
        const auto* v = o.if_contains(key);
        if (!v) problems.push_back(who + key + " is missing");
        else if (!v->is_null() && !(v->is_string() && std::regex_match(std::string(v->as_string()), rfc3339)))
            problems.push_back(who + key + " is not RFC 3339 UTC: " + json::serialize(*v));
    }
    if (const auto* v = o.if_contains("created_at"); v && v->is_null()) problems.push_back(who + "created_at is null");
    const auto* vars = o.if_contains("variables");
    if (!vars || !vars->is_object()) problems.push_back(who + "variables is not an object");
    for (const char* key : {"carrier_cost", "total_cost"}) {
        const auto* v = o.if_contains(key);
        if (!v || !(v->is_null() || v->is_number())) problems.push_back(who + key + " is not a number or null");
    }
    for (const auto& [key, value] : o)
        if (value.is_string() && value.as_string().empty() && key != "transcript")
            problems.push_back(who + std::string(key) + " is \"\" (absent values are null)");
    if (r.id.empty()) problems.push_back("a record without an id");
    if (text.find("e+") != std::string::npos || text.find("E+") != std::string::npos) {
        for (const char* key : {"carrier_cost", "total_cost", "duration_s"})
            if (const auto* v = o.if_contains(key); v && v->is_double())
                problems.push_back(who + key + " written with an exponent");
    }
    auto back = record_from_json(text);
    if (!back) problems.push_back(who + "to_json is not read back: " + back.error().message());
    else if (to_json(*back) != text) problems.push_back(who + "to_json read back differs");
    return problems;
}

std::vector<std::string> ids(const std::vector<CallRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
}

std::string read_text(const std::filesystem::path& file, bool& ok) {
    std::ifstream in(file, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

bool Report::passed() const {
    return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed; });
}

std::vector<const Check*> Report::failures() const {
    std::vector<const Check*> out;
    for (const auto& c : checks)
        if (!c.passed) out.push_back(&c);
    return out;
}

std::string Report::summary() const {
    std::ostringstream out;
    out << *this;
    return out.str();
}

std::ostream& operator<<(std::ostream& out, const Report& report) {
    out << "conformance of " << report.subject << ": " << (report.passed() ? "passed" : "FAILED") << "\n";
    for (const auto& c : report.checks) {
        out << (c.passed ? "  PASS " : "  FAIL ") << c.name;
        if (!c.passed && !c.detail.empty()) out << ": " << c.detail;
        out << "\n";
    }
    return out;
}

boost::system::result<Manifest, std::string> load_manifest(const std::filesystem::path& file) {
    bool ok = false;
    using Result = boost::system::result<Manifest, std::string>;
    auto error = [](std::string why) { return Result(boost::system::in_place_error, std::move(why)); };
    const std::string text = read_text(file, ok);
    if (!ok) return error("cannot read " + file.string());
    boost::system::error_code ec;
    json::value doc = json::parse(text, ec);
    if (ec) return error(file.string() + ": not JSON (" + ec.message() + ")");
    if (!doc.is_object()) return error(file.string() + ": not a JSON object");
    const auto folder = file.parent_path();
    const auto& o = doc.as_object();
    Manifest m;
    auto fail = [&](const std::string& why) { return error(file.string() + ": " + why); };
    auto message = [&](const std::string& why) { return file.string() + ": " + why; };
    auto string_of = [&](std::string_view key, std::string& into) -> bool {
        const auto* v = o.if_contains(key);
        if (!v) return true;
        if (!v->is_string()) return false;
        into = std::string(v->as_string());
        return true;
    };
    for (const auto& [key, value] : o) {
        static const std::set<std::string, std::less<>> known = {
            "name", "provider", "api_root", "token", "user", "parameters", "time_zone", "page_size", "listing",
            "expected_records", "expected", "empty", "last_page", "last_page_records", "errors", "enum_members",
            "one_of", "comment"};
        if (!known.contains(key)) return fail("unknown member \"" + std::string(key) + "\"");
    }
    for (const char* key : {"name", "provider", "api_root", "token", "user", "time_zone"}) {
        std::string* into = key == std::string_view("name")       ? &m.name
                            : key == std::string_view("provider") ? &m.provider
                            : key == std::string_view("api_root") ? &m.api_root
                            : key == std::string_view("token")    ? &m.token
                            : key == std::string_view("user")     ? &m.user
                                                                  : &m.time_zone;
        if (!string_of(key, *into)) return fail("\"" + std::string(key) + "\" is not a string");
    }
    if (m.provider.empty()) return fail("\"provider\" is missing");
    if (const auto* v = o.if_contains("parameters")) {
        if (!v->is_object()) return fail("\"parameters\" is not an object of strings");
        for (const auto& [k, p] : v->as_object()) {
            if (!p.is_string()) return fail("parameter \"" + std::string(k) + "\" is not a string");
            m.parameters.emplace(std::string(k), std::string(p.as_string()));
        }
    }
    if (const auto* v = o.if_contains("page_size")) {
        if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > CallQuery::max_page_size)
            return fail("\"page_size\" is not a number from 1 to " + std::to_string(CallQuery::max_page_size));
        m.page_size = static_cast<int>(v->as_int64());
    }
    auto exchanges = [&](std::string_view key, std::vector<Exchange>& into, bool required) -> std::optional<std::string> {
        const auto* v = o.if_contains(key);
        if (!v) return required ? std::optional<std::string>(message("\"" + std::string(key) + "\" is missing"))
                                : std::nullopt;
        auto read = read_exchanges(*v, folder);
        if (!read) return message(std::string(key) + ": " + read.error());
        if (read->empty()) return message("\"" + std::string(key) + "\" has no exchange");
        into = std::move(*read);
        return std::nullopt;
    };
    if (auto e = exchanges("listing", m.listing, true)) return error(*e);
    if (auto e = exchanges("empty", m.empty, false)) return error(*e);
    if (auto e = exchanges("last_page", m.last_page, false)) return error(*e);
    if (const auto* v = o.if_contains("expected_records")) {
        if (!v->is_int64() || v->as_int64() < 0) return fail("\"expected_records\" is not a count");
        m.expected_records = static_cast<std::size_t>(v->as_int64());
    }
    if (const auto* v = o.if_contains("expected")) {
        if (!v->is_string()) return fail("\"expected\" is not a file name");
        const auto expected = folder / std::string(v->as_string());
        const std::string lines = read_text(expected, ok);
        if (!ok) return fail("cannot read expected records " + expected.string());
        std::istringstream in(lines);
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            auto record = record_from_json(line);
            if (!record) return fail(expected.string() + ": " + record.error().message());
            m.expected_ids.push_back(record->id);
        }
        if (!m.expected_records) m.expected_records = m.expected_ids.size();
    }
    if (!m.expected_records) return fail("neither \"expected_records\" nor \"expected\" says what the listing gives");
    if (const auto* v = o.if_contains("last_page_records")) {
        if (!v->is_int64() || v->as_int64() < 0) return fail("\"last_page_records\" is not a count");
        m.last_page_records = static_cast<std::size_t>(v->as_int64());
    }
    if (const auto* v = o.if_contains("enum_members")) {
        if (!v->is_array()) return fail("\"enum_members\" is not an array of member names");
        for (const auto& e : v->as_array()) {
            if (!e.is_string()) return fail("\"enum_members\" is not an array of member names");
            m.enum_members.emplace_back(e.as_string());
        }
    }
    if (const auto* v = o.if_contains("one_of")) {
        if (!v->is_array()) return fail("\"one_of\" is not an array of member names");
        for (const auto& e : v->as_array()) {
            if (!e.is_string()) return fail("\"one_of\" is not an array of member names");
            m.one_of.emplace_back(e.as_string());
        }
    }
    if (const auto* v = o.if_contains("errors")) {
        if (!v->is_array()) return fail("\"errors\" is not an array");
        std::size_t n = 0;
        for (const auto& e : v->as_array()) {
            const std::string where = "errors[" + std::to_string(n++) + "]";
            if (!e.is_object() || !e.as_object().contains("expect") || !e.as_object().at("expect").is_string())
                return fail(where + ": needs \"expect\", an error kind (unauthorized, rate_limited, ...)");
            auto kind = errc_named(e.as_object().at("expect").as_string());
            if (!kind)
                return fail(where + ": unknown error kind \"" + std::string(e.as_object().at("expect").as_string()) +
                            "\" (invalid_query, unsupported_filter, unauthorized, rejected_by_vendor, rate_limited, "
                            "vendor_unavailable, transport, malformed_response, invalid_option)");
            json::object entry = e.as_object();
            entry.erase("expect");
            if (!entry.contains("target")) entry["target"] = "/";
            const std::string label = entry.contains("body_file") && entry.at("body_file").is_string()
                                          ? std::string(entry.at("body_file").as_string())
                                          : where;
            auto read = read_exchanges(json::array{entry}, folder);
            if (!read) return fail(where + ": " + read.error());
            m.errors.push_back({label, std::move(read->front()), *kind});
        }
    }
    return m;
}

Report run(const Manifest& m, const MakeSource& make) {
    Report report;
    report.subject = m.name.empty() ? m.provider : m.name;
    // A report is printed: a source that leaks leaks no further through it.
    std::vector<std::string> secrets = {m.token, m.user};
    for (const auto& [name, value] : m.parameters) secrets.push_back(value);
    const detail::Redactor redactor(secrets);
    auto add = [&](std::string name, std::vector<std::string> problems) {
        report.checks.push_back({std::move(name), problems.empty(), redactor.redact(join(problems))});
    };
    std::vector<Error> every_error;

    // Pages to the end.
    const Run full = list(m, make, m.listing);
    {
        std::vector<std::string> p;
        if (!full.failures.empty() || full.not_made) p.push_back("failed: " + failures_text(full));
        if (m.expected_records && full.records.size() != *m.expected_records)
            p.push_back(std::to_string(full.records.size()) + " records, expected " +
                        std::to_string(*m.expected_records));
        if (!m.expected_ids.empty() && ids(full.records) != m.expected_ids) {
            auto want = m.expected_ids, got = ids(full.records);
            std::sort(want.begin(), want.end());
            std::sort(got.begin(), got.end());
            p.push_back(want == got ? "the expected records in another order" : "other records than expected");
        }
        if (!full.unmatched.empty()) p.push_back("requests no fixture answers: " + join(full.unmatched));
        if (!full.unused.empty()) p.push_back("pages never asked for: " + join(full.unused));
        add("pages_to_the_end", p);
        every_error.insert(every_error.end(), full.failures.begin(), full.failures.end());
    }
    // Canonical field rules on every record listed.
    {
        std::vector<std::string> p;
        if (full.records.empty()) p.push_back("the listing gave no record to check");
        for (const auto& r : full.records) {
            auto more = canonical_problems(r);
            p.insert(p.end(), more.begin(), more.end());
        }
        add("canonical_fields", p);
    }
    // An empty list, a last page.
    if (!m.empty.empty()) {
        const Run run = list(m, make, m.empty);
        std::vector<std::string> p;
        if (!run.failures.empty() || run.not_made) p.push_back("failed: " + failures_text(run));
        if (!run.records.empty()) p.push_back(std::to_string(run.records.size()) + " records from an empty list");
        if (!run.unmatched.empty()) p.push_back("requests no fixture answers: " + join(run.unmatched));
        add("empty_list", p);
    }
    if (!m.last_page.empty()) {
        const Run run = list(m, make, m.last_page);
        std::vector<std::string> p;
        if (!run.failures.empty() || run.not_made) p.push_back("failed: " + failures_text(run));
        if (run.records.size() != m.last_page_records)
            p.push_back(std::to_string(run.records.size()) + " records, expected " +
                        std::to_string(m.last_page_records));
        if (!run.unmatched.empty()) p.push_back("asked past the last page: " + join(run.unmatched));
        add("last_page", p);
    }
    // Each error shape.
    for (const auto& expected : m.errors) {
        const Run run = list(m, make, {}, expected.response.response);
        std::vector<std::string> p;
        if (run.not_made) p.push_back("the source could not be made: " + run.not_made->message());
        if (run.failures.size() != 1)
            p.push_back(std::to_string(run.failures.size()) + " failures, expected one");
        for (const auto& f : run.failures)
            if (!f.is(expected.kind))
                p.push_back("a " + std::string(to_string(expected.kind)) + " error expected, got: " + f.message());
        if (!run.records.empty()) p.push_back("records from an error response");
        add("error " + expected.file + " (" + std::to_string(expected.response.response.status) + ")", p);
        every_error.insert(every_error.end(), run.failures.begin(), run.failures.end());
    }
    // Unknown members everywhere; unknown enum values.
    {
        auto changed = m.listing;
        for (auto& e : changed) {
            boost::system::error_code ec;
            json::parse(e.response.body, ec);
            if (!ec) e.response.body = with_unknown_members(e.response.body, m.one_of);
        }
        const Run run = list(m, make, changed);
        std::vector<std::string> p;
        if (!run.failures.empty() || run.not_made) p.push_back("failed: " + failures_text(run));
        if (ids(run.records) != ids(full.records)) p.push_back("other records than without the unknown members");
        else
            for (std::size_t i = 0; i < run.records.size(); ++i)
                if (without_vendor_objects(canonical(run.records[i])) !=
                    without_vendor_objects(canonical(full.records[i])))
                    p.push_back("record " + run.records[i].id + " changed by an unknown member");
        add("unknown_fields", p);
    }
    if (!m.enum_members.empty()) {
        auto changed = m.listing;
        std::size_t replaced = 0;
        for (auto& e : changed) e.response.body = with_unknown_enums(e.response.body, m.enum_members, replaced);
        const Run run = list(m, make, changed);
        std::vector<std::string> p;
        if (replaced == 0) p.push_back("no string value of the enum members (" + join(m.enum_members) + ") to change");
        if (!run.failures.empty() || run.not_made) p.push_back("failed: " + failures_text(run));
        if (ids(run.records) != ids(full.records)) p.push_back("other records than with the known values");
        add("unknown_enum_values", p);
    }
    // Error bodies that echo the credentials.
    {
        std::vector<std::string> p;
        std::string echo = m.token;
        const std::string b64 = base64(m.user.empty() ? m.token : m.user + ":" + m.token);
        const std::vector<HttpResponse> echoes = {
            {401, {{"Content-Type", "application/json"}},
             R"({"message":"Invalid token )" + echo + R"(","error":"Bearer )" + echo + R"(","detail":"Basic )" + b64 +
                 R"("})"},
            {422, {{"Content-Type", "application/json"}},
             R"({"message":"The given data was invalid )" + echo + R"(","errors":{"token":["The token )" + echo +
                 R"( is invalid."]},"success":false,"error":")" + echo + R"("})"},
            {500, {{"Content-Type", "text/html"}},
             "<html><body>Authorization: Bearer " + echo + "<br>X-Api-Key: " + echo + "</body></html>"},
            {404, {{"Content-Type", "application/json"}}, R"({"error":{"message":"no route for key )" + echo + R"("}})"},
        };
        for (const auto& response : echoes) {
            const Run run = list(m, make, {}, response);
            if (run.failures.empty() && !run.not_made)
                p.push_back("an error " + std::to_string(response.status) + " gave no failure");
            every_error.insert(every_error.end(), run.failures.begin(), run.failures.end());
        }
        for (const auto& e : every_error)
            if (auto leak = leak_in(e, m)) p.push_back(*leak);
        add("no_credential_in_errors", p);
    }
    return report;
}

Report run(const Manifest& manifest, const Registry& registry) {
    return run(manifest, [&registry, provider = manifest.provider](boost::asio::any_io_executor executor,
                                                                  SourceOptions options) {
        return registry.make(provider, std::move(executor), std::move(options));
    });
}

Report run_file(const std::filesystem::path& manifest_file, const Registry& registry) {
    auto manifest = load_manifest(manifest_file);
    if (!manifest) {
        Report report;
        report.subject = manifest_file.string();
        report.checks.push_back({"manifest", false, manifest.error()});
        return report;
    }
    return run(*manifest, registry);
}

}  // namespace callbridge::testing::conformance
