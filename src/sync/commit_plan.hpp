#pragma once
// Internal to the stores: which records of a batch are inserts, updates or
// nothing, given the versions already stored. A call read twice in one
// batch is compared with its own earlier read.

#include <callbridge/sync/call_store.hpp>

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace callbridge::detail {

struct PlannedChange {
    std::size_t index = 0;
    ChangeOp op = ChangeOp::insert;
};

struct CommitPlan {
    std::vector<PlannedChange> changes;
    std::uint64_t unchanged = 0;
};

/// `stored`: id -> version for the batch's calls already in the store.
CommitPlan plan_commit(std::span<const VersionedRecord> records, std::unordered_map<std::string, std::string> stored);

}  // namespace callbridge::detail
