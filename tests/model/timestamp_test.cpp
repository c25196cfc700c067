#include <callbridge/time_zone.hpp>
#include <callbridge/timestamp.hpp>

#include "model/query_bounds.hpp"

#include <doctest/doctest.h>

using namespace callbridge;
using namespace std::chrono;

namespace {

Timestamp utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) + seconds(s);
}

TimeZone zone(std::string_view name) {
    auto z = TimeZone::parse(name);
    REQUIRE_MESSAGE(z.has_value(), name);
    return *z;
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("RFC 3339 output is UTC with a Z and whole seconds") {
    CHECK(format_rfc3339(utc(2025, 8, 4, 14, 30, 0)) == "2025-08-04T14:30:00Z");
    CHECK(format_rfc3339(utc(1999, 12, 31, 23, 59, 59)) == "1999-12-31T23:59:59Z");
    CHECK(format_rfc3339(Timestamp{}) == "1970-01-01T00:00:00Z");
}

TEST_CASE("RFC 3339 input needs an offset and drops fractions") {
    CHECK(parse_rfc3339("2025-08-04T14:30:00Z") == utc(2025, 8, 4, 14, 30, 0));
    CHECK(parse_rfc3339("2025-08-04t14:30:00z") == utc(2025, 8, 4, 14, 30, 0));
    CHECK(parse_rfc3339("2025-08-04T16:30:00+02:00") == utc(2025, 8, 4, 14, 30, 0));
    CHECK(parse_rfc3339("2025-08-04T09:00:00-05:30") == utc(2025, 8, 4, 14, 30, 0));
    CHECK(parse_rfc3339("2025-08-04T14:30:00.999999Z") == utc(2025, 8, 4, 14, 30, 0));
    CHECK(detail::parse_rfc3339_ceil("2025-08-04T14:30:00.5Z") == utc(2025, 8, 4, 14, 30, 1));
    CHECK(detail::parse_rfc3339_ceil("2025-08-04T14:30:00.000Z") == utc(2025, 8, 4, 14, 30, 0));
    CHECK_FALSE(parse_rfc3339("2025-08-04T14:30:00").has_value());
    CHECK_FALSE(parse_rfc3339("2025-08-04").has_value());
    CHECK_FALSE(parse_rfc3339("2025-02-30T00:00:00Z").has_value());
    CHECK_FALSE(parse_rfc3339("2025-08-04T24:00:00Z").has_value());
    CHECK_FALSE(parse_rfc3339("2025-08-04T14:30:00Zjunk").has_value());
    CHECK_FALSE(parse_rfc3339("2025-08-04T14:30:00.Z").has_value());
}

TEST_CASE("Only instants RFC 3339 can write are read so each formats back as itself") {
    // Found by fuzz_values: a leap second on 9999-12-31 was read as year
    // 10000 and written with the year alone clamped, a different instant.
    CHECK_FALSE(parse_rfc3339("9999-12-31T23:59:60Z").has_value());
    CHECK_FALSE(parse_rfc3339("0000-01-01T00:00:00+01:00").has_value());
    CHECK_FALSE(parse_rfc3339("9999-12-31T23:00:00-01:00").has_value());
    CHECK_FALSE(parse_vendor_timestamp("9999-12-31 23:59:60", TimeZone{}).has_value());
    CHECK_FALSE(parse_vendor_timestamp("0000-01-01 00:30:00", zone("Europe/Bucharest")).has_value());
    for (const char* text : {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2016-12-31T23:59:60Z"}) {
        const auto t = parse_rfc3339(text);
        REQUIRE_MESSAGE(t.has_value(), text);
        CHECK(parse_rfc3339(format_rfc3339(*t)) == t);
    }
    CHECK(parse_rfc3339("9999-12-31T23:59:59Z") == latest_timestamp);
    CHECK(detail::parse_rfc3339_ceil("9999-12-31T23:59:59.5Z") == latest_timestamp);
    // A record built in code with an instant out of range is written as the
    // nearest end of the range, never as a different date in range.
    CHECK(format_rfc3339(latest_timestamp + days(400)) == "9999-12-31T23:59:59Z");
    CHECK(format_rfc3339(earliest_timestamp - seconds(1)) == "0000-01-01T00:00:00Z");
}

TEST_CASE("Dates are checked against the calendar") {
    CHECK(parse_date("2024-02-29") == year_month_day(year{2024} / 2 / 29));
    CHECK_FALSE(parse_date("2025-02-29").has_value());
    CHECK_FALSE(parse_date("2025-13-01").has_value());
    CHECK_FALSE(parse_date("2025-1-01").has_value());
    CHECK_FALSE(parse_date("2025-01-01T00:00:00Z").has_value());
}

TEST_CASE("Vendor timestamps: naive ISO fractional offsets") {
    const TimeZone utc_zone;
    CHECK(parse_vendor_timestamp("2025-08-04 14:30:00", utc_zone) == utc(2025, 8, 4, 14, 30, 0));
    CHECK(parse_vendor_timestamp("2024-01-01T00:00:00Z", utc_zone) == utc(2024, 1, 1, 0, 0, 0));
    CHECK(parse_vendor_timestamp("2024-01-01T00:00:00.000000Z", utc_zone) == utc(2024, 1, 1, 0, 0, 0));
    CHECK(parse_vendor_timestamp("2024-01-01T01:00:00+0100", utc_zone) == utc(2024, 1, 1, 0, 0, 0));
    CHECK(parse_vendor_timestamp("2024-01-01T01:00:00+01", utc_zone) == utc(2024, 1, 1, 0, 0, 0));
    CHECK_FALSE(parse_vendor_timestamp("", utc_zone).has_value());
    CHECK_FALSE(parse_vendor_timestamp("yesterday", utc_zone).has_value());
    CHECK_FALSE(parse_vendor_timestamp("2025-08-04 14:30", utc_zone).has_value());
}

TEST_CASE("Naive timestamps are read in the configured zone") {
    // Bucharest is UTC+3 in summer, UTC+2 in winter.
    const TimeZone bucharest = zone("Europe/Bucharest");
    CHECK(parse_vendor_timestamp("2025-08-04 14:30:00", bucharest) == utc(2025, 8, 4, 11, 30, 0));
    CHECK(parse_vendor_timestamp("2025-01-15 14:30:00", bucharest) == utc(2025, 1, 15, 12, 30, 0));
    // An explicit offset wins over the zone.
    CHECK(parse_vendor_timestamp("2025-08-04T14:30:00Z", bucharest) == utc(2025, 8, 4, 14, 30, 0));

    CHECK(parse_vendor_timestamp("2025-08-04 14:30:00", zone("+02:00")) == utc(2025, 8, 4, 12, 30, 0));
    CHECK(parse_vendor_timestamp("2025-08-04 14:30:00", zone("-0530")) == utc(2025, 8, 4, 20, 0, 0));
    CHECK(parse_vendor_timestamp("2025-08-04 14:30:00", zone("UTC+3")) == utc(2025, 8, 4, 11, 30, 0));
}

TEST_CASE("Clock changes: repeated hour reads early skipped hour keeps the old offset") {
    const TimeZone bucharest = zone("Europe/Bucharest");
    // 2025-10-26 04:00 EEST -> 03:00 EET: 03:30 happens twice; the first is 00:30Z.
    CHECK(parse_vendor_timestamp("2025-10-26 03:30:00", bucharest) == utc(2025, 10, 26, 0, 30, 0));
    // 2025-03-30 03:00 EET -> 04:00 EEST: 03:30 never happens; read at +02:00.
    CHECK(parse_vendor_timestamp("2025-03-30 03:30:00", bucharest) == utc(2025, 3, 30, 1, 30, 0));
}

TEST_CASE("Time zone names") {
    CHECK(TimeZone::parse("UTC")->name() == "UTC");
    CHECK(TimeZone::parse("Z")->name() == "UTC");
    CHECK(TimeZone().name() == "UTC");
    CHECK(TimeZone::parse("America/New_York").has_value());
    CHECK(TimeZone::parse("Etc/UTC").has_value());
    for (const char* bad : {"", "Mars/Olympus", "+25:00", "+02:60", "02:00", "+2:0", "UTC+", "Europe/"}) {
        CAPTURE(bad);
        CHECK_FALSE(TimeZone::parse(bad).has_value());
    }
    const TimeZone ny = zone("America/New_York");
    CHECK(ny.to_local(utc(2025, 7, 1, 12, 0, 0)).time_since_epoch() ==
          (utc(2025, 7, 1, 8, 0, 0)).time_since_epoch());
}

}  // TEST_SUITE
