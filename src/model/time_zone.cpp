#include <callbridge/time_zone.hpp>

#include <date/tz.h>

#include <charconv>
#include <stdexcept>

namespace callbridge {
namespace {

using std::chrono::seconds;

// "+02:00", "-0530", "+3", "+03": at most 18 hours, minutes below 60.
std::optional<seconds> parse_offset(std::string_view text) {
    if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
    const int sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
    auto read = [](std::string_view digits, int& out) {
        if (digits.empty() || digits.size() > 2) return false;
        for (char c : digits)
            if (c < '0' || c > '9') return false;
        std::from_chars(digits.data(), digits.data() + digits.size(), out);
        return true;
    };
    int hours = 0;
    int minutes = 0;
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        if (text.size() - colon != 3 || !read(text.substr(0, colon), hours) ||
            !read(text.substr(colon + 1), minutes))
            return std::nullopt;
    } else if (text.size() == 4) {
        if (!read(text.substr(0, 2), hours) || !read(text.substr(2), minutes)) return std::nullopt;
    } else if (!read(text, hours)) {
        return std::nullopt;
    }
    if (hours > 18 || minutes > 59) return std::nullopt;
    return seconds(sign * (hours * 3600 + minutes * 60));
}

}  // namespace

std::optional<TimeZone> TimeZone::parse(std::string_view name) {
    TimeZone zone;
    if (name == "UTC" || name == "Z") return zone;
    zone.name_ = std::string(name);
    std::string_view offset = name;
    if (offset.starts_with("UTC") || offset.starts_with("GMT")) offset.remove_prefix(3);
    if (auto fixed = parse_offset(offset)) {
        zone.fixed_offset_ = *fixed;
        return zone;
    }
    try {
        zone.zone_ = date::locate_zone(name);
    } catch (const std::exception&) {
        // An unknown name, or no time zone database installed.
        return std::nullopt;
    }
    return zone;
}

std::chrono::sys_seconds TimeZone::to_sys(std::chrono::local_seconds local) const {
    if (zone_ == nullptr) return std::chrono::sys_seconds(local.time_since_epoch() - fixed_offset_);
    const date::local_seconds wall(local.time_since_epoch());
    const date::local_info info = zone_->get_info(wall);
    // For ambiguous and skipped times alike, `first` is the offset in force
    // before the change: the earlier reading of a repeated hour, and the
    // offset a clock that was not yet moved forward would show.
    return std::chrono::sys_seconds(local.time_since_epoch() - info.first.offset);
}

std::chrono::local_seconds TimeZone::to_local(std::chrono::sys_seconds instant) const {
    if (zone_ == nullptr) return std::chrono::local_seconds(instant.time_since_epoch() + fixed_offset_);
    const date::sys_info info = zone_->get_info(date::sys_seconds(instant.time_since_epoch()));
    return std::chrono::local_seconds(instant.time_since_epoch() + info.offset);
}

}  // namespace callbridge
