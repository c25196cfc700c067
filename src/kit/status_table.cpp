#include <callbridge/kit/status_table.hpp>

#include <algorithm>

namespace callbridge::kit {

CallStatus StatusTable::canonical(std::string_view word) const noexcept {
    for (const auto& entry : words_)
        if (entry.word == word) return entry.status;
    return CallStatus::unknown;
}

bool StatusTable::is_filter_word(std::string_view word) const noexcept {
    return std::find(filter_words_.begin(), filter_words_.end(), word) != filter_words_.end();
}

std::optional<std::string_view> StatusTable::equivalent_filter_word(CallStatus status) const noexcept {
    std::optional<std::string_view> only;
    for (const auto& entry : words_) {
        if (entry.status != status) continue;
        if (only || !is_filter_word(entry.word)) return std::nullopt;  // several words, or one the filter refuses
        only = entry.word;
    }
    return only;
}

std::optional<std::vector<std::string>> StatusTable::filter_words_for(const std::vector<CallStatus>& statuses) const {
    std::vector<std::string> words;
    for (const auto& entry : words_) {
        if (std::find(statuses.begin(), statuses.end(), entry.status) == statuses.end()) continue;
        if (!is_filter_word(entry.word)) return std::nullopt;  // a call the filter could not ask for
        words.push_back(entry.word);
    }
    // An unknown status is any word the table does not name: no filter can ask for it.
    if (std::find(statuses.begin(), statuses.end(), CallStatus::unknown) != statuses.end()) return std::nullopt;
    if (words.empty()) return std::nullopt;
    return words;
}

bool StatusTable::can_produce(CallStatus status) const noexcept {
    return status == CallStatus::unknown ||
           std::any_of(words_.begin(), words_.end(), [&](const Entry& entry) { return entry.status == status; });
}

void push_status_filter(QueryPlan& plan, const CallQuery& query, const StatusTable& table, std::string_view param) {
    if (!param.empty()) {
        if (query.provider_status && table.is_filter_word(*query.provider_status))
            plan.vendor_params.emplace_back(param, *query.provider_status);
        else if (query.statuses.size() == 1)
            if (auto word = table.equivalent_filter_word(query.statuses.front()))
                plan.vendor_params.emplace_back(param, std::string(*word));
    }
    if (!query.statuses.empty() &&
        std::none_of(query.statuses.begin(), query.statuses.end(),
                     [&](CallStatus status) { return table.can_produce(status); }))
        plan.matches_nothing = true;
}

}  // namespace callbridge::kit
