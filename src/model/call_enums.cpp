#include <callbridge/call_enums.hpp>

#include <array>
#include <utility>

namespace callbridge {
namespace {

template <class Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<Direction, 3> direction_names{{
    {Direction::inbound, "inbound"},
    {Direction::outbound, "outbound"},
    {Direction::web, "web"},
}};

constexpr Names<CallStatus, 10> status_names{{
    {CallStatus::initiated, "initiated"},
    {CallStatus::queued, "queued"},
    {CallStatus::ringing, "ringing"},
    {CallStatus::in_progress, "in_progress"},
    {CallStatus::completed, "completed"},
    {CallStatus::busy, "busy"},
    {CallStatus::no_answer, "no_answer"},
    {CallStatus::failed, "failed"},
    {CallStatus::canceled, "canceled"},
    {CallStatus::unknown, "unknown"},
}};

constexpr Names<EndedBy, 2> ended_by_names{{
    {EndedBy::customer, "customer"},
    {EndedBy::assistant, "assistant"},
}};

constexpr Names<AnsweredBy, 3> answered_by_names{{
    {AnsweredBy::human, "human"},
    {AnsweredBy::machine, "machine"},
    {AnsweredBy::unknown, "unknown"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const Names<Enum, N>& names, Enum value) noexcept {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return "?";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const Names<Enum, N>& names, std::string_view text) noexcept {
    for (const auto& [v, name] : names)
        if (name == text) return v;
    return std::nullopt;
}

template <class Enum, std::size_t N>
constexpr std::array<Enum, N> values_of(const Names<Enum, N>& names) noexcept {
    std::array<Enum, N> values{};
    for (std::size_t i = 0; i < N; ++i) values[i] = names[i].first;
    return values;
}

constexpr auto direction_values = values_of(direction_names);
constexpr auto status_values = values_of(status_names);
constexpr auto ended_by_values = values_of(ended_by_names);
constexpr auto answered_by_values = values_of(answered_by_names);

}  // namespace

std::string_view to_string(Direction value) noexcept { return name_of(direction_names, value); }
std::string_view to_string(CallStatus value) noexcept { return name_of(status_names, value); }
std::string_view to_string(EndedBy value) noexcept { return name_of(ended_by_names, value); }
std::string_view to_string(AnsweredBy value) noexcept { return name_of(answered_by_names, value); }

template <> std::optional<Direction> parse<Direction>(std::string_view text) noexcept {
    return value_of(direction_names, text);
}
template <> std::optional<CallStatus> parse<CallStatus>(std::string_view text) noexcept {
    return value_of(status_names, text);
}
template <> std::optional<EndedBy> parse<EndedBy>(std::string_view text) noexcept {
    return value_of(ended_by_names, text);
}
template <> std::optional<AnsweredBy> parse<AnsweredBy>(std::string_view text) noexcept {
    return value_of(answered_by_names, text);
}

template <> std::span<const Direction> all_values<Direction>() noexcept { return direction_values; }
template <> std::span<const CallStatus> all_values<CallStatus>() noexcept { return status_values; }
template <> std::span<const EndedBy> all_values<EndedBy>() noexcept { return ended_by_values; }
template <> std::span<const AnsweredBy> all_values<AnsweredBy>() noexcept { return answered_by_values; }

}  // namespace callbridge
