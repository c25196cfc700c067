#pragma once
// Internal: a list body read for what a dialect uses, and nothing else.
// Boost.JSON's basic_parser checks the whole text, but values are built only
// at the paths named: a page's paging members, and in each record of its
// records array the members the mapping reads (or every record whole, when
// the caller keeps the vendor's objects). What is built is laid out as the
// whole body would be, so the same readers serve both.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::detail {

/// Dotted paths into a JSON object, as a tree of member names.
class PathSet {
public:
    /// Adds a path; its whole value is kept (a scalar, or a subtree).
    void add(std::string_view dotted_path);
    /// Whether `dotted_path` is kept: itself, or inside a kept subtree.
    [[nodiscard]] bool covers(std::string_view dotted_path) const;
    [[nodiscard]] bool empty() const noexcept { return root_.children.empty(); }

    struct Node {
        std::string name;
        bool keep = false;
        std::vector<Node> children;

        [[nodiscard]] const Node* child(std::string_view key) const noexcept;
    };
    [[nodiscard]] const Node& root() const noexcept { return root_; }

private:
    Node root_;
};

struct Selection {
    /// The records array's dotted path; "" when the body is the array.
    std::string records;
    /// Kept outside the records (paging members, a failure flag).
    PathSet body;
    /// Kept inside each record.
    PathSet record;
    /// Every record kept whole instead.
    bool whole_records = false;
};

struct SelectedBody {
    /// The kept members, at their paths (empty for a body that is an array).
    boost::json::object body;
    /// Each record: its kept members at their paths, or the whole record.
    std::vector<boost::json::object> records;
};

/// Reads `text` keeping only `selection`, every value in `storage`. Nothing
/// when the text is not JSON or not of the shape the selection expects (no
/// records array, a record that is not an object): the caller reads the
/// whole body then, to say what is wrong with it.
std::optional<SelectedBody> read_selected(std::string_view text, const Selection& selection,
                                          boost::json::storage_ptr storage, std::size_t max_depth);

}  // namespace callbridge::detail
