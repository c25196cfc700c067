#pragma once
// Talkover's status words (spec: the status table, Talkover column).

#include "common/status_table.hpp"

namespace callbridge::providers::talkover {

const StatusTable& status_table() noexcept;

}  // namespace callbridge::providers::talkover
