#pragma once
// The progress line on standard error while it is a terminal: pages, calls,
// retries and waits, redrawn in place a few times a second.

#include <callbridge/listing.hpp>

#include <chrono>
#include <string>

namespace callbridge::cli {

class ProgressLine {
public:
    /// Draws nothing unless `enabled` and standard error is a terminal.
    explicit ProgressLine(bool enabled);
    ~ProgressLine();

    void update(const ListingProgress& progress);
    /// Removes the line (before an error is printed, and at the end).
    void clear();

    /// The text of the line, for tests.
    static std::string render(const ListingProgress& progress);

private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace callbridge::cli
