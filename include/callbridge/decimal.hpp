#pragma once
// An exact decimal number for money: an integer coefficient scaled by a power
// of ten. Sums never drift the way binary doubles do: ten times 0.1 is 1.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge {

class Decimal {
public:
    /// The largest number of digits after the decimal point.
    static constexpr int max_scale = 18;

    /// Zero.
    constexpr Decimal() noexcept = default;

    /// The largest number of significant digits.
    static constexpr int max_digits = 18;

    /// An integer amount; nothing beyond 18 digits.
    static std::optional<Decimal> from_integer(std::int64_t value) noexcept;

    /// Reads "12", "-0.0300", "2.5E-2" or "1e3". Returns nothing for text that
    /// is not a number or needs more than 18 significant digits or decimals.
    static std::optional<Decimal> parse(std::string_view text) noexcept;

    /// The shortest decimal that reads back as `value`, so a JSON number the
    /// vendor wrote with up to 15 significant digits comes back exactly as
    /// written. Nothing for NaN, infinities and values out of range.
    static std::optional<Decimal> from_double(double value) noexcept;

    /// Plain notation without exponent or trailing zeros: "0.025", "-3", "0".
    [[nodiscard]] std::string to_string() const;
    void append_to(std::string& out) const;

    [[nodiscard]] double to_double() const noexcept;

    /// The value is coefficient() / 10^scale(), with no trailing zeros in the
    /// coefficient unless the scale is zero.
    [[nodiscard]] constexpr std::int64_t coefficient() const noexcept { return coefficient_; }
    [[nodiscard]] constexpr int scale() const noexcept { return scale_; }

    /// Exact sum and difference; nothing when the result needs more than 18
    /// significant digits or decimals (so that every value reads back from its
    /// own text).
    [[nodiscard]] std::optional<Decimal> checked_add(const Decimal& other) const noexcept;
    [[nodiscard]] std::optional<Decimal> checked_sub(const Decimal& other) const noexcept;

    /// The value divided by 10^places, exactly (cents to dollars: places 2);
    /// nothing when that needs more than 18 decimals.
    [[nodiscard]] std::optional<Decimal> shifted_right(int places) const noexcept;
    /// The absolute value.
    [[nodiscard]] constexpr Decimal magnitude() const noexcept {
        return coefficient_ < 0 ? Decimal(-coefficient_, scale_) : *this;
    }

    /// As checked_add/checked_sub, throwing std::overflow_error when the
    /// result does not fit.
    friend Decimal operator+(const Decimal& a, const Decimal& b);
    friend Decimal operator-(const Decimal& a, const Decimal& b);
    Decimal& operator+=(const Decimal& other) { return *this = *this + other; }
    Decimal& operator-=(const Decimal& other) { return *this = *this - other; }

    /// Equal values compare equal whatever their written form (0.10 == 0.1).
    friend constexpr bool operator==(const Decimal&, const Decimal&) noexcept = default;
    friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept;

private:
    constexpr Decimal(std::int64_t coefficient, int scale) noexcept
        : coefficient_(coefficient), scale_(scale) {}

    std::int64_t coefficient_ = 0;
    int scale_ = 0;
};

}  // namespace callbridge
