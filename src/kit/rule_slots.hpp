#pragma once
// Internal: a mapping's rules over calls read into slots
// (json/selective_reader.hpp). Each rule path's slot is looked up once, for
// the dialect, rather than by its whole path for every call of every page.

#include <callbridge/kit/call_mapping.hpp>

#include "json/selective_reader.hpp"

#include <cstdint>
#include <vector>

namespace callbridge::kit {

class RuleSlots {
public:
    /// `paths` are what the calls were read for; they include every path of the rules.
    RuleSlots(const CallMapping& mapping, const detail::PathSet& paths);

    /// The slot of path `path` of rule `rule`, or `elsewhere`: inside a value
    /// kept whole, or not read for (the call's FieldReader finds it, or says so).
    static constexpr std::uint32_t elsewhere = UINT32_MAX;
    [[nodiscard]] std::uint32_t slot(std::size_t rule, std::size_t path) const noexcept {
        return slots_[first_[rule] + path];
    }
    [[nodiscard]] std::size_t rule_count() const noexcept { return first_.size(); }

private:
    std::vector<std::uint32_t> first_;  // each rule's first path in slots_
    std::vector<std::uint32_t> slots_;
};

/// apply_mapping over a call read into slots (`slots`, `present`: its row
/// of SelectedBody), with `rule_slots` made for `mapping` (whose rules'
/// kinds were checked, as a ListDialect's are); `in` reads the same call,
/// for the paths found elsewhere and for failures.
FieldsRead apply_mapping_in_slots(const CallMapping& mapping, const RuleSlots& rule_slots,
                                  const boost::json::value* slots, const unsigned char* present, FieldReader& in,
                                  const PageContext& context, CallRecord& record);

}  // namespace callbridge::kit
