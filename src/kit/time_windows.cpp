#include "kit/time_windows.hpp"

#include <callbridge/timestamp.hpp>

#include <charconv>
#include <cstdio>

namespace callbridge::kit {
namespace {

std::optional<std::int64_t> bound(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

}  // namespace

WindowStack WindowStack::decode(std::string_view token) {
    WindowStack stack;
    if (token.empty()) {
        stack.windows_.push_back({});
        return stack;
    }
    // "from:to,from:to,...", oldest first.
    while (!token.empty()) {
        const auto comma = token.find(',');
        const std::string_view window = token.substr(0, comma);
        const auto colon = window.find(':');
        if (colon != std::string_view::npos)
            stack.windows_.push_back({bound(window.substr(0, colon)), bound(window.substr(colon + 1))});
        if (comma == std::string_view::npos) break;
        token.remove_prefix(comma + 1);
    }
    if (stack.windows_.empty()) stack.windows_.push_back({});
    return stack;
}

std::string WindowStack::encode() const {
    std::string out;
    for (const Window& window : windows_) {
        if (!out.empty()) out += ',';
        if (window.from) out += std::to_string(*window.from);
        out += ':';
        if (window.to) out += std::to_string(*window.to);
    }
    return out;
}

bool WindowStack::split(std::int64_t newest, std::int64_t oldest) {
    const Window full = windows_.back();
    std::int64_t at = 0;
    if (full.from && full.to) {
        if (*full.to - *full.from <= 1) return false;
        at = *full.from + (*full.to - *full.from) / 2;
    } else if (!full.to) {
        at = newest + 1;  // what is newer than the newest returned, and the rest
    } else {
        at = oldest;  // what is older than the oldest returned, and the rest
        if (at >= *full.to) at = *full.to - 1;
    }
    windows_.pop_back();
    windows_.push_back({full.from, at});  // older
    windows_.push_back({at, full.to});    // newer, read first
    return true;
}

std::string format_epoch_milliseconds(std::int64_t millis) {
    const std::int64_t seconds = millis / 1000 - (millis % 1000 < 0 ? 1 : 0);
    const std::int64_t rest = millis - seconds * 1000;
    std::string text = format_rfc3339(Timestamp(std::chrono::seconds(seconds)));
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03lldZ", static_cast<long long>(rest));
    text.pop_back();  // the Z
    return text + fraction;
}

}  // namespace callbridge::kit
