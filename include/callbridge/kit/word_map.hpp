#pragma once
// Vendor words for one canonical enumeration (directions, who ended a call,
// who answered), as data: exact words and word prefixes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::kit {

template <class Enum>
class WordMap {
public:
    struct Entry {
        std::string word;
        Enum value;
        /// Matches any word starting with `word` ("machine" for "machine_start").
        bool prefix = false;
    };

    WordMap() = default;
    WordMap(std::vector<Entry> entries) : entries_(std::move(entries)) {}

    /// The first exact entry for `word`, else the longest prefix entry.
    [[nodiscard]] std::optional<Enum> find(std::string_view word) const noexcept {
        const Entry* best = nullptr;
        for (const Entry& entry : entries_) {
            if (!entry.prefix && entry.word == word) return entry.value;
            if (entry.prefix && word.starts_with(entry.word) && (best == nullptr || entry.word.size() > best->word.size()))
                best = &entry;
        }
        if (best != nullptr) return best->value;
        return std::nullopt;
    }

    /// A vendor word standing exactly for `value` (for filters).
    [[nodiscard]] std::optional<std::string_view> word_for(Enum value) const noexcept {
        for (const Entry& entry : entries_)
            if (!entry.prefix && entry.value == value) return entry.word;
        return std::nullopt;
    }

    /// Whether any word maps to `value`.
    [[nodiscard]] bool can_produce(Enum value) const noexcept {
        for (const Entry& entry : entries_)
            if (entry.value == value) return true;
        return false;
    }

    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }

private:
    std::vector<Entry> entries_;
};

}  // namespace callbridge::kit
