#include "common/status_table.hpp"

#include <algorithm>

namespace callbridge::providers {

CallStatus StatusTable::canonical(std::string_view word) const noexcept {
    for (const auto& [w, status] : words_)
        if (w == word) return status;
    return CallStatus::unknown;
}

bool StatusTable::is_filter_word(std::string_view word) const noexcept {
    return std::find(filter_words_.begin(), filter_words_.end(), word) != filter_words_.end();
}

std::optional<std::string_view> StatusTable::equivalent_filter_word(CallStatus status) const noexcept {
    std::optional<std::string_view> only;
    for (const auto& [word, mapped] : words_) {
        if (mapped != status) continue;
        if (only || !is_filter_word(word)) return std::nullopt;  // several words, or one the filter refuses
        only = word;
    }
    return only;
}

bool StatusTable::can_produce(CallStatus status) const noexcept {
    return status == CallStatus::unknown ||
           std::any_of(words_.begin(), words_.end(), [&](const Entry& entry) { return entry.second == status; });
}

void push_status_filter(QueryPlan& plan, const CallQuery& query, const StatusTable& table) {
    if (query.provider_status && table.is_filter_word(*query.provider_status))
        plan.vendor_params.emplace_back("status", *query.provider_status);
    else if (query.statuses.size() == 1)
        if (auto word = table.equivalent_filter_word(query.statuses.front()))
            plan.vendor_params.emplace_back("status", std::string(*word));
    if (!query.statuses.empty() &&
        std::none_of(query.statuses.begin(), query.statuses.end(),
                     [&](CallStatus status) { return table.can_produce(status); }))
        plan.matches_nothing = true;
}

}  // namespace callbridge::providers
