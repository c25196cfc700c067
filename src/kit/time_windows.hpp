#pragma once
// Internal: the windows of creation time a TimeWindows walk has still to
// read, newest on top, carried from page to page in the cursor's token.
// Windows are half-open, [from, to), in milliseconds since 1970; a missing
// bound is open (the query's own bounds are added when a request is made).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::kit {

struct Window {
    std::optional<std::int64_t> from;  ///< inclusive
    std::optional<std::int64_t> to;    ///< exclusive
};

class WindowStack {
public:
    /// The stack a token holds; an empty token is the whole list, one open window.
    static WindowStack decode(std::string_view token);
    [[nodiscard]] std::string encode() const;

    [[nodiscard]] bool empty() const noexcept { return windows_.empty(); }
    [[nodiscard]] const Window& top() const { return windows_.back(); }
    void pop() { windows_.pop_back(); }

    /// Replaces the top window, which came back full, by two that cover it:
    /// at its middle, or, where a bound is open, next to the newest
    /// (`newest`) or oldest (`oldest`) call it returned. False when the
    /// window is one millisecond and cannot be split.
    bool split(std::int64_t newest, std::int64_t oldest);

private:
    std::vector<Window> windows_;  // the back is the newest
};

/// "2026-08-18T14:02:11.482Z".
std::string format_epoch_milliseconds(std::int64_t millis);

}  // namespace callbridge::kit
