// Value parsers: Decimal::parse and from_double, parse_rfc3339,
// parse_vendor_timestamp, parse_date and TimeZone::parse, on any bytes.
//
// The whole input goes to each parser. When it holds a '|', the text before
// it and the text after it are also used as a pair: two decimals to add and
// subtract, or a vendor timestamp and the zone to read it in. Its first 8
// bytes are also read as a double for Decimal::from_double.
//
// Properties:
//  - never crashes, throws, leaks or trips ASan/UBSan;
//  - Decimal: normalised (scale 0-18, no trailing zero in the coefficient
//    when scaled); to_string() has no exponent and reads back equal with the
//    same text; to_double() is the correctly rounded value of the input text;
//    up to 15 significant digits, from_double(to_double()) gives it back, also
//    through Boost.JSON's number parser (the path vendor money takes);
//    from_double(x) reads back as x; a + b - b == a; a + b that does not fit
//    throws std::overflow_error; a sum's to_string() reads back;
//  - parse_rfc3339: format_rfc3339 reads back as the same instant; the
//    vendor parser agrees on text with an offset, whatever the zone;
//  - parse_vendor_timestamp without an offset: a fixed zone shifts it by the
//    zone's offset; anything parse_rfc3339 reads, it reads;
//  - parse_date: the date formats back as the same text;
//  - TimeZone::parse: the name is kept and parses again; to_sys(to_local(t))
//    is t, or earlier by at most a day (ambiguous wall times
//    read as the earlier instant).

#include "fuzz_common.hpp"

#include <callbridge/decimal.hpp>
#include <callbridge/time_zone.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/parse.hpp>

#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

using namespace callbridge;
using namespace std::chrono;

int digit_count(std::int64_t value) {
    std::uint64_t m = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    int n = 0;
    do {
        ++n;
        m /= 10;
    } while (m != 0);
    return n;
}

std::string describe(const Decimal& d) {
    return d.to_string() + " (" + std::to_string(d.coefficient()) + "e-" + std::to_string(d.scale()) + ")";
}

void check_normalised(const Decimal& d, std::string_view from) {
    FUZZ_CHECK("decimal-normalised", d.scale() >= 0 && d.scale() <= Decimal::max_scale,
               describe(d) + " from " + fuzz::shown(from));
    FUZZ_CHECK("decimal-normalised", d.scale() == 0 || d.coefficient() % 10 != 0,
               describe(d) + " from " + fuzz::shown(from));
}

void check_decimal(std::string_view text) {
    const auto d = Decimal::parse(text);
    if (!d) return;
    check_normalised(*d, text);
    FUZZ_CHECK("decimal-parse", digit_count(d->coefficient()) <= 18, describe(*d));

    const std::string s = d->to_string();
    FUZZ_CHECK("decimal-text", s.find_first_of("eE") == std::string::npos, s);
    FUZZ_CHECK("decimal-text", s.find('.') == std::string::npos || s.back() != '0', s);
    const auto back = Decimal::parse(s);
    FUZZ_CHECK("decimal-round-trip", back && *back == *d,
               fuzz::shown(text) + " -> " + s + " -> " + (back ? describe(*back) : "nothing"));
    if (back) FUZZ_CHECK("decimal-round-trip", back->to_string() == s, s + " -> " + back->to_string());

    // to_double is the correctly rounded value of the text.
    std::string_view plain = text;
    if (!plain.empty() && plain.front() == '+') plain.remove_prefix(1);
    double expected = 0;
    const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), expected);
    if (ec == std::errc() && end == plain.data() + plain.size())
        FUZZ_CHECK("decimal-to-double", d->to_double() == expected,
                   fuzz::shown(text) + ": to_double " + std::to_string(d->to_double()) + ", from_chars " +
                       std::to_string(expected));

    // Up to 15 significant digits a double keeps the decimal: from_double
    // gives it back, and so does the path a vendor's JSON number takes
    // (Boost.JSON's parser, then from_double).
    if (digit_count(d->coefficient()) <= 15) {
        const auto again = Decimal::from_double(d->to_double());
        FUZZ_CHECK("decimal-15-digits", again && *again == *d,
                   s + " -> from_double -> " + (again ? describe(*again) : "nothing"));
        boost::system::error_code json_ec;
        const boost::json::value number = boost::json::parse(s, json_ec);
        FUZZ_CHECK("decimal-json-text", !json_ec && number.is_number(), s + " is not a JSON number");
        if (!json_ec && number.is_double()) {
            const auto via_json = Decimal::from_double(number.get_double());
            char exact[64];
            std::snprintf(exact, sizeof exact, "%.17g", number.get_double());
            FUZZ_CHECK("boost-json-15-digits", via_json && *via_json == *d,
                       s + " -> Boost.JSON double " + exact + " -> from_double -> " +
                           (via_json ? describe(*via_json) : "nothing") + " (std::from_chars: " +
                           std::to_string(d->to_double()) + ")");
        } else if (!json_ec && number.is_int64()) {
            FUZZ_CHECK("boost-json-15-digits", Decimal::from_integer(number.get_int64()) == *d, s);
        }
    }

    // Negation by text matches negation by arithmetic.
    const std::string negated_text = s.front() == '-' ? s.substr(1) : "-" + s;
    const auto negated = Decimal::parse(negated_text);
    const auto zero_minus = Decimal().checked_sub(*d);
    FUZZ_CHECK("decimal-arithmetic", negated && zero_minus && *negated == *zero_minus, s);
    FUZZ_CHECK("decimal-order", ((*d <=> Decimal()) < 0) == (d->coefficient() < 0), describe(*d));
}

void check_decimal_pair(std::string_view left, std::string_view right) {
    const auto a = Decimal::parse(left);
    const auto b = Decimal::parse(right);
    if (!a || !b) return;
    const std::string shown = describe(*a) + " and " + describe(*b);
    const auto sum = a->checked_add(*b);
    const auto reversed = b->checked_add(*a);
    FUZZ_CHECK("decimal-arithmetic", sum.has_value() == reversed.has_value() && (!sum || *sum == *reversed), shown);
    if (sum) {
        check_normalised(*sum, shown);
        const auto back = sum->checked_sub(*b);
        FUZZ_CHECK("decimal-arithmetic", back && *back == *a, shown + ": a + b - b = " + (back ? describe(*back) : "nothing"));
        const auto read = Decimal::parse(sum->to_string());
        FUZZ_CHECK("decimal-sum-readback", read && *read == *sum,
                   shown + ": the sum " + describe(*sum) + " does not read back from its own to_string()");
    } else {
        bool threw = false;
        try {
            (void)(*a + *b);
        } catch (const std::overflow_error&) {
            threw = true;
        }
        FUZZ_CHECK("decimal-arithmetic", threw, shown + ": operator+ did not throw on overflow");
    }
    const auto difference = a->checked_sub(*b);
    if (difference) {
        check_normalised(*difference, shown);
        const auto order = *a <=> *b;
        FUZZ_CHECK("decimal-order",
                   (order < 0) == (difference->coefficient() < 0) && (order == 0) == (difference->coefficient() == 0),
                   shown + ": order disagrees with a - b = " + describe(*difference));
    }
    if (*a < *b) FUZZ_CHECK("decimal-order", a->to_double() <= b->to_double(), shown);
}

void check_from_double(const std::uint8_t* data, std::size_t size) {
    if (size < 8) return;
    double x = 0;
    std::memcpy(&x, data, sizeof x);
    const auto d = Decimal::from_double(x);
    if (!d) return;
    check_normalised(*d, "a double");
    char exact[64];
    std::snprintf(exact, sizeof exact, "%.17g", x);
    FUZZ_CHECK("decimal-from-double", d->to_double() == x, std::string(exact) + " -> " + describe(*d));
}

bool year_writable(Timestamp t) {
    const year_month_day ymd(floor<days>(t));
    return ymd.year() >= year{0} && ymd.year() <= year{9999};
}

void check_timestamps(std::string_view text, const TimeZone& plus2, const TimeZone& bucharest) {
    const auto t = parse_rfc3339(text);
    const auto v = parse_vendor_timestamp(text, TimeZone::utc());
    if (t) {
        const std::string f = format_rfc3339(*t);
        FUZZ_CHECK("rfc3339-format", f.size() == 20 && f.back() == 'Z', f);
        FUZZ_CHECK("timestamp-range", year_writable(*t),
                   fuzz::shown(text) + " is accepted but its UTC year cannot be written: " + fuzz::describe(*t) +
                       " is written as " + f);
        if (year_writable(*t)) {
            const auto back = parse_rfc3339(f);
            FUZZ_CHECK("rfc3339-round-trip", back == t, fuzz::shown(text) + " -> " + f);
        }
        FUZZ_CHECK("vendor-timestamp", v == t, fuzz::shown(text) + ": the vendor parser disagrees");
        FUZZ_CHECK("vendor-timestamp", parse_vendor_timestamp(text, bucharest) == t,
                   fuzz::shown(text) + ": an offset in the text does not override the zone");
    }
    if (v && !t) {  // no offset: a naive time
        const auto shifted = parse_vendor_timestamp(text, plus2);
        FUZZ_CHECK("vendor-timestamp", shifted && *shifted == *v - hours(2), fuzz::shown(text) + " in +02:00");
        const auto local = parse_vendor_timestamp(text, bucharest);
        FUZZ_CHECK("vendor-timestamp", local && *local <= *v && *v - *local <= hours(4),
                   fuzz::shown(text) + " in Europe/Bucharest: " + (local ? fuzz::describe(*local) : "nothing"));
    }
    if (const auto date = parse_date(text)) {
        FUZZ_CHECK("date", date->ok(), fuzz::shown(text));
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date->year()),
                      static_cast<unsigned>(date->month()), static_cast<unsigned>(date->day()));
        FUZZ_CHECK("date", text == buffer, fuzz::shown(text) + " -> " + buffer);
    }
}

void check_zone(std::string_view text, std::uint64_t seed) {
    const auto zone = TimeZone::parse(text);
    if (!zone) return;
    const bool utc = text == "UTC" || text == "Z";
    FUZZ_CHECK("zone-name", zone->name() == (utc ? std::string_view("UTC") : text), fuzz::shown(zone->name()));
    const auto again = TimeZone::parse(zone->name());
    FUZZ_CHECK("zone-name", again.has_value(), fuzz::shown(zone->name()) + " does not parse again");

    // to_sys(to_local(t)) is t, or earlier by a DST (or other backward)
    // change when the wall time is ambiguous; 25 hours bounds the largest
    // change in the database.
    const Timestamp samples[] = {
        Timestamp(seconds(0)),
        Timestamp(seconds(1'754'317'800)),   // 2025-08-04
        Timestamp(seconds(1'711'846'800)),   // 2024-03-31 01:00 UTC (EU DST start)
        Timestamp(seconds(-11'000'000'000)), // 1621
        Timestamp(seconds(250'000'000'000)), // 9892
        Timestamp(seconds(static_cast<std::int64_t>(seed % 8'000'000'000) - 2'000'000'000)),
    };
    for (const Timestamp t : samples) {
        const auto local = zone->to_local(t);
        const auto offset = local.time_since_epoch() - t.time_since_epoch();
        FUZZ_CHECK("zone-offset", offset <= hours(25) && offset >= -hours(25),
                   fuzz::shown(text) + " at " + fuzz::describe(t) + ": offset " + std::to_string(offset.count()));
        const Timestamp back = zone->to_sys(local);
        FUZZ_CHECK("zone-round-trip", back <= t && t - back <= hours(25),
                   fuzz::shown(text) + ": to_sys(to_local(" + fuzz::describe(t) + ")) = " + fuzz::describe(back));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const TimeZone plus2 = TimeZone::parse("+02:00").value();
    static const TimeZone bucharest = TimeZone::parse("Europe/Bucharest").value();

    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::uint64_t seed = 1469598103934665603ull;  // FNV-1a of the input
    for (std::size_t i = 0; i < size; ++i) seed = (seed ^ data[i]) * 1099511628211ull;

    check_decimal(text);
    check_from_double(data, size);
    check_timestamps(text, plus2, bucharest);
    check_zone(text, seed);

    if (const auto bar = text.find('|'); bar != std::string_view::npos) {
        const std::string_view left = text.substr(0, bar);
        const std::string_view right = text.substr(bar + 1);
        check_decimal_pair(left, right);
        if (const auto zone = TimeZone::parse(right)) {
            const auto naive = parse_vendor_timestamp(left, *zone);
            const auto in_utc = parse_vendor_timestamp(left, TimeZone::utc());
            // One reading may fall outside the writable range the other is
            // inside, only near its ends.
            if (naive.has_value() != in_utc.has_value()) {
                const Timestamp read = naive ? *naive : *in_utc;
                FUZZ_CHECK("vendor-timestamp",
                           read - earliest_timestamp < hours(26) || latest_timestamp - read < hours(26),
                           fuzz::shown(left) + " reads in UTC but not in " + fuzz::shown(right) + " or the reverse");
            }
            if (naive && in_utc && !parse_rfc3339(left)) {
                // The instant is the wall time minus the zone's offset at it.
                const Timestamp t = *naive;
                const auto wall = zone->to_local(t);
                FUZZ_CHECK("zone-round-trip",
                           wall.time_since_epoch() >= in_utc->time_since_epoch() - hours(25) &&
                               wall.time_since_epoch() <= in_utc->time_since_epoch() + hours(25),
                           fuzz::shown(left) + " in " + fuzz::shown(right) + ": " + fuzz::describe(t));
            }
        }
    }
    return 0;
}
