// The Redactor on its own: every form a vendor may echo a secret in, cut or
// whole, several secrets at once, and text with no secret left as it was.

#include "source/redaction.hpp"

#include "support/fixtures.hpp"
#include "support/secret_forms.hpp"

using namespace callbridge;
using namespace callbridge::test;
using detail::Redactor;

TEST_SUITE("source") {

TEST_CASE("Redactor: every form of a token with slashes pluses and equals signs is redacted") {
    const Redactor redactor({std::string(awkward_token)});
    for (const SecretForm& form : secret_forms(awkward_token)) {
        CAPTURE(form.name);
        CAPTURE(form.text);
        REQUIRE(secret_readable_in(form.text, awkward_token));  // the oracle reads every form
        const std::string out = redactor.redact("before " + form.text + " after");
        CAPTURE(out);
        CHECK(out == "before [REDACTED] after");
        CHECK_FALSE(secret_readable_in(out, awkward_token));
    }
}

TEST_CASE("Redactor: a form cut anywhere leaves nothing of the secret that can be read") {
    // Before a marked cut, no four characters of the secret are left; where a
    // text just ends, no half of it.
    const Redactor redactor({std::string(awkward_token)});
    for (const SecretForm& form : secret_forms(awkward_token)) {
        for (std::size_t length = 1; length < form.text.size(); ++length) {
            for (std::string_view cut : {"...", "\xE2\x80\xA6", ""}) {
                const std::string text = "a body excerpt: " + form.text.substr(0, length) + std::string(cut);
                const std::string out = redactor.redact(text);
                CAPTURE(form.name);
                CAPTURE(text);
                CAPTURE(out);
                CHECK_FALSE(secret_readable_in(out, awkward_token, cut.empty() ? awkward_token.size() / 2 : 4));
                CHECK(out.starts_with("a body excerpt: "));
            }
        }
    }
}

TEST_CASE("Redactor: a form at the very start or end of a text or the whole text is redacted") {
    // Bytes are passed over by the pair they begin: a form's first byte is
    // the text's last, or its first, here.
    const Redactor redactor({std::string(awkward_token)});
    for (const SecretForm& form : secret_forms(awkward_token)) {
        CAPTURE(form.name);
        CHECK_FALSE(secret_readable_in(redactor.redact(form.text), awkward_token));
        CHECK_FALSE(secret_readable_in(redactor.redact(form.text + "!"), awkward_token));
        CHECK_FALSE(secret_readable_in(redactor.redact("!" + form.text), awkward_token));
    }
    // The first character as it is, the second escaped.
    const Redactor slashed({"a/bcdefghij"});
    for (const std::string text : {"a\\/bcdefghij", "a%2Fbcdefghij", "a%2fbcdefghij", "a\\u002Fbcdefghij"})
        CHECK(slashed.redact("x " + text + " y") == "x [REDACTED] y");
    const Redactor one_character({"x"});  // no second byte to look at
    CHECK(one_character.redact("x") == "[REDACTED]");
    CHECK(one_character.redact("ax") == "a[REDACTED]");
    CHECK(one_character.redact("xa") == "[REDACTED]a");
    CHECK(one_character.redact("") == "");
}

TEST_CASE("Redactor: a short text that is only the start of a secret is left as it is") {
    // Keys often start with the vendor's name; the source may be named so.
    const Redactor redactor({"acme-key-0123456789"});
    CHECK(redactor.redact("acme") == "acme");
    CHECK(redactor.redact("unknown provider acme-k") == "unknown provider acme-k");
    CHECK(redactor.redact("a key acme-key-01...") == "a key [REDACTED]...");
    CHECK(redactor.redact("a key acme-key-0123") == "a key [REDACTED]");
}

TEST_CASE("Redactor: several secrets at once each in its forms") {
    const std::string sid = "AC0123456789abcdef0123456789abcdef";
    const std::string auth = "9f/8e+7d=6c5b4a39";
    const Redactor redactor({sid, auth, "xi-api-key-ABCDEF123"});
    const std::string text = "sid " + sid + ", token " + percent(auth, true, false) + ", basic " +
                             base64(sid + ":" + auth) + ", key " + json_unicode("xi-api-key-ABCDEF123", false,
                                                                                [](char c) { return c == '-'; });
    const std::string out = redactor.redact(text);
    CAPTURE(out);
    CHECK(out == "sid [REDACTED], token [REDACTED], basic [REDACTED], key [REDACTED]");
}

TEST_CASE("Redactor: text without a secret is left as it was") {
    const Redactor redactor({std::string(awkward_token)});
    const std::string page = fixture("autocalls/last-page.json");
    CHECK(redactor.redact(page) == page);
    // Pieces shorter than four characters, or a secret's start not at a cut.
    const std::string near = "sk/ and sk/l and sk/live+A then more, %2F\\u002B\\/";
    CHECK(redactor.redact(near) == near);
    CHECK(Redactor().redact("anything") == "anything");
}

TEST_CASE("Redactor: errors requests and responses keep no secret") {
    const std::string secret(awkward_token);
    const Redactor redactor({secret});
    ErrorDetails details;
    details.source = "main";
    details.message = "bad " + secret;
    details.body_excerpt = "{\"auth\":\"Bearer " + json_slashes(secret).substr(0, 20) + "...";
    details.field_errors = {{percent(secret, true, false), {"is " + base64("u:" + secret)}}};
    const Error error = redactor.redact(Error(errc::unauthorized, details));
    CHECK(error.details().message == "bad [REDACTED]");
    CHECK(error.details().body_excerpt == "{\"auth\":\"Bearer [REDACTED]...");
    CHECK(error.details().field_errors[0].field == "[REDACTED]");
    CHECK(error.details().field_errors[0].messages[0] == "is [REDACTED]");

    HttpRequest request;
    request.target = "/calls?api_key=" + percent(secret, false, true);
    request.headers = {{"Authorization", "Bearer " + secret}, {"X-Trace", secret}, {"Accept", "application/json"}};
    const HttpRequest logged = redactor.redacted(request);
    CHECK(logged.target == "/calls?api_key=[REDACTED]");
    CHECK(logged.headers[0].value == "REDACTED");
    CHECK(logged.headers[1].value == "REDACTED");  // a header holding a secret goes whole
    CHECK(logged.headers[2].value == "application/json");

    HttpResponse response{500, {{"Location", "https://x.test/?t=" + secret}}, "echo " + json_slashes(secret)};
    redactor.redact_response(response);
    CHECK(response.headers[0].value == "https://x.test/?t=[REDACTED]");
    CHECK(response.body == "echo [REDACTED]");
}

}  // TEST_SUITE
