#include "autocalls/status_table.hpp"

#include <array>

namespace callbridge::providers::autocalls {
namespace {

// Autocalls documents no queued status.
constexpr std::array<StatusTable::Entry, 11> words{{
    {"initiated", CallStatus::initiated},
    {"ringing", CallStatus::ringing},
    {"in-progress", CallStatus::in_progress},
    {"completed", CallStatus::completed},
    {"ended", CallStatus::completed},
    {"ended_by_customer", CallStatus::completed},
    {"ended_by_assistant", CallStatus::completed},
    {"busy", CallStatus::busy},
    {"no-answer", CallStatus::no_answer},
    // Quirk: a settings page says "unanswered" where the filter list says
    // "no-answer"; calls carry either. The filter does not take it.
    {"unanswered", CallStatus::no_answer},
    {"failed", CallStatus::failed},
}};

// The values the list-calls page documents for the `status` filter.
constexpr std::array<std::string_view, 10> filter_words{
    "initiated", "ringing", "busy", "in-progress", "ended", "completed",
    "ended_by_customer", "ended_by_assistant", "no-answer", "failed",
};

constexpr StatusTable table(words, filter_words);

}  // namespace

const StatusTable& status_table() noexcept { return table; }

std::optional<EndedBy> ended_by(std::string_view vendor_status) noexcept {
    if (vendor_status == "ended_by_customer") return EndedBy::customer;
    if (vendor_status == "ended_by_assistant") return EndedBy::assistant;
    return std::nullopt;
}

}  // namespace callbridge::providers::autocalls
