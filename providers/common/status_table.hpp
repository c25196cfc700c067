#pragma once
// A vendor's status words, the canonical status each stands for, and the
// words its `status` filter accepts; plus how a query's status filters are
// pushed down with them.

#include <callbridge/call_enums.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/dialect.hpp>

#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace callbridge::providers {

class StatusTable {
public:
    using Entry = std::pair<std::string_view, CallStatus>;

    constexpr StatusTable(std::span<const Entry> words, std::span<const std::string_view> filter_words) noexcept
        : words_(words), filter_words_(filter_words) {}

    /// `unknown` for a word the table does not name.
    [[nodiscard]] CallStatus canonical(std::string_view word) const noexcept;
    /// Whether the vendor's status filter accepts this word.
    [[nodiscard]] bool is_filter_word(std::string_view word) const noexcept;
    /// The one filter word equivalent to a canonical status, when exactly one
    /// word maps to it and the filter accepts that word.
    [[nodiscard]] std::optional<std::string_view> equivalent_filter_word(CallStatus status) const noexcept;
    /// Whether any record of this vendor can have this canonical status.
    [[nodiscard]] bool can_produce(CallStatus status) const noexcept;

private:
    std::span<const Entry> words_;
    std::span<const std::string_view> filter_words_;
};

/// Sends `status=<word>` when one filter word is exactly what the query asks
/// for (its provider_status, or its single canonical status); otherwise the
/// vendor is asked for more and the statuses are checked locally. Marks the
/// plan as matching nothing when no record of this vendor can have any of the
/// asked statuses.
void push_status_filter(QueryPlan& plan, const CallQuery& query, const StatusTable& table);

}  // namespace callbridge::providers
