#include <callbridge/error.hpp>

#include <doctest/doctest.h>

using namespace callbridge;

TEST_SUITE("model") {

TEST_CASE("Error codes have the library's own category") {
    const boost::system::error_code ec = errc::unauthorized;  // is_error_code_enum
    CHECK(ec.category() == error_category());
    CHECK(std::string(ec.category().name()) == "callbridge");
    CHECK(ec.message() == "unauthorized");
    CHECK(ec == make_error_code(errc::unauthorized));
    CHECK(ec != make_error_code(errc::transport));
    for (int kind = 1; kind <= static_cast<int>(errc::invalid_option); ++kind)
        CHECK(make_error_code(static_cast<errc>(kind)).message() != "unknown error");
}

TEST_CASE("A default Error is success") {
    const Error ok;
    CHECK_FALSE(ok);
    CHECK_FALSE(ok.failed());
    CHECK(ok.message() == "success");
}

TEST_CASE("Error messages name the source page kind and details") {
    ErrorDetails d;
    d.source = "main";
    d.provider = "autocalls";
    d.page = 7;
    d.message = "Unauthenticated.";
    d.http_status = 401;
    const Error e(errc::unauthorized, d);
    CHECK(e.is(errc::unauthorized));
    CHECK(e.message() == "source 'main' (autocalls), page 7: unauthorized: Unauthenticated. [HTTP 401]");

    ErrorDetails v;
    v.source = "tk";
    v.provider = "talkover";
    v.message = "The given data was invalid.";
    v.field_errors = {{"status", {"The selected status is invalid."}}, {"date_from", {"a", "b"}}};
    CHECK(Error(errc::rejected_by_vendor, v).message() ==
          "source 'tk' (talkover): rejected by vendor: The given data was invalid.; status: The selected status "
          "is invalid.; date_from: a b");

    ErrorDetails t;
    t.source = "tk";
    t.provider = "tk";
    t.stage = TransportStage::tls_handshake;
    t.cause = boost::system::errc::make_error_code(boost::system::errc::connection_reset);
    CHECK(Error(errc::transport, t).message().starts_with("source 'tk': transport failure while TLS handshake ("));
}

TEST_CASE("A body excerpt is shown when there is one") {
    ErrorDetails d;
    d.source = "main";
    d.http_status = 502;
    d.body_excerpt = "<html>Bad Gateway</html>";
    CHECK(Error(errc::vendor_unavailable, d).message() ==
          "source 'main': vendor unavailable (body: \"<html>Bad Gateway</html>\") [HTTP 502]");
    d.body_excerpt = std::string(200, 'x');
    CHECK(Error(errc::vendor_unavailable, d).message().find(std::string(120, 'x') + "...\")") != std::string::npos);
}

TEST_CASE("An error message is one line whatever the vendor wrote") {
    ErrorDetails d;
    d.message = "line one\nline two\r\n\tend";
    d.field_errors = {{"status", {"bad\nvalue"}}};
    const std::string message = Error(errc::rejected_by_vendor, d).message();
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.find('\r') == std::string::npos);
    CHECK(message == "rejected by vendor: line one line two   end; status: bad value");
}

TEST_CASE("C1 controls DEL and stray bytes in a vendor's text are not passed to the terminal") {
    ErrorDetails d;
    // CSI (U+009B) and OSC ... ST (U+009D ... U+009C) in UTF-8, DEL, a raw
    // 8-bit CSI byte, and text that stays as it is.
    d.message = "red \xC2\x9B" "31m, title \xC2\x9D" "0;pwned\xC2\x9C, del \x7F, raw \x9B" "2J, caf\xC3\xA9 \xE2\x82\xAC";
    const std::string message = Error(errc::vendor_unavailable, d).message();
    CHECK(message == "vendor unavailable: red  31m, title  0;pwned , del  , raw \xEF\xBF\xBD" "2J, caf\xC3\xA9 \xE2\x82\xAC");
    for (unsigned c = 0x80; c <= 0x9F; ++c) {
        d.message = std::string("x\xC2") + static_cast<char>(c) + "y";
        CHECK(Error(errc::vendor_unavailable, d).message() == "vendor unavailable: x y");
    }
}

TEST_CASE("A body excerpt is cut for the message between characters") {
    ErrorDetails d;
    d.body_excerpt = std::string(119, 'x') + "\xC3\xA9" + std::string(10, 'y');
    const std::string message = Error(errc::vendor_unavailable, d).message();
    CHECK(message == "vendor unavailable (body: \"" + std::string(119, 'x') + "...\")");
}

TEST_CASE("Query errors name the filter") {
    const Error e = invalid_query("page_size", "must be between 1 and 100, got 500");
    CHECK(e.is(errc::invalid_query));
    CHECK(e.details().filter == "page_size");
    CHECK(e.message() == "invalid query: page_size: must be between 1 and 100, got 500");

    const Error u = unsupported_filter("campaign_id", "talkover", "is not offered by talkover");
    CHECK(u.is(errc::unsupported_filter));
    CHECK(u.details().provider == "talkover");
    CHECK(u.message() == "unsupported filter: campaign_id: is not offered by talkover");
}

}  // TEST_SUITE
