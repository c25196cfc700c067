#pragma once
// A vendor's status words, the canonical status each stands for, and the
// words its status filter accepts; and how a query's status filters are
// pushed down with them.

#include <callbridge/call_enums.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/dialect.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace callbridge::kit {

class StatusTable {
public:
    struct Entry {
        std::string word;
        CallStatus status;
    };

    StatusTable() = default;
    /// `filter_words`: what the vendor's status filter accepts (none: the
    /// vendor cannot filter by status).
    StatusTable(std::vector<Entry> words, std::vector<std::string> filter_words = {})
        : words_(std::move(words)), filter_words_(std::move(filter_words)) {}

    /// `unknown` for a word the table does not name.
    [[nodiscard]] CallStatus canonical(std::string_view word) const noexcept;
    /// Whether the vendor's status filter accepts this word.
    [[nodiscard]] bool is_filter_word(std::string_view word) const noexcept;
    /// The one filter word equivalent to a canonical status, when exactly one
    /// word maps to it and the filter accepts that word.
    [[nodiscard]] std::optional<std::string_view> equivalent_filter_word(CallStatus status) const noexcept;
    /// The filter words that stand for any of `statuses`, when every word
    /// that maps to them is a filter word (for vendors whose filter takes a
    /// list); nothing otherwise.
    [[nodiscard]] std::optional<std::vector<std::string>> filter_words_for(const std::vector<CallStatus>& statuses) const;
    /// Whether any record of this vendor can have this canonical status.
    [[nodiscard]] bool can_produce(CallStatus status) const noexcept;

    [[nodiscard]] const std::vector<Entry>& words() const noexcept { return words_; }
    [[nodiscard]] const std::vector<std::string>& filter_words() const noexcept { return filter_words_; }

private:
    std::vector<Entry> words_;
    std::vector<std::string> filter_words_;
};

/// Sends `<param>=<word>` when one filter word is exactly what the query
/// asks for (its provider_status, or its single canonical status); otherwise
/// the vendor is asked for more and the statuses are checked locally. Marks
/// the plan as matching nothing when no record of this vendor can have any of
/// the asked statuses. `param` empty: nothing is sent.
void push_status_filter(QueryPlan& plan, const CallQuery& query, const StatusTable& table,
                        std::string_view param = "status");

}  // namespace callbridge::kit
