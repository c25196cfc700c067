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

#include <cstdint>
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
    /// Numbers the slots anew.
    void add(std::string_view dotted_path);
    /// Adds a path to be gone into, keeping nothing there of its own (the
    /// way to a records array within the body).
    void add_route(std::string_view dotted_path);
    [[nodiscard]] bool empty() const noexcept { return root_.children.empty(); }

    struct Node {
        std::string name;
        bool keep = false;
        std::vector<Node> children;
        /// A kept node's slot; the slots of the kept nodes under any node
        /// are [first_slot, end_slot).
        std::size_t slot = 0;
        std::size_t first_slot = 0;
        std::size_t end_slot = 0;

        [[nodiscard]] const Node* child(std::string_view key) const noexcept;
        /// The children by a hash of their names: index + 1, or 0 for none
        /// (a member name is looked up for every member of every record).
        std::vector<std::uint16_t> child_table;
    };
    [[nodiscard]] const Node& root() const noexcept { return root_; }
    /// How many paths are kept (the slots of a record read into slots).
    [[nodiscard]] std::size_t slot_count() const noexcept { return root_.end_slot; }

    /// A node named by its whole dotted path, down to the kept nodes (not
    /// into what they keep): a mapping finds each field of every record by
    /// the path it names, in one lookup rather than one per step.
    struct PathEntry {
        std::string path;
        bool keep = false;
        std::size_t slot = 0;
    };
    [[nodiscard]] const PathEntry* find_path(std::string_view dotted_path) const noexcept;

private:
    Node& make_path(std::string_view dotted_path);
    void reindex();
    static std::size_t number_slots(Node& node, std::size_t next);
    static void index_children(Node& node);
    static void index_paths(const Node& node, const std::string& prefix, std::vector<PathEntry>& into);

    Node root_;
    std::vector<PathEntry> paths_;
    /// paths_ by a hash of the path: index + 1, or 0 for none.
    std::vector<std::uint32_t> path_table_;
};

struct Selection {
    /// The records array's dotted path; "" when the body is the array.
    /// Within an object of the body ("data.items"), that object's path is
    /// a route of `body` (PathSet::add_route), or the records are not found.
    std::string records;
    /// Kept outside the records (paging members, a failure flag).
    PathSet body;
    /// Kept inside each record.
    PathSet record;
    /// Every record kept whole instead.
    bool whole_records = false;
    /// Each record's kept values into slots (PathSet::Node::slot), not
    /// into an object of the record: no keys copied, no object of the
    /// record built or searched (members kept whole are built whole).
    bool record_slots = false;
};

struct SelectedBody {
    /// The kept members, at their paths (empty for a body that is an array).
    boost::json::object body;
    /// Each record: its kept members at their paths, or the whole record
    /// (none when the records are read into slots).
    std::vector<boost::json::object> records;
    /// Read into slots: record i's kept value of slot j is
    /// slotted_records[i][j], when present[i * slot_count + j] says it was
    /// there. The values live in the storage read into, which must free
    /// nothing until it is let go of whole (a monotonic resource): they are
    /// made in place and never destroyed.
    std::vector<const boost::json::value*> slotted_records;
    std::vector<unsigned char> present;
};

/// The value a call read into slots holds at a dotted path of the vendor's
/// object, or nullptr; `read_for` false when no path read covers it.
const boost::json::value* find_in_slots(const PathSet& paths, const boost::json::value* slots,
                                        const unsigned char* present, std::string_view dotted_path, bool& read_for);

/// Reads `text` keeping only `selection`, every value in `storage`. Nothing
/// when the text is not JSON or not of the shape the selection expects (no
/// records array, a record that is not an object): the caller reads the
/// whole body then, to say what is wrong with it.
std::optional<SelectedBody> read_selected(std::string_view text, const Selection& selection,
                                          boost::json::storage_ptr storage, std::size_t max_depth);

}  // namespace callbridge::detail
