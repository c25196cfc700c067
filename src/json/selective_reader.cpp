#include "json/selective_reader.hpp"

#include "json/exact_double.hpp"

#include <callbridge/kit/field_reader.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <optional>
#include <stdexcept>

namespace callbridge::detail {

namespace {

// A few bytes and the length tell most member names apart; what they do
// not is told apart by comparing.
std::size_t name_hash(std::string_view name) noexcept {
    if (name.empty()) return 0;
    const auto at = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(name[i])); };
    return name.size() * 0x9E3779B1u ^ at(0) * 31u ^ at(name.size() - 1) * 131u ^ at(name.size() / 2) * 1031u;
}

// Member names are short: compared inline, eight (or four) bytes at a
// time, the last ones overlapping, rather than through a call to memcmp.
template <class Word>
Word word_at(std::string_view text, std::size_t at) noexcept {
    Word word;
    std::memcpy(&word, text.data() + at, sizeof word);
    return word;
}

bool same_name(std::string_view a, std::string_view b) noexcept {
    const std::size_t size = a.size();
    if (size != b.size()) return false;
    if (size >= 8) {
        for (std::size_t at = 0; at + 8 < size; at += 8)
            if (word_at<std::uint64_t>(a, at) != word_at<std::uint64_t>(b, at)) return false;
        return word_at<std::uint64_t>(a, size - 8) == word_at<std::uint64_t>(b, size - 8);
    }
    if (size >= 4)
        return word_at<std::uint32_t>(a, 0) == word_at<std::uint32_t>(b, 0) &&
               word_at<std::uint32_t>(a, size - 4) == word_at<std::uint32_t>(b, size - 4);
    for (std::size_t at = 0; at < size; ++at)
        if (a[at] != b[at]) return false;
    return true;
}

// Names by a hash, with open addressing at most half full: each entry is
// the index + 1 of the name, 0 for none.
template <class Entry, class NameOf>
std::vector<Entry> hash_table(std::size_t count, NameOf&& name_of) {
    std::size_t size = 4;
    while (size < count * 2) size *= 2;
    std::vector<Entry> table(size, 0);
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t at = name_hash(name_of(i)) & (size - 1);
        while (table[at] != 0) at = (at + 1) & (size - 1);
        table[at] = static_cast<Entry>(i + 1);
    }
    return table;
}

// The index of `name` in a hash_table, or nothing.
template <class Entry, class NameOf>
std::optional<std::size_t> look_up(const std::vector<Entry>& table, std::string_view name, NameOf&& name_of) noexcept {
    if (table.empty()) return std::nullopt;
    const std::size_t mask = table.size() - 1;
    for (std::size_t at = name_hash(name) & mask;; at = (at + 1) & mask) {
        const std::size_t entry = table[at];
        if (entry == 0) return std::nullopt;
        if (same_name(name_of(entry - 1), name)) return entry - 1;
    }
}

}  // namespace

const PathSet::Node* PathSet::Node::child(std::string_view key) const noexcept {
    const auto found = look_up(child_table, key, [&](std::size_t i) -> std::string_view { return children[i].name; });
    return found ? &children[*found] : nullptr;
}

void PathSet::index_children(Node& node) {
    node.child_table = hash_table<std::uint16_t>(
        node.children.size(), [&](std::size_t i) -> std::string_view { return node.children[i].name; });
    for (Node& child : node.children) index_children(child);
}

PathSet::Node& PathSet::make_path(std::string_view dotted_path) {
    Node* node = &root_;
    while (true) {
        const auto dot = dotted_path.find('.');
        const std::string_view name = dotted_path.substr(0, dot);
        Node* next = const_cast<Node*>(node->child(name));
        if (next == nullptr) {
            if (node->children.size() >= std::numeric_limits<std::uint16_t>::max())
                throw std::length_error("PathSet: more than 65534 members of one object");
            node->children.push_back(Node{.name = std::string(name)});
            next = &node->children.back();
        }
        node = next;
        if (dot == std::string_view::npos) return *node;
        dotted_path.remove_prefix(dot + 1);
    }
}

void PathSet::add(std::string_view dotted_path) {
    make_path(dotted_path).keep = true;
    reindex();
}

void PathSet::add_route(std::string_view dotted_path) {
    make_path(dotted_path);
    reindex();
}

void PathSet::reindex() {
    number_slots(root_, 0);
    index_children(root_);
    // Made aside and swapped in, so that a failure leaves the index as it was.
    std::vector<PathEntry> paths;
    index_paths(root_, "", paths);
    auto table = hash_table<std::uint32_t>(paths.size(), [&](std::size_t i) -> std::string_view { return paths[i].path; });
    paths_.swap(paths);
    path_table_.swap(table);
}

// `prefix` is the dotted path of `node` with its trailing dot ("" at the
// root): a member may be named "" too.
void PathSet::index_paths(const Node& node, const std::string& prefix, std::vector<PathEntry>& into) {
    for (const Node& child : node.children) {
        std::string path = prefix + child.name;
        if (!child.keep) index_paths(child, path + ".", into);
        into.push_back({std::move(path), child.keep, child.slot});
    }
}

const PathSet::PathEntry* PathSet::find_path(std::string_view dotted_path) const noexcept {
    const auto found =
        look_up(path_table_, dotted_path, [&](std::size_t i) -> std::string_view { return paths_[i].path; });
    return found ? &paths_[*found] : nullptr;
}

// Depth first, so that the kept paths under a node have consecutive slots.
std::size_t PathSet::number_slots(Node& node, std::size_t next) {
    node.first_slot = next;
    if (node.keep) {
        node.slot = next++;
    } else {
        for (Node& child : node.children) next = number_slots(child, next);
    }
    node.end_slot = next;
    return next;
}

const boost::json::value* find_in_slots(const PathSet& paths, const boost::json::value* slots,
                                        const unsigned char* present, std::string_view dotted_path, bool& read_for) {
    const PathSet::PathEntry* entry = paths.find_path(dotted_path);
    if (entry != nullptr && entry->keep) return present[entry->slot] != 0 ? &slots[entry->slot] : nullptr;
    if (entry == nullptr) {
        // Inside a value kept whole: the kept path it begins with. (A path
        // not indexed has no kept path below it.)
        for (auto dot = dotted_path.find('.'); dot != std::string_view::npos; dot = dotted_path.find('.', dot + 1)) {
            const PathSet::PathEntry* above = paths.find_path(dotted_path.substr(0, dot));
            if (above == nullptr) break;
            if (!above->keep) continue;
            if (present[above->slot] == 0) return nullptr;
            const auto* object = slots[above->slot].if_object();
            return object == nullptr ? nullptr : kit::FieldReader::find_in(*object, dotted_path.substr(dot + 1));
        }
    }
    // An object kept in part, or not read for at all.
    read_for = false;
    return nullptr;
}


namespace {

using boost::json::string_view;
using boost::system::error_code;

// What a value about to start is to the reader.
enum class Role {
    skip,     // not wanted: parsed, not built
    keep,     // wanted whole: built
    descend,  // an object holding wanted members
    root,     // the body, which must be an object
    records,  // the records array
    record,   // one element of the records array
};

class Handler {
public:
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    Handler(const Selection& selection, boost::json::storage_ptr storage)
        : selection_(selection),
          storage_(storage),
          stack_(boost::json::storage_ptr()),
          record_stack_(boost::json::storage_ptr()) {
        out_.body = boost::json::object(storage_);
        if (selection.record_slots) {
            // A page's worth of calls, as most vendors send at most.
            out_.slotted_records.reserve(128);
            out_.present.reserve(slot_count_ * 128);
        }
        std::string_view records = selection.records;
        while (!records.empty()) {
            const auto dot = records.find('.');
            records_path_.emplace_back(records.substr(0, dot));
            records = dot == std::string_view::npos ? std::string_view() : records.substr(dot + 1);
        }
    }

    SelectedBody release() { return std::move(out_); }
    /// Whether the records array was there.
    [[nodiscard]] bool records_seen() const noexcept { return records_seen_; }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }

    bool on_object_begin(error_code& ec) {
        if (building_ != 0) return ++building_, true;
        switch (role_of_next()) {
            case Role::keep: start_building(), building_ = 1; return true;
            case Role::root: frames_.push_back({Frame::Kind::track, &selection_.body.root(), false, false}); return true;
            case Role::descend:
                forget_body_member();
                if (in_record()) {
                    if (slotted())
                        clear_slots(*pending_node_);  // (the last of a member sent twice wins, as in an object)
                    else
                        record_stack_.push_key(pending_key_);
                }
                frames_.push_back({Frame::Kind::track, pending_node_, in_record(), true});
                path_.push_back(pending_key_);
                return true;
            case Role::record:
                record_stack_.reset(storage_);
                if (selection_.whole_records) {
                    whole_record_ = true;
                    target_ = &record_stack_;
                    building_ = 1;
                    return true;
                }
                if (selection_.record_slots) {
                    slots_ = static_cast<boost::json::value*>(
                        storage_->allocate(std::max<std::size_t>(slot_count_, 1) * sizeof(boost::json::value),
                                           alignof(boost::json::value)));
                    out_.slotted_records.push_back(slots_);
                    slot_base_ = out_.present.size();
                    out_.present.resize(slot_base_ + slot_count_, 0);
                }
                frames_.push_back({Frame::Kind::record, &selection_.record.root(), true, false});
                return true;
            case Role::records: return fail(ec);  // the records are an object, not an array
            case Role::skip: frames_.push_back({Frame::Kind::skip, nullptr, false, false}); return true;
        }
        return true;
    }

    bool on_object_end(std::size_t n, error_code&) {
        if (building_ != 0) {
            target_->push_object(n);
            if (--building_ == 0) finish_building();
            return true;
        }
        const Frame frame = frames_.back();
        if (frame.pushed_key) path_.pop_back();
        frames_.pop_back();
        if (frame.in_record && selection_.record_slots) {
            // (its values are in its slots)
        } else if (frame.in_record) {
            // A record or an object in one: its kept members become it.
            record_stack_.push_object(frame.kept);
            if (frame.kind == Frame::Kind::record)
                out_.records.push_back(std::move(record_stack_.release().get_object()));
            else
                ++frames_.back().kept;
        }
        return true;
    }

    bool on_array_begin(error_code& ec) {
        if (building_ != 0) return ++building_, true;
        switch (role_of_next()) {
            case Role::keep: start_building(), building_ = 1; return true;
            case Role::records:
                records_seen_ = true;
                forget_records();  // (a records array sent twice: the last wins, as in an object)
                frames_.push_back({Frame::Kind::records, nullptr, false, false});
                return true;
            case Role::root:     // the body is not an object
            case Role::record:   // a record that is not an object
                return fail(ec);
            case Role::descend:
                forget_descended();  // an array where an object was read in part
                frames_.push_back({Frame::Kind::skip, nullptr, false, false});
                return true;
            case Role::skip: frames_.push_back({Frame::Kind::skip, nullptr, false, false}); return true;
        }
        return true;
    }

    bool on_array_end(std::size_t n, error_code&) {
        if (building_ != 0) {
            target_->push_array(n);
            if (--building_ == 0) finish_building();
            return true;
        }
        frames_.pop_back();
        return true;
    }

    bool on_key_part(string_view s, std::size_t, error_code&) {
        if (building_ != 0) target_->push_chars(s);
        else if (tracking()) key_.append(s.data(), s.size());
        return true;
    }

    bool on_key(string_view s, std::size_t, error_code&) {
        if (building_ != 0) {
            target_->push_key(s);
            return true;
        }
        if (!tracking()) return true;
        std::string_view key(s.data(), s.size());
        if (!key_.empty()) key = key_.append(s.data(), s.size());  // the end of a key in parts
        const Frame& frame = frames_.back();
        pending_node_ = frame.node->child(key);
        pending_records_ = !frame.in_record && is_records_path(key);
        // Kept only for a member that is read (most are not).
        if (pending_node_ != nullptr || pending_records_) pending_key_.assign(key);
        key_.clear();
        return true;
    }

    bool on_string_part(string_view s, std::size_t, error_code& ec) {
        if (building_ != 0) {
            target_->push_chars(s);
            return true;
        }
        if (skipping_string_) return true;
        switch (role_of_next()) {
            case Role::keep:
                start_building();
                building_ = 1;
                string_kept_ = true;
                target_->push_chars(s);
                return true;
            case Role::root:
            case Role::records:
            case Role::record: return fail(ec);
            case Role::descend: forget_descended(), skipping_string_ = true; return true;
            default: skipping_string_ = true; return true;
        }
    }

    bool on_string(string_view s, std::size_t, error_code& ec) {
        if (string_kept_) {
            string_kept_ = false;
            building_ = 0;
            target_->push_string(s);
            finish_building();
            return true;
        }
        if (building_ != 0) {
            target_->push_string(s);
            return true;
        }
        if (skipping_string_) {
            skipping_string_ = false;
            return true;
        }
        return scalar(ec, [&] { target_->push_string(s); }, s);
    }

    bool on_number_part(string_view s, error_code&) {
        number_text_.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, string_view, error_code& ec) {
        number_text_.clear();
        return scalar(ec, [&] { target_->push_int64(i); }, i);
    }
    bool on_uint64(std::uint64_t u, string_view, error_code& ec) {
        number_text_.clear();
        return scalar(ec, [&] { target_->push_uint64(u); }, u);
    }
    bool on_double(double d, string_view s, error_code& ec) {
        std::string_view text(s.data(), s.size());
        if (!number_text_.empty()) text = number_text_.append(s.data(), s.size());
        const double value = exact_double(d, text);
        number_text_.clear();
        return scalar(ec, [&] { target_->push_double(value); }, value);
    }
    bool on_bool(bool b, error_code& ec) {
        return scalar(ec, [&] { target_->push_bool(b); }, b);
    }
    bool on_null(error_code& ec) {
        return scalar(ec, [&] { target_->push_null(); }, nullptr);
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    struct Frame {
        enum class Kind { track, record, records, skip };
        Kind kind;
        const PathSet::Node* node;  // track, record: where in the paths
        bool in_record;             // track, record: inside a record (else the body)
        bool pushed_key;            // track: its key is on path_
        std::size_t kept = 0;       // in a record: members kept so far
    };

    [[nodiscard]] bool tracking() const {
        return !frames_.empty() && (frames_.back().kind == Frame::Kind::track || frames_.back().kind == Frame::Kind::record);
    }
    [[nodiscard]] bool in_record() const { return !frames_.empty() && frames_.back().in_record; }
    [[nodiscard]] bool slotted() const { return selection_.record_slots && in_record(); }

    // A member read in part came again as something other than an object:
    // as in an object, the last wins, and it holds none of the paths.
    void forget_descended() {
        if (slotted()) clear_slots(*pending_node_);
        forget_body_member();
    }

    // A member of the body gone into comes again (as an object or not): as
    // in an object, the last wins, so what was kept under the first, and
    // records read beneath it, go.
    void forget_body_member() {
        if (in_record()) return;
        boost::json::object* into = &out_.body;
        for (const std::string& step : path_) {
            auto* value = into->if_contains(step);
            into = value != nullptr ? value->if_object() : nullptr;
            if (into == nullptr) break;
        }
        if (into != nullptr) into->erase(pending_key_);
        if (records_path_.size() > path_.size() + 1 &&
            std::equal(path_.begin(), path_.end(), records_path_.begin()) && records_path_[path_.size()] == pending_key_) {
            records_seen_ = false;
            forget_records();
        }
    }

    void forget_records() {
        out_.records.clear();
        out_.slotted_records.clear();
        out_.present.clear();
    }

    void clear_slots(const PathSet::Node& node) {
        std::fill(out_.present.begin() + static_cast<std::ptrdiff_t>(slot_base_ + node.first_slot),
                  out_.present.begin() + static_cast<std::ptrdiff_t>(slot_base_ + node.end_slot), 0);
    }

    // The records array sits at the records path of the body.
    [[nodiscard]] bool is_records_path(std::string_view key) const {
        if (records_path_.size() != path_.size() + 1) return false;
        for (std::size_t i = 0; i < path_.size(); ++i)
            if (path_[i] != records_path_[i]) return false;
        return records_path_.back() == key;
    }

    // What the value beginning now is to the reader.
    Role role_of_next() {
        if (frames_.empty()) {
            if (at_root_) return Role::skip;  // (nothing follows a document)
            at_root_ = true;
            return selection_.records.empty() ? Role::records : Role::root;
        }
        const Frame& frame = frames_.back();
        switch (frame.kind) {
            case Frame::Kind::records: return Role::record;
            case Frame::Kind::skip: return Role::skip;
            case Frame::Kind::track:
            case Frame::Kind::record:
                if (pending_records_) return Role::records;
                if (pending_node_ == nullptr) return Role::skip;
                return pending_node_->keep ? Role::keep : Role::descend;
        }
        return Role::skip;
    }

    bool fail(error_code& ec) {
        ec = boost::json::error::syntax;  // stops the parser; the caller reads the body whole
        return false;
    }

    // The value beginning now is kept, at path_ + its key. In a record it
    // goes onto the record's stack, which becomes the record at its end, as
    // a whole reading builds it; a kept member of the body is built alone.
    void start_building() {
        if (slotted()) {
            target_ = &record_stack_;
            record_stack_.reset(storage_);
            return;
        }
        if (in_record()) {
            target_ = &record_stack_;
            record_stack_.push_key(pending_key_);
            return;
        }
        target_ = &stack_;
        stack_.reset(storage_);
    }

    void finish_building() {
        if (whole_record_) {
            whole_record_ = false;
            out_.records.push_back(std::move(record_stack_.release().get_object()));
            return;
        }
        if (slotted()) {
            // (pending_node_ is still the kept value's: keys inside it went onto the stack)
            ::new (slots_ + pending_node_->slot) boost::json::value(record_stack_.release());
            out_.present[slot_base_ + pending_node_->slot] = 1;
            return;
        }
        if (in_record()) {
            ++frames_.back().kept;
            return;
        }
        // Laid out where the whole body has it.
        boost::json::value value = stack_.release();
        boost::json::object* into = &out_.body;
        for (const std::string& step_key : path_) {
            boost::json::value& step = (*into)[step_key];
            if (!step.is_object()) step = boost::json::object(storage_);
            into = &step.get_object();
        }
        into->insert_or_assign(pending_key_, std::move(value));
    }

    template <class Push, class Scalar>
    bool scalar(error_code& ec, Push&& push, Scalar scalar) {
        if (building_ != 0) {
            push();
            return true;
        }
        switch (role_of_next()) {
            case Role::keep:
                if (slotted()) {  // straight into its slot
                    ::new (slots_ + pending_node_->slot) boost::json::value(scalar, storage_);
                    out_.present[slot_base_ + pending_node_->slot] = 1;
                    return true;
                }
                start_building();
                push();
                finish_building();
                return true;
            case Role::root:
            case Role::records:
            case Role::record: return fail(ec);
            case Role::descend: forget_descended(); return true;
            default: return true;
        }
    }

    const Selection& selection_;
    boost::json::storage_ptr storage_;
    boost::json::value_stack stack_;         // a kept member of the body
    boost::json::value_stack record_stack_;  // the record being read
    boost::json::value_stack* target_ = &stack_;
    SelectedBody out_;
    std::vector<std::string> records_path_;

    std::vector<Frame> frames_;
    std::vector<std::string> path_;  // keys of the tracked objects we are in
    std::string key_;                // a key arriving in parts
    std::string pending_key_;
    const PathSet::Node* pending_node_ = nullptr;
    bool pending_records_ = false;
    bool at_root_ = false;
    bool records_seen_ = false;
    bool skipping_string_ = false;
    bool string_kept_ = false;

    std::size_t slot_count_ = selection_.record.slot_count();
    boost::json::value* slots_ = nullptr;  // the slots of the record being read
    std::size_t slot_base_ = 0;            // its first presence flag

    std::size_t building_ = 0;  // depth inside the container being built
    bool whole_record_ = false;
    std::string number_text_;
};

}  // namespace

std::optional<SelectedBody> read_selected(std::string_view text, const Selection& selection,
                                          boost::json::storage_ptr storage, std::size_t max_depth) {
    if (selection.record_slots && !storage.is_not_shared_and_deallocate_is_trivial())
        throw std::invalid_argument("read_selected: records read into slots need memory freed whole");
    boost::json::parse_options options;
    options.max_depth = max_depth;
    boost::json::basic_parser<Handler> parser(options, selection, storage);
    error_code ec;
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    if (ec || consumed < text.size() || !parser.handler().records_seen()) return std::nullopt;
    return parser.handler().release();
}

}  // namespace callbridge::detail
