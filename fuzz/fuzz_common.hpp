#pragma once
// Shared by the fuzz targets: property checks that trap with a message, and
// the canonical-JSON round trip every record must survive.
//
// A broken property prints what broke and calls __builtin_trap(), which
// libFuzzer reports as a crash and saves the input. Properties carry a tag;
// a tag listed in the environment variable CALLBRIDGE_FUZZ_ALLOW (comma
// separated) is not checked, so that fuzzing can go on past a known finding:
//
//   CALLBRIDGE_FUZZ_ALLOW=money-exact,timestamp-range ./fuzz_vendor_pages ...

#include <callbridge/call_record.hpp>
#include <callbridge/decimal.hpp>
#include <callbridge/error.hpp>
#include <callbridge/timestamp.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace fuzz {

[[noreturn]] inline void broken(const char* tag, const char* condition, const char* file, int line,
                                const std::string& detail) {
    std::fprintf(stderr, "\n*** broken property [%s] at %s:%d: %s\n%s\n", tag, file, line, condition,
                 detail.c_str());
    std::fflush(stderr);
    __builtin_trap();
}

/// Whether a tagged property is switched off through CALLBRIDGE_FUZZ_ALLOW.
inline bool allowed(std::string_view tag) {
    static const std::string list = [] {
        const char* env = std::getenv("CALLBRIDGE_FUZZ_ALLOW");
        return "," + std::string(env != nullptr ? env : "") + ",";
    }();
    return list.find("," + std::string(tag) + ",") != std::string::npos;
}

/// Text for messages: printable ASCII as is, other bytes as \xHH, cut short.
inline std::string shown(std::string_view text, std::size_t max = 400) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    out += text.size() > max ? "\"..." : "\"";
    return out;
}

}  // namespace fuzz

/// Checks `condition`; on failure prints `detail` (evaluated only then) and traps.
#define FUZZ_CHECK(tag, condition, detail)                                             \
    do {                                                                               \
        if (!(condition) && !::fuzz::allowed(tag))                                     \
            ::fuzz::broken(tag, #condition, __FILE__, __LINE__, std::string(detail)); \
    } while (0)

namespace fuzz {

inline std::string describe(const std::optional<std::string>& s) { return s ? shown(*s) : "null"; }
inline std::string describe(const std::string& s) { return shown(s); }
inline std::string describe(const std::optional<callbridge::Decimal>& d) { return d ? d->to_string() : "null"; }
inline std::string describe(callbridge::Timestamp t) {
    return callbridge::format_rfc3339(t) + " (" + std::to_string(t.time_since_epoch().count()) + " s)";
}
inline std::string describe(const callbridge::AgentRef& a) {
    return "{id " + describe(a.id) + ", name " + describe(a.name) + ", label " + describe(a.label) + "}";
}
inline std::string describe(const callbridge::CampaignRef& c) {
    return "{id " + describe(c.id) + ", name " + describe(c.name) + "}";
}
template <class T>
std::string describe(const T& value) {
    if constexpr (requires { callbridge::to_string(value); })
        return std::string(callbridge::to_string(value));
    else if constexpr (std::is_arithmetic_v<T>)
        return std::to_string(value);
    else
        return "(value)";
}
template <class T>
std::string describe(const std::optional<T>& value) {
    return value ? describe(*value) : "null";
}

/// Compares the members of two records that are not JSON objects; the first
/// difference as "field: a != b", or nothing. Tags: money fields are
/// "money-exact", timestamps "timestamp-range", the rest "record-round-trip".
struct Difference {
    const char* tag;
    std::string text;
};

inline std::optional<Difference> scalar_difference(const callbridge::CallRecord& a, const callbridge::CallRecord& b) {
    std::optional<Difference> found;
    auto field = [&](const char* tag, const char* name, const auto& x, const auto& y) {
        if (!found && !(x == y) && !allowed(tag))
            found = Difference{tag, std::string(name) + ": " + describe(x) + " != " + describe(y)};
    };
    field("record-round-trip", "source", a.source, b.source);
    field("record-round-trip", "provider", a.provider, b.provider);
    field("record-round-trip", "id", a.id, b.id);
    field("record-round-trip", "provider_call_sid", a.provider_call_sid, b.provider_call_sid);
    field("record-round-trip", "direction", a.direction, b.direction);
    field("record-round-trip", "status", a.status, b.status);
    field("record-round-trip", "provider_status", a.provider_status, b.provider_status);
    field("record-round-trip", "ended_by", a.ended_by, b.ended_by);
    field("record-round-trip", "answered_by", a.answered_by, b.answered_by);
    field("record-round-trip", "agent", a.agent, b.agent);
    field("record-round-trip", "campaign", a.campaign, b.campaign);
    field("record-round-trip", "agent_number", a.agent_number, b.agent_number);
    field("record-round-trip", "customer_number", a.customer_number, b.customer_number);
    field("record-round-trip", "duration_s", a.duration_s, b.duration_s);
    field("timestamp-range", "created_at", a.created_at, b.created_at);
    field("timestamp-range", "updated_at", a.updated_at, b.updated_at);
    field("record-round-trip", "transcript", a.transcript, b.transcript);
    field("money-exact", "carrier_cost", a.carrier_cost, b.carrier_cost);
    field("money-exact", "total_cost", a.total_cost, b.total_cost);
    field("record-round-trip", "recording_url", a.recording_url, b.recording_url);
    field("record-round-trip", "is_test", a.is_test, b.is_test);
    return found;
}

inline bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// The first difference between two JSON texts that is not switched off,
/// classified: a number written back one unit in the last place away
/// ("json-double-ulp"), -0 written back as 0 ("json-negative-zero"), or
/// anything else ("json-fixed-point").
inline std::optional<Difference> text_difference(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            ++i, ++j;
            continue;
        }
        // Back up to the start of a number both texts have here, if any.
        std::size_t si = i, sj = j;
        while (si > 0 && sj > 0 && is_number_char(a[si - 1]) && a[si - 1] == b[sj - 1]) --si, --sj;
        std::size_t ei = si, ej = sj;
        while (ei < a.size() && is_number_char(a[ei])) ++ei;
        while (ej < b.size() && is_number_char(b[ej])) ++ej;
        const std::string_view na = a.substr(si, ei - si), nb = b.substr(sj, ej - sj);
        double da = 0, db = 0;
        const bool numbers = !na.empty() && !nb.empty() &&
                             std::from_chars(na.data(), na.data() + na.size(), da).ptr == na.data() + na.size() &&
                             std::from_chars(nb.data(), nb.data() + nb.size(), db).ptr == nb.data() + nb.size();
        const std::string where = "at byte " + std::to_string(si) + ": " + shown(a.substr(si > 40 ? si - 40 : 0, 80)) +
                                  " became " + shown(b.substr(sj > 40 ? sj - 40 : 0, 80));
        const char* tag = "json-fixed-point";
        if (numbers && da == 0 && db == 0)
            tag = "json-negative-zero";
        else if (numbers && (std::nextafter(da, db) == db))
            tag = "json-double-ulp";
        if (!allowed(tag)) return Difference{tag, std::string(tag) + " " + where};
        if (!numbers) return std::nullopt;  // switched off and not a number: cannot resynchronise
        i = ei, j = ej;
    }
    return std::nullopt;
}

/// The canonical JSON contract: what to_json writes, record_from_json reads
/// back into the same record, and writing that again gives the same text.
inline void check_canonical_round_trip(const callbridge::CallRecord& record) {
    using namespace callbridge;
    const std::string text = to_json(record, JsonOptions{.include_raw = true});
    auto back = record_from_json(text);
    FUZZ_CHECK("json-readable", back.has_value(),
               "record_from_json refuses to_json's own output: " + back.error().message() + "\n" + shown(text, 2000));
    if (!back) return;
    if (auto d = scalar_difference(record, *back)) {
        broken(d->tag, "to_json -> record_from_json keeps every field", __FILE__, __LINE__,
               d->text + "\nto_json: " + shown(text, 2000));
    }
    const std::string again = to_json(*back, JsonOptions{.include_raw = true});
    // Only meaningful when every field came back; a known difference above
    // (switched off) shows up here too.
    if (!scalar_difference(record, *back)) {
        if (const auto d = text_difference(text, again))
            broken(d->tag, "to_json(record_from_json(to_json(r))) == to_json(r)", __FILE__, __LINE__,
                   d->text + "\nfirst:  " + shown(text, 2000) + "\nsecond: " + shown(again, 2000));
    }

    // Without raw, the record reads back with an empty raw.
    auto plain = record_from_json(to_json(record));
    FUZZ_CHECK("json-readable", plain.has_value(), "to_json without raw not readable");
    if (plain) FUZZ_CHECK("record-round-trip", plain->raw.empty(), "raw came back without being written");
}

}  // namespace fuzz
