#pragma once
// Where synced calls, checkpoints, leases and the change feed live. Two
// stores ship (SQLite and PostgreSQL, see open_call_store); a caller may
// bring its own by implementing this interface over its own database.
//
// Every member is called from one thread at a time (the sync engine runs
// them on a thread of their own, off the listing's event loop) and may
// block. Each is one transaction: it happens whole or not at all.

#include <callbridge/call_record.hpp>
#include <callbridge/error.hpp>
#include <callbridge/sync/change.hpp>
#include <callbridge/sync/checkpoint.hpp>
#include <callbridge/sync/lease.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

/// A record as read, with what a store keeps of it.
struct VersionedRecord {
    CallRecord record;
    std::string json;     ///< to_json(record): canonical, `raw` excluded
    std::string version;  ///< canonical_json_version(json)
};

/// A call as the store holds it.
struct StoredCall {
    std::string source;
    std::string id;
    std::string version;
    std::string json;

    friend bool operator==(const StoredCall&, const StoredCall&) = default;
};

/// What a commit changed, by position in the records given.
struct CommittedChange {
    std::size_t index = 0;
    ChangeOp op = ChangeOp::insert;
    std::uint64_t seq = 0;
};

struct CommitResult {
    std::vector<CommittedChange> changes;
    std::uint64_t unchanged = 0;  ///< records already stored with that version
};

class CallStore {
public:
    virtual ~CallStore() = default;

    /// Takes `source` for `request.holder` when no live worker holds it (its
    /// lease is free or expired) and it is due. Granting increments the
    /// source's generation.
    virtual boost::system::result<LeaseOutcome, Error> acquire_lease(std::string_view source,
                                                                     const LeaseRequest& request) = 0;
    /// Extends the lease to `duration` from now; a lease_lost error when the
    /// source's generation is no longer the lease's.
    virtual Error renew_lease(const Lease& lease, std::chrono::milliseconds duration) = 0;
    /// Frees the lease (if still held) and, when `ran`, records that the
    /// source ran now (for LeaseRequest::due_after).
    virtual Error release_lease(const Lease& lease, bool ran) = 0;

    virtual boost::system::result<std::optional<Checkpoint>, Error> load_checkpoint(std::string_view source) = 0;
    /// Forgets the source's checkpoint (not its calls), under `lease`.
    virtual Error reset_checkpoint(const Lease& lease) = 0;

    /// In one transaction, only while `lease` is still the source's latest
    /// generation (else lease_lost and nothing written):
    ///  - each record whose (source, id) is unknown is an insert, one with
    ///    another version an update, the same version nothing;
    ///  - inserts and updates are stored and appended to the change feed,
    ///    numbered in commit order;
    ///  - `checkpoint`, when given, replaces the source's;
    ///  - the lease is renewed for `renew_for`.
    virtual boost::system::result<CommitResult, Error> commit(const Lease& lease,
                                                             std::span<const VersionedRecord> records,
                                                             const Checkpoint* checkpoint,
                                                             std::chrono::milliseconds renew_for) = 0;

    /// Changes with seq > `after`, in seq order, at most `max`.
    virtual boost::system::result<std::vector<Change>, Error> changes_since(std::uint64_t after,
                                                                            std::size_t max) = 0;

    /// Every call stored, in (source, id) order: for exports and tests.
    virtual boost::system::result<std::vector<StoredCall>, Error> stored_calls() = 0;
};

}  // namespace callbridge
