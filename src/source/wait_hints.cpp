#include "source/wait_hints.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <charconv>
#include <cmath>

namespace callbridge::detail {
namespace {

using namespace std::chrono;

template <class Integer>
std::optional<Integer> read_integer(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    Integer value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<seconds> seconds_from_json(const boost::json::value* v) {
    if (v == nullptr) return std::nullopt;
    if (v->is_int64() && v->get_int64() >= 0) return seconds(v->get_int64());
    if (v->is_uint64()) return seconds(static_cast<std::int64_t>(std::min<std::uint64_t>(v->get_uint64(), 1u << 30)));
    if (v->is_double() && v->get_double() >= 0 && v->get_double() < 1e9)
        return seconds(static_cast<std::int64_t>(std::ceil(v->get_double())));
    if (v->is_string()) {
        if (auto n = read_integer<std::int64_t>(v->get_string()); n && *n >= 0) return seconds(*n);
    }
    return std::nullopt;
}

seconds not_negative(seconds s) { return s < seconds(0) ? seconds(0) : s; }

}  // namespace

std::optional<sys_seconds> parse_http_date(std::string_view text) noexcept {
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text[3] != ',' || text.substr(25) != " GMT") return std::nullopt;
    const auto day_of_month = read_integer<unsigned>(text.substr(5, 2));
    const auto year_number = read_integer<int>(text.substr(12, 4));
    const auto h = read_integer<int>(text.substr(17, 2));
    const auto m = read_integer<int>(text.substr(20, 2));
    const auto s = read_integer<int>(text.substr(23, 2));
    unsigned month_number = 0;
    for (unsigned i = 0; i < months.size(); ++i)
        if (text.substr(8, 3) == months[i]) month_number = i + 1;
    if (!day_of_month || !year_number || !h || !m || !s || month_number == 0 || text[16] != ' ' ||
        text[19] != ':' || text[22] != ':' || *h > 23 || *m > 59 || *s > 60)
        return std::nullopt;
    const year_month_day date{year{*year_number}, month{month_number}, day{*day_of_month}};
    if (!date.ok()) return std::nullopt;
    return sys_days(date) + hours(*h) + minutes(*m) + seconds(*s);
}

std::optional<seconds> body_retry_after(const boost::json::value& body) {
    const auto* object = body.if_object();
    if (object == nullptr) return std::nullopt;
    if (auto s = seconds_from_json(object->if_contains("retry_after"))) return s;
    if (const auto* error = object->if_contains("error"); error && error->is_object())
        if (const auto* details = error->get_object().if_contains("details"); details && details->is_object())
            return seconds_from_json(details->get_object().if_contains("retry_after"));
    return std::nullopt;
}

WaitHints read_wait_hints(const HttpResponse& response, system_clock::time_point now) {
    WaitHints hints;
    const auto now_s = floor<seconds>(now);
    if (auto value = find_header(response.headers, "Retry-After")) {
        if (auto delay = read_integer<std::int64_t>(*value); delay && *delay >= 0)
            hints.retry_after = seconds(*delay);
        else if (auto date = parse_http_date(*value))
            hints.retry_after = not_negative(*date - now_s);
    }
    if (auto value = find_header(response.headers, "X-RateLimit-Reset")) {
        if (auto reset = read_integer<std::int64_t>(*value); reset && *reset >= 0) {
            // Laravel sends epoch seconds; some APIs send seconds to go.
            constexpr std::int64_t year_2001 = 1'000'000'000;
            hints.reset_after = *reset >= year_2001 ? not_negative(sys_seconds(seconds(*reset)) - now_s)
                                                    : seconds(*reset);
        }
    }
    if (auto value = find_header(response.headers, "X-RateLimit-Remaining"))
        hints.remaining = read_integer<std::uint64_t>(*value);
    // A successful body holds records, not waits: it is not parsed again.
    const bool success = response.status >= 200 && response.status <= 299;
    if (!success && !response.body.empty() && response.body.size() < 64 * 1024) {
        boost::system::error_code ec;
        const auto body = boost::json::parse(response.body, ec);
        if (!ec) hints.body_retry_after = body_retry_after(body);
    }
    return hints;
}

}  // namespace callbridge::detail
