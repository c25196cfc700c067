#include "sync/commit_plan.hpp"

namespace callbridge::detail {

CommitPlan plan_commit(std::span<const VersionedRecord> records, std::unordered_map<std::string, std::string> stored) {
    CommitPlan plan;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        auto [known, inserted] = stored.try_emplace(r.record.id, r.version);
        if (inserted) {
            plan.changes.push_back({i, ChangeOp::insert});
        } else if (known->second != r.version) {
            plan.changes.push_back({i, ChangeOp::update});
            known->second = r.version;
        } else {
            ++plan.unchanged;
        }
    }
    return plan;
}

}  // namespace callbridge::detail
