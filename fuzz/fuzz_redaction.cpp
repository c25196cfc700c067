// Text from vendors, on its way out: the Redactor (every response body and
// error text goes through it) and printable() (every error line and table
// cell), on any bytes.
//
// Input: a first line holding a secret (used when it is 8 to 200 printable
// characters without [ or ], none of the mark's own text), then the text.
// The harness also appends the secret to the text in forms a vendor writes:
// JSON-escaped (\/ and \u00XX), percent-encoded, and in Basic credentials.
//
// Properties:
//  - never crashes, throws, leaks, trips ASan/UBSan or hangs;
//  - redaction-raw: the output holds no raw secret;
//  - redaction-forms: none of the appended forms is left whole;
//  - redaction-mark: an output that differs from its input holds the mark;
//  - printable-controls: printable() leaves no C0, DEL or C1 control and
//    well-formed UTF-8 only; printable ASCII goes through as it is.

#include "fuzz_common.hpp"

#include "model/terminal_text.hpp"
#include "source/redaction.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace {

using callbridge::detail::Redactor;

std::string json_escaped(std::string_view secret) {
    std::string out;
    for (char c : secret) {
        if (c == '/') {
            out += "\\/";
        } else if (c == '+' || c == '=' || c == '&') {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned char>(c));
            out += buffer;
        } else {
            out += c;
        }
    }
    return out;
}

std::string percent(std::string_view secret) {
    std::string out;
    for (char c : secret) {
        const auto u = static_cast<unsigned char>(c);
        const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
        if (plain) {
            out += c;
        } else {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02x", u);
            out += buffer;
        }
    }
    return out;
}

std::string base64(std::string_view bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const auto b = [&](std::size_t k) {
            return i + k < bytes.size() ? static_cast<unsigned>(static_cast<unsigned char>(bytes[i + k])) : 0u;
        };
        const unsigned triple = (b(0) << 16) | (b(1) << 8) | b(2);
        out += alphabet[(triple >> 18) & 63];
        out += alphabet[(triple >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(triple >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? alphabet[triple & 63] : '=';
    }
    return out;
}

bool usable_secret(std::string_view secret) {
    if (secret.size() < 8 || secret.size() > 200) return false;
    for (char c : secret)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '[' || c == ']')
            return false;
    return Redactor::mark.find(secret) == std::string_view::npos;
}

bool well_formed_printable(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) return false;
        if (c < 0x80) {
            ++i;
            continue;
        }
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        if (c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return false;  // C1
        i += length;
    }
    return true;
}

void check_printable(std::string_view text) {
    const std::string out = callbridge::detail::printable(text);
    FUZZ_CHECK("printable-controls", well_formed_printable(out), fuzz::shown(text) + " -> " + fuzz::shown(out));
    bool ascii = true;
    for (char c : text) ascii = ascii && static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
    if (ascii) FUZZ_CHECK("printable-controls", out == text, fuzz::shown(text) + " -> " + fuzz::shown(out));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_printable(input);

    const auto line_end = input.find('\n');
    if (line_end == std::string_view::npos) return 0;
    const std::string secret(input.substr(0, line_end));
    if (!usable_secret(secret)) return 0;
    const std::string text(input.substr(line_end + 1));
    const Redactor redactor({secret});

    const std::string out = redactor.redact(text);
    const std::string shown = fuzz::shown(secret) + " in " + fuzz::shown(text) + " -> " + fuzz::shown(out);
    FUZZ_CHECK("redaction-raw", out.find(secret) == std::string::npos, shown);
    if (out != text) FUZZ_CHECK("redaction-mark", out.find(Redactor::mark) != std::string::npos, shown);

    const std::string forms[] = {json_escaped(secret), percent(secret), base64("user:" + secret)};
    std::string echoed = text;
    for (const std::string& form : forms) echoed += " " + form;
    const std::string echoed_out = redactor.redact(echoed);
    for (const std::string& form : forms)
        FUZZ_CHECK("redaction-forms", echoed_out.find(form) == std::string::npos,
                   fuzz::shown(form) + " in " + fuzz::shown(echoed_out));
    FUZZ_CHECK("redaction-raw", echoed_out.find(secret) == std::string::npos, fuzz::shown(echoed_out));
    return 0;
}
