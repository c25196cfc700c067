#pragma once
// The forms a vendor may echo a secret in, generated for redaction tests:
// raw, JSON-escaped (PHP's \/, .NET's \u002B, every character escaped, in
// either case, and JSON in JSON), percent-encoded (either case), base64
// (standard and URL-safe, alone and inside HTTP Basic credentials at every
// alignment, escaped and percent-encoded too).

#include <openssl/evp.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::test {

/// A token with `/`, `+`, `=` and other characters that every encoding
/// changes.
inline constexpr std::string_view awkward_token = "sk/live+Ab=Cd|Ef~Gh.Ij_Kl-Mn!Op*Qr%St:Uv";

struct SecretForm {
    std::string name;
    std::string text;
};

inline std::string hex_escape(std::string_view prefix, unsigned char c, int digits, bool upper) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, upper ? "%0*X" : "%0*x", digits, c);
    return std::string(prefix) + buffer;
}

/// Each character for which `escape` says so as \uXXXX (upper or lower hex).
template <class Escape>
std::string json_unicode(std::string_view text, bool upper, Escape escape) {
    std::string out;
    for (char c : text) out += escape(c) ? hex_escape("\\u", static_cast<unsigned char>(c), 4, upper) : std::string(1, c);
    return out;
}

inline std::string json_slashes(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '/' ? std::string("\\/") : std::string(1, c);
    return out;
}

/// Every character outside RFC 3986's unreserved set (or every one) as %XX.
inline std::string percent(std::string_view text, bool upper, bool every) {
    std::string out;
    for (char c : text) {
        const bool unreserved = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~';
        out += every || !unreserved ? hex_escape("%", static_cast<unsigned char>(c), 2, upper) : std::string(1, c);
    }
    return out;
}

inline std::string base64(std::string_view bytes, bool url_safe = false) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    if (url_safe)
        for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

inline std::vector<SecretForm> secret_forms(std::string_view secret) {
    const auto not_alnum = [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); };
    const auto every = [](char) { return true; };
    std::vector<SecretForm> forms{
        {"raw", std::string(secret)},
        {"JSON with \\/ (PHP)", json_slashes(secret)},
        {"JSON \\u00XX upper hex (.NET)", json_unicode(secret, true, not_alnum)},
        {"JSON \\u00xx lower hex", json_unicode(secret, false, not_alnum)},
        {"JSON every character escaped", json_unicode(secret, true, every)},
        {"JSON in JSON", {}},
        {"percent-encoded upper hex", percent(secret, true, false)},
        {"percent-encoded lower hex", percent(secret, false, false)},
        {"percent-encoded every character", percent(secret, false, true)},
        {"base64", base64(secret)},
        {"base64url", base64(secret, true)},
    };
    // JSON in JSON: the escaped text escaped again (each \ doubled).
    std::string twice;
    for (char c : json_slashes(secret)) twice += c == '\\' ? std::string("\\\\") : std::string(1, c);
    forms[5].text = twice;
    // HTTP Basic credentials with the secret as the password, at each of
    // the three alignments base64 can put it in, and as the user name.
    // (The forms are what follows "Basic ".)
    for (std::string user : {"u", "us", "use"}) {
        const std::string basic = base64(user + ":" + std::string(secret));
        forms.push_back({"Basic " + user + ":secret", basic});
        forms.push_back({"Basic " + user + ":secret JSON-escaped", json_slashes(basic)});
        forms.push_back({"Basic " + user + ":secret percent-encoded", percent(basic, true, false)});
    }
    forms.push_back({"Basic secret:password", base64(std::string(secret) + ":password")});
    return forms;
}

/// Whether `text` holds any `width` characters in a row of `secret`.
inline bool holds_piece_of(std::string_view text, std::string_view secret, std::size_t width = 6) {
    if (secret.size() < width) return text.find(secret) != std::string_view::npos;
    for (std::size_t at = 0; at + width <= secret.size(); ++at)
        if (text.find(secret.substr(at, width)) != std::string_view::npos) return true;
    return false;
}

namespace detail_forms {

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

inline std::string json_unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 5 < text.size() && text[i + 1] == 'u') {
            int value = 0;
            bool ok = true;
            for (std::size_t k = 2; k < 6; ++k) {
                ok = ok && hex_digit(text[i + k]) >= 0;
                value = value * 16 + hex_digit(text[i + k]);
            }
            if (ok && value < 0x80) {
                out += static_cast<char>(value);
                i += 5;
                continue;
            }
        }
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '"' || text[i + 1] == '\\')) {
            out += text[++i];
            continue;
        }
        out += text[i];
    }
    return out;
}

inline std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

// Every maximal run of base64 characters, decoded from each of its first
// four characters on.
inline std::vector<std::string> base64_decodings(std::string_view text) {
    std::vector<std::string> out;
    std::string run;
    auto flush = [&] {
        for (std::size_t offset = 0; offset < 4 && offset < run.size(); ++offset) {
            std::string part = run.substr(offset);
            part.resize(part.size() / 4 * 4);
            if (part.empty()) continue;
            std::string bytes(part.size() / 4 * 3, '\0');
            EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                            reinterpret_cast<const unsigned char*>(part.data()), static_cast<int>(part.size()));
            out.push_back(std::move(bytes));
        }
        run.clear();
    };
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' || c == '_')
            run += c == '-' ? '+' : c == '_' ? '/' : c;
        else
            flush();
    }
    flush();
    return out;
}

}  // namespace detail_forms

/// Whether `width` characters in a row of `secret` can be read from `text`
/// as it is, JSON-unescaped (twice, for JSON in JSON), percent-decoded, or
/// base64-decoded from any of those.
inline bool secret_readable_in(std::string_view text, std::string_view secret, std::size_t width = 6) {
    using namespace detail_forms;
    std::vector<std::string> views{std::string(text)};
    for (std::size_t round = 0; round < 2; ++round) {
        const std::size_t known = views.size();
        for (std::size_t i = 0; i < known; ++i) {
            views.push_back(json_unescape(views[i]));
            views.push_back(percent_decode(views[i]));
        }
    }
    const std::size_t unencoded = views.size();
    for (std::size_t i = 0; i < unencoded; ++i)
        for (auto& decoded : base64_decodings(views[i])) views.push_back(std::move(decoded));
    for (const auto& view : views)
        if (holds_piece_of(view, secret, width)) return true;
    return false;
}

}  // namespace callbridge::test
