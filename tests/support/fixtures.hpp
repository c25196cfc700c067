#pragma once
// Test helpers: fixture files and small builders shared by the suites.

#include <callbridge/call_page.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/timestamp.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

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

}  // namespace callbridge::test
