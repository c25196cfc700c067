// Vendor error responses: Dialect::classify_error of the Autocalls and
// Talkover dialects for any status from 100 to 599, any headers, any body.
//
// Input format (what make_seeds.sh writes; any bytes are still a valid input):
//
//   <status>\n                 decimal; mapped into 100-599 when outside
//   <Header-Name>: <value>\n   zero or more
//   \n
//   <body>
//
// An input that does not start with a digit takes its status from its first
// two bytes and is all body.
//
// Properties:
//  - never crashes, throws, leaks or trips ASan/UBSan;
//  - the kind follows the status: 401/403 unauthorized, 400/422 rejected by
//    vendor, 429 rate limited, 5xx vendor unavailable, anything else a
//    malformed response;
//  - the details name the source, the provider, the page (none for page 0)
//    and the HTTP status; a retry_after is never negative; a body excerpt
//    holds at most 200 bytes plus "...", no control characters and no runs
//    of white space; message() can be built.

#include "fuzz_common.hpp"

#include <callbridge/dialect.hpp>
#include <callbridge/http_message.hpp>
#include <callbridge/providers.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace callbridge;

HttpResponse response_from(std::string_view input) {
    HttpResponse response;
    if (input.empty() || input[0] < '0' || input[0] > '9') {
        unsigned raw = 0;
        if (input.size() >= 2) {
            raw = static_cast<unsigned char>(input[0]) * 256u + static_cast<unsigned char>(input[1]);
            input.remove_prefix(2);
        }
        response.status = 100 + static_cast<int>(raw % 500);
        response.body = std::string(input);
        return response;
    }
    // Status line.
    std::uint64_t status = 0;
    std::size_t i = 0;
    for (; i < input.size() && input[i] >= '0' && input[i] <= '9' && i < 9; ++i)
        status = status * 10 + static_cast<std::uint64_t>(input[i] - '0');
    response.status = status >= 100 && status <= 599 ? static_cast<int>(status) : 100 + static_cast<int>(status % 500);
    const auto line_end = input.find('\n');
    input.remove_prefix(line_end == std::string_view::npos ? input.size() : line_end + 1);
    // Headers up to an empty line.
    while (!input.empty()) {
        const auto end = input.find('\n');
        const std::string_view line = input.substr(0, end);
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
        if (line.empty()) break;
        const auto colon = line.find(':');
        std::string_view name = line.substr(0, colon);
        std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        response.headers.push_back({std::string(name), std::string(value)});
    }
    response.body = std::string(input);
    return response;
}

errc expected_kind(int status) {
    if (status == 401 || status == 403) return errc::unauthorized;
    if (status == 400 || status == 422) return errc::rejected_by_vendor;
    if (status == 429) return errc::rate_limited;
    if (status >= 500 && status <= 599) return errc::vendor_unavailable;
    return errc::malformed_response;
}

void check(const Dialect& dialect, const HttpResponse& response, const PageContext& context) {
    const Error e = dialect.classify_error(response, context);
    const std::string message = e.message();
    const ErrorDetails& d = e.details();
    const std::string where = "HTTP " + std::to_string(response.status) + ", " + std::string(dialect.provider()) +
                              ": " + fuzz::shown(message, 600);
    FUZZ_CHECK("error-kind", e.failed(), where);
    FUZZ_CHECK("error-kind", e.is(expected_kind(response.status)), "wrong kind for " + where);
    FUZZ_CHECK("error-details", d.source == context.source, where);
    FUZZ_CHECK("error-details", d.provider == dialect.provider(), where);
    FUZZ_CHECK("error-details", context.page == 0 ? !d.page.has_value() : d.page == context.page, where);
    FUZZ_CHECK("error-details", d.http_status == response.status, where);
    if (d.retry_after) FUZZ_CHECK("error-details", d.retry_after->count() >= 0, "negative retry_after: " + where);
    FUZZ_CHECK("body-excerpt", d.body_excerpt.size() <= 203, "excerpt too long: " + where);
    bool space = true;  // no leading space either
    for (char c : d.body_excerpt) {
        FUZZ_CHECK("body-excerpt", static_cast<unsigned char>(c) > ' ' || (c == ' ' && !space),
                   "control character or doubled space in excerpt " + fuzz::shown(d.body_excerpt));
        space = c == ' ';
    }
    for (const FieldError& f : d.field_errors)
        FUZZ_CHECK("error-details", !f.messages.empty(), "field error without messages: " + fuzz::shown(f.field));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto autocalls = find_dialect("autocalls");
    static const auto talkover = find_dialect("talkover");

    const HttpResponse response = response_from(std::string_view(reinterpret_cast<const char*>(data), size));
    const PageContext saved{"main", 0, TimeZone::utc()};
    const PageContext listing{"brand", 3, TimeZone::utc()};
    for (const auto* dialect : {autocalls.get(), talkover.get()}) {
        check(*dialect, response, saved);
        check(*dialect, response, listing);
    }
    return 0;
}
