#pragma once
// Internal to the shipped stores: a failure of the database thrown inside a
// store member and turned into a callbridge Error at its boundary (nothing
// throws out of a CallStore).

#include <callbridge/sync/sync_error.hpp>

#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>

namespace callbridge::detail {

struct StoreFailure : std::runtime_error {
    StoreFailure(sync_errc what_kind, std::string why) : std::runtime_error(why), kind(what_kind) {}
    sync_errc kind;
};

/// Database messages end in newlines and sometimes span lines; errors are one line.
inline std::string one_line_message(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

/// Runs a store member's `body` (its transaction rolls back as it unwinds):
/// a StoreFailure becomes its Error, a database's failure naming the store.
template <class T, class Body>
boost::system::result<T, Error> guarded(const std::string& store, Body&& body) {
    try {
        return body();
    } catch (const StoreFailure& failure) {
        const bool database = failure.kind == sync_errc::store_failed || failure.kind == sync_errc::store_unavailable;
        return {boost::system::in_place_error,
                sync_error(failure.kind, database ? store + ": " + one_line_message(failure.what()) : failure.what())};
    }
}

/// As guarded, for a member with nothing to return.
template <class Body>
Error guarded_error(const std::string& store, Body&& body) {
    auto done = guarded<bool>(store, [&] {
        body();
        return true;
    });
    return done ? Error() : done.error();
}

}  // namespace callbridge::detail
