#pragma once
// Test helpers: fixture files and small builders shared by the suites.

#include <callbridge/call_page.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_message.hpp>
#include <callbridge/timestamp.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace callbridge::test {

inline std::filesystem::path fixture_path(std::string_view relative) {
    return std::filesystem::path(CALLBRIDGE_FIXTURES_DIR) / relative;
}

/// The bytes of a fixture file; the test fails if it cannot be read.
inline std::string fixture(std::string_view relative) {
    std::ifstream in(fixture_path(relative), std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read fixture ", relative);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

inline Timestamp utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
    using namespace std::chrono;
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) + seconds(s);
}

inline PageContext context(std::string source, std::uint32_t page = 1, TimeZone zone = {}) {
    return PageContext{std::move(source), page, std::move(zone)};
}

/// Filters by their canonical names and values, as the command takes them.
using Filters = std::initializer_list<std::pair<std::string_view, std::string_view>>;

/// A query with these filters; the test fails if one of them is refused.
inline CallQuery query_with(Filters filters) {
    CallQuery query;
    for (auto [name, value] : filters) REQUIRE_FALSE(set_filter(query, name, value));
    return query;
}

/// A source's access at the dialect's default API root (which must parse).
inline SourceAccess default_root_access(const Dialect& dialect, std::string token, std::string user = {},
                                        std::map<std::string, std::string, std::less<>> parameters = {}) {
    const auto root = ApiRoot::parse(std::string(dialect.default_api_root()));
    REQUIRE(root.has_value());
    return SourceAccess{*root, std::move(token), std::move(user), std::move(parameters)};
}

/// Parses a fixture page that must parse.
inline CallPage parse_fixture(const Dialect& dialect, std::string_view relative, const PageContext& ctx) {
    auto page = dialect.parse_page(fixture(relative), ctx);
    REQUIRE_MESSAGE(page.has_value(), (page.has_error() ? page.error().message() : ""));
    return std::move(*page);
}

/// Finds a record by id; the test fails if it is missing.
inline const CallRecord& record_with_id(const CallPage& page, std::string_view id) {
    for (const auto& r : page.records)
        if (r.id == id) return r;
    FAIL("no record with id " << id);
    throw;  // unreachable: FAIL throws
}
const CallRecord& record_with_id(CallPage&& page, std::string_view id) = delete;  // would dangle

/// A malformed page under fixtures/<vendor>/malformed/ and what its error names;
/// a null field is not checked.
struct MalformedPage {
    const char* file;
    const char* field;
    const char* message_part;
};

/// Each page fails as a malformed response naming the source, the dialect's
/// provider, the page, the field and (in part) what is wrong with it; with
/// both_keep_raw, so it does whether or not the raw bodies are kept.
inline void check_malformed_pages(const Dialect& dialect, std::initializer_list<MalformedPage> pages,
                                  std::uint32_t page_number = 3, const std::string& source = "main",
                                  bool both_keep_raw = false) {
    const std::string vendor(dialect.provider());
    for (const MalformedPage& c : pages) {
        CAPTURE(c.file);
        for (const bool keep_raw : {true, false}) {
            if (!keep_raw && !both_keep_raw) break;
            CAPTURE(keep_raw);
            PageContext at = context(source, page_number);
            if (both_keep_raw) at.keep_raw = keep_raw;
            const auto page = dialect.parse_page(fixture(vendor + "/malformed/" + c.file), at);
            REQUIRE(page.has_error());
            const Error& e = page.error();
            CHECK(e.is(errc::malformed_response));
            CHECK(e.details().source == source);
            CHECK(e.details().provider == vendor);
            CHECK(e.details().page == page_number);
            if (c.field != nullptr) CHECK(e.details().field == c.field);
            CHECK_MESSAGE(e.details().message.find(c.message_part) != std::string::npos, e.details().message);
        }
    }
}

/// What the dialect makes of the error body fixtures/<vendor>/errors/<relative_file>
/// sent with this status and these headers.
inline Error classify_error_fixture(const Dialect& dialect, int status, std::string_view relative_file,
                                    const PageContext& ctx, HttpHeaders headers = {}) {
    HttpResponse response;
    response.status = status;
    response.headers = std::move(headers);
    response.body = fixture(std::string(dialect.provider()) + "/errors/" + std::string(relative_file));
    return dialect.classify_error(response, ctx);
}

}  // namespace callbridge::test
