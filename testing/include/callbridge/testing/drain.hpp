#pragma once
// Reading a whole listing in tests with the blocking loop: every record and
// every source's failure, in the order the listing gave them.

#include <callbridge/listing.hpp>

#include <boost/asio/io_context.hpp>

#include <set>
#include <string>
#include <vector>

namespace callbridge::testing {

struct Drained {
    std::vector<CallRecord> records;
    std::vector<Error> failures;
};

inline Drained drain(boost::asio::io_context& io, Listing& listing) {
    Drained out;
    while (true) {
        auto item = listing.next(io);
        if (!item) {
            out.failures.push_back(item.error());
            continue;
        }
        if (!*item) break;
        out.records.push_back(std::move(**item));
    }
    return out;
}

inline std::set<std::string> ids_of(const std::vector<CallRecord>& records) {
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(r.id);
    return ids;
}

}  // namespace callbridge::testing
