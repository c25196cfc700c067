#pragma once
// Test helpers for `callbridge normalize` against a vendor's fixtures; the
// including program defines CALLBRIDGE_CLI, the path of the command.

#include <callbridge/call_record.hpp>

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <filesystem>
#include <sstream>
#include <string>

namespace callbridge::test {

/// `callbridge normalize --provider <vendor>` on fixtures/<vendor>/<name>.json
/// succeeds silently and prints exactly fixtures/<vendor>/expected/<name>.jsonl,
/// each line of it a record.
inline void check_normalizes_byte_for_byte(const std::string& vendor, const std::string& name) {
    CAPTURE(name);
    const auto result = run_process(
        {CALLBRIDGE_CLI, "normalize", "--provider", vendor, fixture_path(vendor + "/" + name + ".json").string()});
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out == fixture(vendor + "/expected/" + name + ".jsonl"));
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) CHECK(record_from_json(line).has_value());
}

/// check_normalizes_byte_for_byte for every fixtures/<vendor>/expected/*.jsonl;
/// returns how many it checked.
inline std::size_t check_every_expected_normalization(const std::string& vendor) {
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fixture_path(vendor + "/expected"))) {
        if (entry.path().extension() != ".jsonl") continue;
        check_normalizes_byte_for_byte(vendor, entry.path().stem().string());
        ++checked;
    }
    return checked;
}

}  // namespace callbridge::test
