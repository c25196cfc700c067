#pragma once
// Internal: keeping a source's secrets out of everything it reports, in every
// form a vendor may echo them.
//
// A vendor that quotes the request back (an error page listing its headers,
// a debug field) writes the secret its own way. Each secret is found here:
//  - as it is;
//  - JSON-escaped, any character as \uXXXX (either case of hex), `/` as
//    `\/`, `"` as `\"`, behind up to 15 backslashes (JSON in JSON);
//  - percent-encoded, any character as %XX (either case);
//  - in base64, standard or URL-safe, at any alignment, so also inside a
//    larger encoded text such as HTTP Basic credentials (`user:secret`); the
//    whole base64 run around it goes;
//  - cut: at least four characters of any of these forms just before a
//    "..." or "…" that marks a cut (as an excerpt's end is marked), or half
//    of it and at least eight characters at the end of a text (a text that
//    just ends is more often whole: a source "acme" is no leak of a key
//    "acme-...").
// Forms mix freely (a percent-encoded base64, part of it escaped). Secrets
// are matched escaped as ASCII: every character of a token that can be sent
// in a header is.
//
// Applied to a response's body and headers before anything parses or
// excerpts them, and to every text an error carries.

#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::detail {

class Redactor {
public:
    /// What stands in a text where a secret was.
    static constexpr std::string_view mark = "[REDACTED]";

    Redactor() = default;
    /// All of a source's secrets (the token, a Basic user, parameters);
    /// empty ones are ignored.
    explicit Redactor(const std::vector<std::string>& secrets);

    /// `text` with every form of every secret replaced by the mark.
    [[nodiscard]] std::string redact(std::string text) const;

    /// Every text an error carries, redacted.
    [[nodiscard]] Error redact(Error error) const;

    /// A copy of a request fit for logs: credential headers and any header
    /// holding a secret replaced by "REDACTED", secrets in the target and
    /// the body redacted.
    [[nodiscard]] HttpRequest redacted(const HttpRequest& request) const;

    /// A response's body and header values, redacted in place.
    void redact_response(HttpResponse& response) const;

private:
    struct Pattern {
        std::string text;
        bool base64 = false;  // a redaction widens to the base64 run around it
    };
    struct Match {
        std::size_t begin = 0;
        std::size_t end = 0;
    };

    [[nodiscard]] std::optional<Match> match_at(std::string_view text, std::size_t at) const;

    std::vector<Pattern> patterns_;
    /// The first place from `at` on where a form of a secret may begin, or the text's size.
    [[nodiscard]] std::size_t next_candidate(std::string_view text, std::size_t at) const noexcept;

    /// Bytes that may begin a form of a secret.
    std::array<bool, 256> starts_{};
    /// Pairs of bytes that may begin one, a bit each (first byte * 256 +
    /// second): a body is scanned in full, and one look-up passes over
    /// almost every byte of it without spelling anything.
    std::array<std::uint64_t, 256 * 256 / 64> pairs_{};
};

}  // namespace callbridge::detail
