#pragma once
// The progress line on standard error while it is a terminal: pages, calls,
// the rate, retries and waits, redrawn in place a few times a second.
//
// When the records go to that same terminal (standard output and standard
// error the same device), the line and the records must never mix: the line
// is cleared before each record is written, and drawn again only after the
// records written so far were flushed, so that a record always starts at the
// beginning of an empty line.

#include <callbridge/listing.hpp>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace callbridge::cli {

class ProgressLine {
public:
    /// Draws nothing unless `enabled` and standard error is a terminal.
    explicit ProgressLine(bool enabled);
    ~ProgressLine();

    /// Standard output and standard error are the same terminal.
    static bool records_share_terminal();

    /// Records go to `output`, which is the terminal standard error is.
    void share_terminal_with(std::ostream& output) { shared_output_ = &output; }

    void update(const ListingProgress& progress);
    /// Before a record is written to the shared terminal: the line goes.
    void before_record();
    /// While records do not arrive (a few times a second): the line comes
    /// back with the latest counts, after the records written so far.
    void idle();
    /// Removes the line (before an error is printed, and at the end), after
    /// the records written so far.
    void clear();

    /// The text of the line, `elapsed` since the listing started.
    static std::string render(const ListingProgress& progress, std::chrono::steady_clock::duration elapsed);

private:
    void draw();
    void erase();

    bool enabled_;
    std::ostream* shared_output_ = nullptr;
    bool shown_ = false;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_draw_{};
    std::optional<ListingProgress> latest_;
};

}  // namespace callbridge::cli
