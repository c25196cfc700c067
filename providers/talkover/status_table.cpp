#include "talkover/status_table.hpp"

#include <array>

namespace callbridge::providers::talkover {
namespace {

constexpr std::array<StatusTable::Entry, 10> words{{
    {"initiated", CallStatus::initiated},
    {"ringing", CallStatus::ringing},
    // Quirk: campaign calls wait as "queued" or "scheduled".
    {"queued", CallStatus::queued},
    {"scheduled", CallStatus::queued},
    // Quirk: "answered" means the call is live; the OpenAPI file says
    // "in-progress" for the same thing.
    {"answered", CallStatus::in_progress},
    {"in-progress", CallStatus::in_progress},
    {"completed", CallStatus::completed},
    {"busy", CallStatus::busy},
    {"no-answer", CallStatus::no_answer},
    {"failed", CallStatus::failed},
}};

// The values the list-calls page documents for the `status` filter.
constexpr std::array<std::string_view, 7> filter_words{
    "initiated", "ringing", "answered", "completed", "failed", "busy", "no-answer",
};

constexpr StatusTable table(words, filter_words);

}  // namespace

const StatusTable& status_table() noexcept { return table; }

}  // namespace callbridge::providers::talkover
