#pragma once
// The canonical record's enumerations, with their spelling in JSON.

#include <optional>
#include <span>
#include <string_view>

namespace callbridge {

enum class Direction { inbound, outbound, web };

enum class CallStatus {
    initiated,
    queued,
    ringing,
    in_progress,
    completed,
    busy,
    no_answer,
    failed,
    /// Called off before it connected (Twilio's `canceled`, for instance).
    canceled,
    /// Any vendor status the status table does not name; the vendor's word is
    /// kept in CallRecord::provider_status.
    unknown,
};

enum class EndedBy { customer, assistant };

enum class AnsweredBy { human, machine, unknown };

/// Whether a call in this status can no longer change: completed, busy,
/// no_answer, failed and canceled (spec: call-record.md, "Status").
constexpr bool is_final(CallStatus status) noexcept {
    switch (status) {
        case CallStatus::completed:
        case CallStatus::busy:
        case CallStatus::no_answer:
        case CallStatus::failed:
        case CallStatus::canceled: return true;
        default: return false;
    }
}

std::string_view to_string(Direction value) noexcept;
std::string_view to_string(CallStatus value) noexcept;
std::string_view to_string(EndedBy value) noexcept;
std::string_view to_string(AnsweredBy value) noexcept;

/// The inverse of to_string: `parse<CallStatus>("no_answer")`. Nothing for a
/// spelling that is not exactly one of the enum's names.
template <class Enum>
std::optional<Enum> parse(std::string_view text) noexcept;

template <> std::optional<Direction> parse<Direction>(std::string_view text) noexcept;
template <> std::optional<CallStatus> parse<CallStatus>(std::string_view text) noexcept;
template <> std::optional<EndedBy> parse<EndedBy>(std::string_view text) noexcept;
template <> std::optional<AnsweredBy> parse<AnsweredBy>(std::string_view text) noexcept;

/// Every value of an enumeration, in declaration order (for help texts and
/// error messages).
template <class Enum>
std::span<const Enum> all_values() noexcept;

template <> std::span<const Direction> all_values<Direction>() noexcept;
template <> std::span<const CallStatus> all_values<CallStatus>() noexcept;
template <> std::span<const EndedBy> all_values<EndedBy>() noexcept;
template <> std::span<const AnsweredBy> all_values<AnsweredBy>() noexcept;

}  // namespace callbridge
