#pragma once
// The code under test: a report of the calls a listing gives, as a backend
// that consumes callbridge would write it. Its tests (the *_test.cpp files
// beside it) run it three ways, without a network: over fixtures, over a
// recording, and against the in-process mock.

#include <callbridge/listing.hpp>

#include <boost/asio/io_context.hpp>

#include <map>
#include <string>

struct CallReport {
    std::size_t calls = 0;
    std::map<std::string, std::size_t> by_status;  // canonical status -> calls
    std::size_t failures = 0;                       // sources that failed
};

inline CallReport build_report(boost::asio::io_context& io, callbridge::Listing& listing) {
    CallReport report;
    while (true) {
        auto item = listing.next(io);
        if (!item) {
            ++report.failures;
            continue;
        }
        if (!*item) break;
        ++report.calls;
        ++report.by_status[std::string(callbridge::to_string((*item)->status))];
    }
    return report;
}
