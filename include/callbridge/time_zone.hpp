#pragma once
// The zone a source's zone-less timestamps are read in: UTC, a fixed offset
// or an IANA name from the system's time zone database.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace callbridge {

class TimeZone {
public:
    /// UTC.
    TimeZone() = default;

    static TimeZone utc() { return {}; }

    /// "UTC", "Z", a fixed offset ("+02:00", "-0530", "+03", "UTC+02:00") or
    /// an IANA name ("Europe/Bucharest"). Nothing for anything else.
    static std::optional<TimeZone> parse(std::string_view name);

    /// The instant a wall-clock time in this zone stands for. An ambiguous
    /// time (the repeated hour when clocks go back) reads as the earlier
    /// instant; a time that does not exist (skipped when clocks go forward)
    /// reads with the offset in force before the change.
    [[nodiscard]] std::chrono::sys_seconds to_sys(std::chrono::local_seconds local) const;

    /// The wall-clock time in this zone at an instant.
    [[nodiscard]] std::chrono::local_seconds to_local(std::chrono::sys_seconds instant) const;

    /// The name as given to parse(), or "UTC".
    [[nodiscard]] const std::string& name() const noexcept { return name_; }

private:
    std::string name_ = "UTC";
    std::chrono::seconds fixed_offset_{0};
    const date::time_zone* zone_ = nullptr;  // set for IANA names; lives as long as the program
};

}  // namespace callbridge
