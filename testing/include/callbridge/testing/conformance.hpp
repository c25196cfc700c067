#pragma once
// The conformance suite: what every dialect and source must do, run against
// the provider's own fixtures, described by a manifest (a JSON file; the
// format is in docs/testing.md). It is a function returning a report, so it
// runs under any test framework; <callbridge/testing/doctest.hpp> adapts it
// to doctest.
//
// The checks, each by name in the report:
//  - pages_to_the_end: the listing's exchanges, served by a fixture client,
//    give the expected records and ask for every page, and nothing else;
//  - empty_list, last_page: an empty list gives no record and no failure;
//    a last page ends the listing;
//  - error <file>: each error response becomes the error kind the manifest
//    names (retries and rate-limit waits run on a fake clock: instantly);
//  - canonical_fields: every record keeps the canonical field rules (nulls
//    never "", `variables` an object, timestamps RFC 3339 UTC, money an
//    exact number or null, to_json read back the same);
//  - unknown_fields: a member added to every object of every page changes no
//    record (but for the manifest's one-of objects, whose member names are
//    values); unknown_enum_values: the manifest's enum members given a value
//    no vendor sends still list every call;
//  - no_credential_in_errors: error bodies that echo the token, in several
//    forms, and every error above, carry no credential in any text.

#include <callbridge/call_source.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_source.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/testing/exchange.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/result.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace callbridge::testing::conformance {

struct ExpectedError {
    std::string file;  ///< for the report
    Exchange response;  ///< its target is unused: it answers every request
    errc kind{};
};

struct Manifest {
    std::string name;      ///< for the report; default: the provider
    std::string provider;  ///< as registered
    std::string api_root;  ///< default: the provider's
    std::string token = "conformance-token-7Qx2mZ9pL4vR8sT1";
    std::string user;
    std::map<std::string, std::string, std::less<>> parameters;
    std::string time_zone;  ///< IANA name; default UTC
    int page_size = 0;      ///< 0: the query's default
    std::vector<Exchange> listing;
    std::optional<std::size_t> expected_records;
    std::vector<std::string> expected_ids;  ///< newest first, when given
    std::vector<Exchange> empty;
    std::vector<Exchange> last_page;
    std::size_t last_page_records = 0;
    std::vector<ExpectedError> errors;
    /// Record members holding enum values ("status", "direction").
    std::vector<std::string> enum_members;
    /// Members whose object is a one-of: its one member's name says which
    /// kind it is (a name the dialect may refuse), so unknown_fields adds no
    /// member to it (it still does to the objects inside).
    std::vector<std::string> one_of;
};

/// Reads a manifest; the error names the file and what is wrong.
boost::system::result<Manifest, std::string> load_manifest(const std::filesystem::path& file);

struct Check {
    std::string name;
    bool passed = false;
    std::string detail;  ///< why it failed (or what it saw)
};

struct Report {
    std::string subject;
    std::vector<Check> checks;

    [[nodiscard]] bool passed() const;
    [[nodiscard]] std::vector<const Check*> failures() const;
    /// One line a check: "PASS pages_to_the_end" / "FAIL ...: why".
    [[nodiscard]] std::string summary() const;
};

std::ostream& operator<<(std::ostream& out, const Report& report);

/// Makes the source under test from options (client, clock and token set).
using MakeSource = std::function<boost::system::result<std::shared_ptr<CallSource>, Error>(
    boost::asio::any_io_executor executor, SourceOptions options)>;

/// Runs every check of the manifest against sources `make` gives.
Report run(const Manifest& manifest, const MakeSource& make);
/// The same, the source made by `registry` (manifest.provider).
Report run(const Manifest& manifest, const Registry& registry);
/// Loads `manifest_file` and runs it; a manifest that cannot be read is a
/// report with one failed check saying why.
Report run_file(const std::filesystem::path& manifest_file, const Registry& registry);

}  // namespace callbridge::testing::conformance
