#include "json/json_writer.hpp"

#include <callbridge/json_text.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace callbridge::detail {
namespace {

using namespace std::string_view_literals;  // literals appended with no strlen

constexpr std::string_view hex = "0123456789abcdef";

bool needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

// Whether any of 8 bytes needs escaping, all at once (SWAR): a control
// character, a quote or a backslash.
bool any_needs_escape(std::uint64_t bytes) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t control = (bytes - ones * 0x20) & ~bytes & highs;
    return (control | has_zero(bytes ^ (ones * '"')) | has_zero(bytes ^ (ones * '\\'))) != 0;
}

template <class Integer>
void append_integer(std::string& out, Integer value) {
    std::array<char, 24> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    (void)ec;
    out.append(buffer.data(), end);
}

// The shortest digits that read back as `value`, laid out as ECMAScript's
// Number#toString does: plain for 1e-7 <= |value| < 1e21, else an exponent.
void append_double(std::string& out, double value) {
    if (value == 0) {  // -0 too, which would read back as the integer 0
        out += '0';
        return;
    }
    std::array<char, 32> buffer{};
    const auto [end, ec] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::scientific);
    (void)ec;
    const std::string_view text(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
    const auto e = text.find('e');
    std::string_view mantissa = text.substr(0, e);
    if (!mantissa.empty() && mantissa[0] == '-') {
        out += '-';
        mantissa.remove_prefix(1);
    }
    std::string digits;
    for (char c : mantissa)
        if (c != '.') digits += c;
    int exponent = 0;
    std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(), exponent);

    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1;  // the decimal point sits after n digits
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out.append(digits, 0, static_cast<std::size_t>(n));
        out += '.';
        out.append(digits, static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0."sv;
        out.append(static_cast<std::size_t>(-n), '0');
        out += digits;
    } else {
        out += digits[0];
        if (k > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += n - 1 < 0 ? "e-"sv : "e+"sv;
        append_integer(out, std::abs(n - 1));
    }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    const std::size_t size = text.size();
    const auto word_at = [&](std::size_t at) {
        std::uint64_t bytes;
        std::memcpy(&bytes, text.data() + at, 8);
        return bytes;
    };
    std::size_t run = 0;  // start of the text not yet copied out
    for (std::size_t i = 0; i < size;) {
        // Most text needs no escaping: it is passed over eight bytes at a
        // time, the last eight overlapping what came before.
        if (i + 8 <= size) {
            if (!any_needs_escape(word_at(i))) {
                i += 8;
                continue;
            }
        } else if (size >= 8 && !any_needs_escape(word_at(size - 8))) {
            break;
        }
        // Something to escape within the next eight bytes: byte by byte.
        for (const std::size_t end = std::min(i + 8, size); i < end; ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (!needs_escape(c)) continue;
            out.append(text.data() + run, i - run);
            run = i + 1;
            switch (c) {
                case '"': out += "\\\""sv; break;
                case '\\': out += "\\\\"sv; break;
                case '\n': out += "\\n"sv; break;
                case '\r': out += "\\r"sv; break;
                case '\t': out += "\\t"sv; break;
                case '\b': out += "\\b"sv; break;
                case '\f': out += "\\f"sv; break;
                default:
                    out += "\\u00"sv;
                    out += hex[c >> 4];
                    out += hex[c & 0xf];
            }
        }
    }
    out.append(text.data() + run, size - run);
    out += '"';
}

void append_json_object(std::string& out, const boost::json::object& object) {
    out += '{';
    bool first = true;
    for (const auto& member : object) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, member.key());
        out += ':';
        append_json_value(out, member.value());
    }
    out += '}';
}

void append_json_value(std::string& out, const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::null: out += "null"sv; break;
        case boost::json::kind::bool_: out += value.get_bool() ? "true"sv : "false"sv; break;
        case boost::json::kind::int64: append_integer(out, value.get_int64()); break;
        case boost::json::kind::uint64: append_integer(out, value.get_uint64()); break;
        case boost::json::kind::double_:
            if (std::isfinite(value.get_double()))
                append_double(out, value.get_double());
            else
                out += "null"sv;  // JSON has no infinities
            break;
        case boost::json::kind::string: append_json_string(out, value.get_string()); break;
        case boost::json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& element : value.get_array()) {
                if (!first) out += ',';
                first = false;
                append_json_value(out, element);
            }
            out += ']';
            break;
        }
        case boost::json::kind::object: append_json_object(out, value.get_object()); break;
    }
}

}  // namespace callbridge::detail

namespace callbridge {

std::string json_text(const boost::json::value& value) {
    std::string out;
    detail::append_json_value(out, value);
    return out;
}

void append_json_text(std::string& out, const boost::json::value& value) { detail::append_json_value(out, value); }

}  // namespace callbridge
