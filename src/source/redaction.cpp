#include "source/redaction.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace callbridge::detail {
namespace {

// Fewer characters of a secret left before a cut ("..." or "…") say too
// little to matter, and redacting them would mangle ordinary text.
constexpr std::size_t min_cut_prefix = 4;
// A text that just ends is more often whole than cut: a source named "acme"
// is no leak of a key "acme-...". Only a long start of a secret there goes.
constexpr std::size_t min_unmarked_cut_prefix = 8;
// Shorter base64 cores (of very short secrets) would match ordinary text.
constexpr std::size_t min_base64_core = 6;
// Backslashes before an escape: JSON in JSON in JSON takes 7.
constexpr std::size_t max_backslashes = 15;

constexpr std::string_view standard_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The base64 characters that depend on `secret` alone when it starts
// `offset` bytes (0 to 2) into an encoded text: what any encoding of a text
// holding the secret contains, whatever comes before and after it.
std::string base64_core(std::string_view secret, std::size_t offset, std::string_view alphabet) {
    std::string bytes(offset, '\0');
    bytes += secret;
    bytes.append((3 - bytes.size() % 3) % 3, '\0');
    const std::size_t begin = offset;
    const std::size_t end = offset + secret.size();
    std::string core;
    for (std::size_t group = 0; group * 3 < bytes.size(); ++group) {
        const auto b = [&](std::size_t i) { return static_cast<unsigned char>(bytes[group * 3 + i]); };
        const unsigned triple = (b(0) << 16) | (b(1) << 8) | b(2);
        for (std::size_t position = 0; position < 4; ++position) {
            // The bytes this character is made of.
            const std::size_t first = group * 3 + (position == 0 ? 0 : position - 1);
            const std::size_t last = group * 3 + (position == 3 ? 2 : position);
            if (first >= begin && last < end) core += alphabet[(triple >> (18 - 6 * position)) & 0x3F];
        }
    }
    return core;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The value of `count` hex digits at `at`, or -1.
long hex_at(std::string_view text, std::size_t at, std::size_t count) noexcept {
    if (at + count > text.size()) return -1;
    long value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const int digit = hex_value(text[at + i]);
        if (digit < 0) return -1;
        value = value * 16 + digit;
    }
    return value;
}

// What `text` at `at` may spell: the byte as it is, and what an escape
// there stands for (with its length), if any.
struct Spelling {
    char raw;
    std::optional<std::pair<char, std::size_t>> escaped;
};

Spelling spelling_at(std::string_view text, std::size_t at) noexcept {
    Spelling s{text[at], std::nullopt};
    if (text[at] == '%') {
        if (const long value = hex_at(text, at + 1, 2); value >= 0) s.escaped = {{static_cast<char>(value), 3}};
        return s;
    }
    if (text[at] != '\\') return s;
    std::size_t after = at;
    while (after < text.size() && text[after] == '\\' && after - at <= max_backslashes) ++after;
    const std::size_t run = after - at;
    if (run > max_backslashes) return s;  // no escape; and a long run is not scanned again and again
    if (after < text.size()) {
        if (text[after] == 'u') {
            if (const long value = hex_at(text, after + 1, 4); value >= 0 && value < 0x80)
                s.escaped = {{static_cast<char>(value), run + 5}};
        } else if (text[after] == '/' || text[after] == '"') {
            s.escaped = {{text[after], run + 1}};
        }
    }
    if (!s.escaped && run >= 2) s.escaped = {{'\\', 2}};
    return s;
}

bool is_base64_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
           c == '-' || c == '_';
}

// The length of a base64 character (or padding) spelled at `at`, 0 if none.
std::size_t base64_unit(std::string_view text, std::size_t at, bool padding) noexcept {
    const auto counts = [padding](char c) { return is_base64_char(c) || (padding && c == '='); };
    const Spelling s = spelling_at(text, at);
    if (s.escaped && counts(s.escaped->first)) return s.escaped->second;
    return counts(s.raw) ? 1 : 0;
}

struct Cut {
    std::size_t at;
    bool marked;  // by "..." or "…", not just the end of the text
};

std::optional<Cut> cut_here(std::string_view text, std::size_t at) noexcept {
    const std::string_view rest = text.substr(at);
    if (rest.empty()) return Cut{at, false};
    if (rest.starts_with("...") || rest.starts_with("\xE2\x80\xA6")) return Cut{at, true};
    return std::nullopt;
}

// Where `text` is cut at `at`: there, or after an escape cut in its middle
// ("%2", "\u00"); nothing when it goes on.
std::optional<Cut> cut_at(std::string_view text, std::size_t at) noexcept {
    if (const auto cut = cut_here(text, at)) return cut;
    if (text[at] != '%' && text[at] != '\\') return std::nullopt;
    std::size_t end = at + 1;
    while (end < text.size() && end - at < 6 && (hex_value(text[end]) >= 0 || text[end] == 'u' || text[end] == '\\'))
        ++end;
    return cut_here(text, end);
}

}  // namespace

Redactor::Redactor(const std::vector<std::string>& secrets) {
    auto add = [this](std::string text, bool base64) {
        if (text.empty()) return;
        const bool known = std::any_of(patterns_.begin(), patterns_.end(),
                                       [&](const Pattern& p) { return p.text == text; });
        if (known) return;
        starts_[static_cast<unsigned char>(text.front())] = true;
        patterns_.push_back({std::move(text), base64});
    };
    for (const std::string& secret : secrets) {
        add(secret, false);
        for (std::string_view alphabet : {standard_alphabet, url_alphabet})
            for (std::size_t offset = 0; offset < 3; ++offset)
                if (std::string core = base64_core(secret, offset, alphabet); core.size() >= min_base64_core)
                    add(std::move(core), true);
    }
    if (patterns_.empty()) return;
    starts_['%'] = starts_['\\'] = true;
    const auto allow = [this](unsigned char first, std::optional<unsigned char> second) {
        for (unsigned s = 0; s < 256; ++s)
            if (!second || s == *second) pairs_[(first * 256u + s) / 64] |= std::uint64_t{1} << (s % 64);
    };
    // A form of a secret spells at least its first two characters before it
    // is cut (min_cut_prefix), each as it is or escaped ('%', '\\').
    static_assert(min_cut_prefix >= 2);
    allow('%', std::nullopt);
    allow('\\', std::nullopt);
    for (const Pattern& pattern : patterns_) {
        const auto first = static_cast<unsigned char>(pattern.text[0]);
        if (pattern.text.size() == 1) {
            allow(first, std::nullopt);
            continue;
        }
        for (char second : {pattern.text[1], '%', '\\'}) allow(first, static_cast<unsigned char>(second));
    }
}

std::size_t Redactor::next_candidate(std::string_view text, std::size_t at) const noexcept {
    if (at >= text.size()) return text.size();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t last = text.size() - 1;
    for (; at < last; ++at) {
        const unsigned pair = bytes[at] * 256u + bytes[at + 1];
        if ((pairs_[pair / 64] >> (pair % 64)) & 1) return at;
    }
    return at == last && starts_[bytes[last]] ? last : text.size();
}

namespace {

struct Spelled {
    std::size_t end = 0;
    bool whole = false;  // else cut: the text ends, or a cut is marked, after enough of it
};

// Where `pattern` from its character `matched` on is spelled in `text` from
// `at`: the whole of it, or else the longest start of it that runs into a
// cut. Both readings of a '%' or '\' (as it is, or an escape) are tried.
std::optional<Spelled> spell(std::string_view text, std::size_t at, std::string_view pattern, std::size_t matched) {
    if (matched == pattern.size()) return Spelled{at, true};
    std::optional<Spelled> best;
    if (matched >= min_cut_prefix)
        if (const auto cut = cut_at(text, at);
            cut && (cut->marked || matched >= std::max(min_unmarked_cut_prefix, pattern.size() / 2)))
            best = Spelled{cut->at, false};
    if (at >= text.size()) return best;
    const Spelling s = spelling_at(text, at);
    const char c = pattern[matched];
    auto consider = [&](std::size_t length) {
        const auto found = spell(text, at + length, pattern, matched + 1);
        if (found && (!best || (found->whole && !best->whole) || (found->whole == best->whole && found->end > best->end)))
            best = found;
    };
    if (s.escaped && s.escaped->first == c) consider(s.escaped->second);
    if (s.raw == c && !(best && best->whole)) consider(1);
    return best;
}

}  // namespace

std::optional<Redactor::Match> Redactor::match_at(std::string_view text, std::size_t at) const {
    std::optional<Match> best;
    const char first = text[at];
    const bool escape = first == '%' || first == '\\';
    for (const Pattern& pattern : patterns_) {
        if (!escape && pattern.text.front() != first) continue;  // as spell() would find, sooner
        const auto spelled = spell(text, at, pattern.text, 0);
        if (!spelled) continue;
        const std::size_t end = spelled->end;
        Match match{at, end};
        if (pattern.base64) {
            // The rest of the encoded text carries the secret's edges (and a
            // Basic credential's user name): it all goes.
            bool widened = true;
            while (widened) {
                widened = false;
                for (std::size_t length : {6, 3, 2, 1}) {  // \u002F, %2F, \/, x
                    if (match.begin >= length && base64_unit(text, match.begin - length, false) == length) {
                        match.begin -= length;
                        widened = true;
                        break;
                    }
                }
            }
            while (match.end < text.size())
                if (const std::size_t length = base64_unit(text, match.end, true); length != 0)
                    match.end += length;
                else
                    break;
        }
        if (!best || match.end > best->end) best = match;
    }
    return best;
}

std::string Redactor::redact(std::string text) const {
    if (patterns_.empty()) return text;
    std::string out;
    std::size_t copied = 0;  // text before this is in `out`
    for (std::size_t at = next_candidate(text, 0); at < text.size(); at = next_candidate(text, at)) {
        const auto match = match_at(text, at);
        if (!match) {
            ++at;
            continue;
        }
        const std::size_t begin = std::max(match->begin, copied);
        out.append(text, copied, begin - copied);
        out += mark;
        copied = at = match->end;
    }
    if (copied == 0 && out.empty()) return text;
    out.append(text, copied);
    return out;
}

Error Redactor::redact(Error error) const {
    ErrorDetails& d = error.details();
    for (std::string* text : {&d.source, &d.filter, &d.option, &d.field, &d.message, &d.body_excerpt})
        *text = redact(std::move(*text));
    for (FieldError& field : d.field_errors) {
        field.field = redact(std::move(field.field));
        for (std::string& message : field.messages) message = redact(std::move(message));
    }
    return error;
}

namespace {

bool is_credential_header(std::string_view name) {
    static constexpr std::array<std::string_view, 5> credentials{"authorization", "proxy-authorization", "cookie",
                                                                 "x-api-key", "xi-api-key"};
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(credentials.begin(), credentials.end(), lower) != credentials.end();
}

}  // namespace

HttpRequest Redactor::redacted(const HttpRequest& request) const {
    HttpRequest copy = request;
    copy.target = redact(std::move(copy.target));
    copy.body = redact(std::move(copy.body));
    for (HttpHeader& header : copy.headers) {
        std::string value = redact(header.value);
        header.value = is_credential_header(header.name) || value != header.value ? "REDACTED" : std::move(value);
    }
    return copy;
}

void Redactor::redact_response(HttpResponse& response) const {
    response.body = redact(std::move(response.body));
    for (HttpHeader& header : response.headers) header.value = redact(std::move(header.value));
}

}  // namespace callbridge::detail
