#include <callbridge/timestamp.hpp>

#include "model/query_bounds.hpp"

#include <algorithm>

namespace callbridge {
namespace {

using namespace std::chrono;

struct ParsedTime {
    local_seconds wall;
    std::optional<seconds> offset;  // nothing: no zone in the text
    bool had_fraction = false;
};

bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    out = value;
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

std::optional<year_month_day> read_date(std::string_view text, std::size_t& pos) {
    int y = 0, m = 0, d = 0;
    if (!read_digits(text, pos, 4, y) || !expect(text, pos, '-') || !read_digits(text, pos, 2, m) ||
        !expect(text, pos, '-') || !read_digits(text, pos, 2, d))
        return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

// YYYY-MM-DD[T| ]HH:MM:SS[.fraction][Z|+HH:MM|+HHMM|+HH]
std::optional<ParsedTime> parse_time(std::string_view text) {
    std::size_t pos = 0;
    const auto date = read_date(text, pos);
    if (!date) return std::nullopt;
    if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) return std::nullopt;
    ++pos;
    int h = 0, mi = 0, s = 0;
    if (!read_digits(text, pos, 2, h) || !expect(text, pos, ':') || !read_digits(text, pos, 2, mi) ||
        !expect(text, pos, ':') || !read_digits(text, pos, 2, s))
        return std::nullopt;
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;  // 60: a leap second
    ParsedTime parsed;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        const std::size_t first = ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (text[pos] != '0') parsed.had_fraction = true;
            ++pos;
        }
        if (pos == first) return std::nullopt;
    }
    if (pos < text.size()) {
        const char c = text[pos];
        if (c == 'Z' || c == 'z') {
            parsed.offset = seconds(0);
            ++pos;
        } else if (c == '+' || c == '-') {
            const int sign = c == '-' ? -1 : 1;
            ++pos;
            int oh = 0, om = 0;
            if (!read_digits(text, pos, 2, oh)) return std::nullopt;
            if (pos < text.size()) {
                if (text[pos] == ':') ++pos;
                if (!read_digits(text, pos, 2, om)) return std::nullopt;
            }
            if (oh > 18 || om > 59) return std::nullopt;
            parsed.offset = seconds(sign * (oh * 3600 + om * 60));
        }
    }
    if (pos != text.size()) return std::nullopt;
    parsed.wall = local_days(*date) + hours(h) + minutes(mi) + seconds(s);
    return parsed;
}

std::optional<Timestamp> writable(Timestamp t) noexcept {
    if (t < earliest_timestamp || t > latest_timestamp) return std::nullopt;
    return t;
}

}  // namespace

void append_rfc3339(std::string& out, Timestamp t) {
    t = std::clamp(t, earliest_timestamp, latest_timestamp);
    const auto day = floor<days>(t);
    const year_month_day ymd(day);
    const hh_mm_ss hms(t - day);
    const int y = static_cast<int>(ymd.year());
    char text[] = "0000-00-00T00:00:00Z";
    auto put = [&](std::size_t at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10) text[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, y, 4);
    put(5, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
    put(8, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
    put(11, static_cast<int>(hms.hours().count()), 2);
    put(14, static_cast<int>(hms.minutes().count()), 2);
    put(17, static_cast<int>(hms.seconds().count()), 2);
    out.append(text, sizeof text - 1);
}

std::string format_rfc3339(Timestamp t) {
    std::string out;
    append_rfc3339(out, t);
    return out;
}

std::optional<year_month_day> parse_date(std::string_view text) noexcept {
    std::size_t pos = 0;
    auto date = read_date(text, pos);
    if (!date || pos != text.size()) return std::nullopt;
    return date;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept {
    const auto parsed = parse_time(text);
    if (!parsed || !parsed->offset) return std::nullopt;
    return writable(Timestamp(parsed->wall.time_since_epoch() - *parsed->offset));
}

std::optional<Timestamp> parse_vendor_timestamp(std::string_view text, const TimeZone& naive_zone) noexcept {
    const auto parsed = parse_time(text);
    if (!parsed) return std::nullopt;
    if (parsed->offset) return writable(Timestamp(parsed->wall.time_since_epoch() - *parsed->offset));
    return writable(naive_zone.to_sys(parsed->wall));
}

std::optional<Timestamp> parse_rfc2822(std::string_view text) noexcept {
    static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::size_t pos = 0;
    auto skip_spaces = [&] {
        while (pos < text.size() && text[pos] == ' ') ++pos;
    };
    auto read_number = [&](std::size_t min_digits, std::size_t max_digits, int& out) {
        std::size_t digits = 0;
        int value = 0;
        while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
            value = value * 10 + (text[pos++] - '0');
            ++digits;
        }
        out = value;
        return digits >= min_digits;
    };
    skip_spaces();
    if (const auto comma = text.find(','); comma != std::string_view::npos && comma <= pos + 3) {
        pos = comma + 1;  // the day's name says nothing the date does not
        skip_spaces();
    }
    int d = 0, y = 0, h = 0, mi = 0, s = 0;
    if (!read_number(1, 2, d)) return std::nullopt;
    skip_spaces();
    if (pos + 3 > text.size()) return std::nullopt;
    unsigned m = 0;
    for (unsigned i = 0; i < 12; ++i)
        if (text.substr(pos, 3) == months[i]) m = i + 1;
    if (m == 0) return std::nullopt;
    pos += 3;
    skip_spaces();
    if (!read_number(4, 4, y)) return std::nullopt;
    skip_spaces();
    if (!read_number(2, 2, h) || !expect(text, pos, ':') || !read_number(2, 2, mi)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':' && (++pos, !read_number(2, 2, s))) return std::nullopt;
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
    skip_spaces();
    const std::string_view zone = text.substr(pos);
    seconds offset{0};
    if (zone == "GMT" || zone == "UT" || zone == "UTC" || zone == "Z") {
    } else if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
        std::size_t at = pos + 1;
        int oh = 0, om = 0;
        if (!read_digits(text, at, 2, oh) || !read_digits(text, at, 2, om) || oh > 18 || om > 59) return std::nullopt;
        offset = seconds((zone[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60));
    } else {
        return std::nullopt;
    }
    const year_month_day date{year{y}, month{m}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return writable(sys_days(date) + hours(h) + minutes(mi) + seconds(s) - offset);
}

std::optional<Timestamp> from_epoch_seconds(std::int64_t value) noexcept {
    // Beyond these, the instant is outside what RFC 3339 can write anyway.
    if (value < -62'167'219'200 || value > 253'402'300'799) return std::nullopt;
    return writable(Timestamp(seconds(value)));
}

std::optional<Timestamp> from_epoch_milliseconds(std::int64_t value) noexcept {
    const std::int64_t whole = value / 1000 - (value % 1000 < 0 ? 1 : 0);
    return from_epoch_seconds(whole);
}

namespace detail {

// For query bounds: an instant with a nonzero fraction, rounded up instead
// of down (a lower bound of 10:00:00.5 excludes a call at 10:00:00).
std::optional<Timestamp> parse_rfc3339_ceil(std::string_view text) noexcept {
    const auto parsed = parse_time(text);
    if (!parsed || !parsed->offset) return std::nullopt;
    const auto floor = writable(Timestamp(parsed->wall.time_since_epoch() - *parsed->offset));
    if (!floor) return std::nullopt;
    return std::min(*floor + seconds(parsed->had_fraction ? 1 : 0), latest_timestamp);
}

}  // namespace detail
}  // namespace callbridge
