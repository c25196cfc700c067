#pragma once
// Internal to the shipped stores: a failure of the database thrown inside a
// store member and turned into a callbridge Error at its boundary (nothing
// throws out of a CallStore).

#include <callbridge/sync/sync_error.hpp>

#include <stdexcept>
#include <string>

namespace callbridge::detail {

struct StoreFailure : std::runtime_error {
    StoreFailure(sync_errc what_kind, std::string why) : std::runtime_error(why), kind(what_kind) {}
    sync_errc kind;
};

/// Runs `body`; a StoreFailure becomes its Error, after `rollback`.
template <class Result, class Body, class Rollback>
Result guarded(Body&& body, Rollback&& rollback) {
    try {
        return body();
    } catch (const StoreFailure& failure) {
        rollback();
        return sync_error(failure.kind, failure.what());
    }
}

/// Database messages end in newlines and sometimes span lines; errors are one line.
inline std::string one_line_message(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

}  // namespace callbridge::detail
