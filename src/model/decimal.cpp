#include <callbridge/decimal.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace callbridge {
namespace {

// Wide enough for any int64 coefficient scaled by 10^18.
__extension__ using wide = __int128;

constexpr int max_digits = Decimal::max_digits;

constexpr wide pow10(int n) noexcept {
    wide r = 1;
    while (n-- > 0) r *= 10;
    return r;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

struct Normalized {
    std::int64_t coefficient;
    int scale;
};

// Trailing zeros stripped, so that equal values have equal members.
std::optional<Normalized> normalize(wide coefficient, int scale) noexcept {
    while (scale > 0 && coefficient % 10 == 0) {
        coefficient /= 10;
        --scale;
    }
    // At most 18 digits, as parse reads, so every value reads back from its
    // own text.
    if (scale > Decimal::max_scale) return std::nullopt;
    if (coefficient >= pow10(max_digits) || coefficient <= -pow10(max_digits)) return std::nullopt;
    return Normalized{static_cast<std::int64_t>(coefficient), scale};
}

// The value of (coefficient, scale) at a larger scale.
wide widened(std::int64_t coefficient, int from_scale, int to_scale) noexcept {
    return static_cast<wide>(coefficient) * pow10(to_scale - from_scale);
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) noexcept {
    std::size_t i = 0;
    const bool negative = i < text.size() && text[i] == '-';
    if (negative || (i < text.size() && text[i] == '+')) ++i;

    // Significant digits go into the coefficient; `scale` counts the digits
    // after the point.
    wide coefficient = 0;
    int significant = 0;
    int scale = 0;
    auto take_digit = [&](char c) {
        if (significant == 0 && c == '0') return true;  // a leading zero
        if (++significant > max_digits) return false;
        coefficient = coefficient * 10 + (c - '0');
        return true;
    };

    const std::size_t integer_start = i;
    for (; i < text.size() && is_digit(text[i]); ++i)
        if (!take_digit(text[i])) return std::nullopt;
    if (i == integer_start) return std::nullopt;  // ".5" and "" are not numbers

    if (i < text.size() && text[i] == '.') {
        const std::size_t first = ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
        if (i == first) return std::nullopt;  // "5." is not a number
        // Trailing zeros after the point carry no value; they do not spend
        // the digit budget ("0.0300" is 0.03).
        std::size_t last = i;
        while (last > first && text[last - 1] == '0') --last;
        for (std::size_t k = first; k < last; ++k, ++scale)
            if (!take_digit(text[k])) return std::nullopt;
    }

    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        const bool negative_exponent = i < text.size() && text[i] == '-';
        if (negative_exponent || (i < text.size() && text[i] == '+')) ++i;
        int exponent = 0;
        const std::size_t first = i;
        for (; i < text.size() && is_digit(text[i]); ++i) {
            if (exponent > 1000) return std::nullopt;
            exponent = exponent * 10 + (text[i] - '0');
        }
        if (i == first) return std::nullopt;
        scale += negative_exponent ? exponent : -exponent;
    }
    if (i != text.size()) return std::nullopt;

    if (coefficient == 0) return Decimal();
    if (scale < 0) {
        if (significant - scale > max_digits) return std::nullopt;
        coefficient *= pow10(-scale);
        scale = 0;
    }
    const auto n = normalize(negative ? -coefficient : coefficient, scale);
    if (!n) return std::nullopt;
    return Decimal(n->coefficient, n->scale);
}

std::optional<Decimal> Decimal::from_integer(std::int64_t value) noexcept {
    const auto n = normalize(value, 0);
    if (!n) return std::nullopt;
    return Decimal(n->coefficient, n->scale);
}

std::optional<Decimal> Decimal::from_double(double value) noexcept {
    if (!std::isfinite(value)) return std::nullopt;
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (ec != std::errc()) return std::nullopt;
    return parse(std::string_view(buffer.data(), static_cast<std::size_t>(end - buffer.data())));
}

void Decimal::append_to(std::string& out) const {
    std::array<char, 24> digits{};
    const std::uint64_t magnitude = coefficient_ < 0 ? 0 - static_cast<std::uint64_t>(coefficient_)
                                                     : static_cast<std::uint64_t>(coefficient_);
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), magnitude);
    (void)ec;
    const std::string_view text(digits.data(), static_cast<std::size_t>(end - digits.data()));
    if (coefficient_ < 0) out += '-';
    const auto length = static_cast<int>(text.size());
    if (length <= scale_) {
        out += "0.";
        out.append(static_cast<std::size_t>(scale_ - length), '0');
        out += text;
    } else {
        const auto integer_digits = static_cast<std::size_t>(length - scale_);
        out += text.substr(0, integer_digits);
        if (scale_ > 0) {
            out += '.';
            out += text.substr(integer_digits);
        }
    }
}

std::string Decimal::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

double Decimal::to_double() const noexcept {
    const std::string text = to_string();
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

std::optional<Decimal> Decimal::checked_add(const Decimal& other) const noexcept {
    const int scale = std::max(scale_, other.scale_);
    const auto n = normalize(widened(coefficient_, scale_, scale) + widened(other.coefficient_, other.scale_, scale),
                             scale);
    if (!n) return std::nullopt;
    return Decimal(n->coefficient, n->scale);
}

std::optional<Decimal> Decimal::checked_sub(const Decimal& other) const noexcept {
    const int scale = std::max(scale_, other.scale_);
    const auto n = normalize(widened(coefficient_, scale_, scale) - widened(other.coefficient_, other.scale_, scale),
                             scale);
    if (!n) return std::nullopt;
    return Decimal(n->coefficient, n->scale);
}

Decimal operator+(const Decimal& a, const Decimal& b) {
    if (auto sum = a.checked_add(b)) return *sum;
    throw std::overflow_error("callbridge::Decimal: sum out of range");
}

Decimal operator-(const Decimal& a, const Decimal& b) {
    if (auto difference = a.checked_sub(b)) return *difference;
    throw std::overflow_error("callbridge::Decimal: difference out of range");
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
    const int scale = std::max(a.scale_, b.scale_);
    return widened(a.coefficient_, a.scale_, scale) <=> widened(b.coefficient_, b.scale_, scale);
}

std::optional<Decimal> Decimal::shifted_right(int places) const noexcept {
    if (places < 0) return std::nullopt;
    const auto n = normalize(coefficient_, scale_ + places);
    if (!n) return std::nullopt;
    return Decimal(n->coefficient, n->scale);
}

}  // namespace callbridge
