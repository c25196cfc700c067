#include <callbridge/sync/change.hpp>

namespace callbridge {

std::string_view to_string(ChangeOp op) noexcept { return op == ChangeOp::insert ? "insert" : "update"; }

std::optional<ChangeOp> parse_change_op(std::string_view text) noexcept {
    if (text == "insert") return ChangeOp::insert;
    if (text == "update") return ChangeOp::update;
    return std::nullopt;
}

std::string to_json(const Change& change) {
    std::string out = "{\"seq\":" + std::to_string(change.seq) + ",\"op\":\"" + std::string(to_string(change.op)) +
                      "\",\"record\":";
    append_json(out, change.record);
    out += '}';
    return out;
}

}  // namespace callbridge
