#include <callbridge/sync/duration_text.hpp>

#include <charconv>
#include <limits>

namespace callbridge {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) noexcept {
    if (text.size() < 2) return std::nullopt;
    std::int64_t unit = 0;
    switch (text.back()) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: return std::nullopt;
    }
    const std::string_view digits = text.substr(0, text.size() - 1);
    std::int64_t count = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.front() == '-' || digits.front() == '+')
        return std::nullopt;
    // Ten thousand years is more than any lookback needs, and keeps
    // arithmetic on timestamps far from overflow.
    constexpr std::int64_t longest = 10000LL * 366 * 86400;
    if (count > longest / unit) return std::nullopt;
    return std::chrono::seconds(count * unit);
}

std::string format_duration(std::chrono::seconds duration) {
    const std::int64_t s = duration.count();
    if (s != 0 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
    if (s != 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
    if (s != 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
    return std::to_string(s) + "s";
}

}  // namespace callbridge
