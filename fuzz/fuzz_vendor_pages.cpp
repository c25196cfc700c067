// Vendor list-call response bodies: Dialect::parse_page of the Autocalls and
// Talkover dialects, on whatever bytes a vendor (or something pretending to be
// one) sends back.
//
// The input is the body, as is: the fixtures are valid seeds. Each body is
// read by both dialects, once as a saved file (page 0, UTC) and once as page
// 1 of a listing in Europe/Bucharest (naive times across DST changes).
//
// Properties:
//  - never crashes, throws, leaks or trips ASan/UBSan, whatever the bytes;
//  - a failure is a malformed response error naming the source, provider and
//    page (none for page 0), and its message() can be built;
//  - a page: vendor_records is the number of records (parse_page does not
//    filter); page 1 was asked for, so info.page is 1; a next cursor points
//    after this page and never past last_page;
//  - every record: the context's source, the dialect's provider, a non-empty
//    id, duration_s >= 0, matched by the empty query, and the canonical JSON
//    round trip (to_json -> record_from_json gives the same fields, and
//    to_json again gives the same text).

#include "fuzz_common.hpp"

#include <callbridge/call_query.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/providers.hpp>
#include <callbridge/time_zone.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace callbridge;

void check_page(const Dialect& dialect, std::string_view body, const PageContext& context) {
    auto page = dialect.parse_page(body, context);
    if (!page) {
        const Error& e = page.error();
        const std::string message = e.message();
        FUZZ_CHECK("error-shape", e.is(errc::malformed_response), "unexpected error kind: " + message);
        FUZZ_CHECK("error-shape", e.details().source == context.source, "error without the source: " + message);
        FUZZ_CHECK("error-shape", e.details().provider == dialect.provider(), "error without the provider: " + message);
        FUZZ_CHECK("error-shape",
                   context.page == 0 ? !e.details().page.has_value() : e.details().page == context.page,
                   "error with the wrong page: " + message);
        return;
    }

    const PageInfo& info = page->info;
    const std::string where = std::string(dialect.provider()) + " page " + std::to_string(context.page) +
                              ": info.page " + std::to_string(info.page) + ", last_page " +
                              (info.last_page ? std::to_string(*info.last_page) : "-") + ", next " +
                              (info.next ? std::to_string(info.next->page) : "-");
    FUZZ_CHECK("page-info", info.vendor_records == page->records.size(), where);
    if (context.page != 0) FUZZ_CHECK("page-info", info.page == context.page, where);
    if (info.next) {
        FUZZ_CHECK("paging-wrap", info.next->page > info.page, "next page is not after this one: " + where);
        if (info.last_page)
            FUZZ_CHECK("paging-wrap", info.next->page <= *info.last_page, "next page past last_page: " + where);
    }

    const CallQuery any;
    for (const CallRecord& r : page->records) {
        FUZZ_CHECK("record-shape", r.source == context.source, "record source " + fuzz::shown(r.source));
        FUZZ_CHECK("record-shape", r.provider == dialect.provider(), "record provider " + fuzz::shown(r.provider));
        FUZZ_CHECK("record-shape", !r.id.empty(), "record with an empty id");
        FUZZ_CHECK("record-shape", r.duration_s >= 0, "negative duration " + std::to_string(r.duration_s));
        FUZZ_CHECK("record-shape", matches(any, r), "the empty query does not match a record");
        fuzz::check_canonical_round_trip(r);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto autocalls = find_dialect("autocalls");
    static const auto talkover = find_dialect("talkover");
    static const TimeZone bucharest = TimeZone::parse("Europe/Bucharest").value();

    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const PageContext saved{"main", 0, TimeZone::utc()};
    const PageContext listing{"brand", 1, bucharest};
    // As `list` and `normalize` read pages: each call for what it declares.
    PageContext in_part = listing;
    in_part.keep_raw = false;
    for (const auto* dialect : {autocalls.get(), talkover.get()}) {
        check_page(*dialect, body, saved);
        check_page(*dialect, body, listing);
        check_page(*dialect, body, in_part);
    }
    return 0;
}
