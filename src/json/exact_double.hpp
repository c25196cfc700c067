#pragma once
// Internal: a JSON number's double, correctly rounded. Boost.JSON 1.81 reads
// some numbers one unit in the last place off; it is exact on Clinger's fast
// path, which plain decimals of at most 15 digits without exponent take, so
// only other numbers are read again from their text.

#include <charconv>
#include <string_view>

namespace callbridge::detail {

inline bool read_exactly_by_boost(std::string_view text) noexcept {
    if (text.size() > 17) return false;  // sign, 15 digits and a point at most
    int digits = 0;
    for (char c : text) {
        if (c == 'e' || c == 'E') return false;
        digits += c >= '0' && c <= '9';
    }
    return digits <= 15;
}

/// `parsed` (Boost.JSON's reading of `text`), or `text` read again exactly.
inline double exact_double(double parsed, std::string_view text) noexcept {
    if (read_exactly_by_boost(text)) return parsed;
    double exact = 0;
    // Out of range for from_chars (1e400, 1e-400): Boost.JSON's reading
    // (infinity is refused by it before this, or 0) stands.
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), exact);
    return ec == std::errc() && end == text.data() + text.size() ? exact : parsed;
}

}  // namespace callbridge::detail
