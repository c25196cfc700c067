#pragma once
// The failures of keeping a store in sync (spec/sync.md), in a category of
// their own ("callbridge.sync"), carried in callbridge::Error like the
// listing's.

#include <callbridge/error.hpp>

#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace callbridge {

enum class sync_errc {
    /// The store could not be opened: no such server, refused, a file that
    /// cannot be created, a schema newer than this callbridge knows.
    store_unavailable = 1,
    /// Reading or writing the store failed part way; nothing of that
    /// transaction was kept.
    store_failed,
    /// The source or its filters changed since the checkpoint was taken;
    /// the message names what changed. Nothing was sent.
    checkpoint_mismatch,
    /// A checkpoint (JSON) that cannot be read.
    invalid_checkpoint,
    /// Another worker holds the source's lease, or took it over after this
    /// worker's lease expired; this worker committed nothing more.
    lease_lost,
};

const boost::system::error_category& sync_error_category() noexcept;

inline boost::system::error_code make_error_code(sync_errc e) noexcept {
    return {static_cast<int>(e), sync_error_category()};
}

/// "store unavailable", "store failed", ...
std::string_view to_string(sync_errc e) noexcept;

/// An error of kind `kind` with `why` as its message (and `source` named
/// when it belongs to one).
Error sync_error(sync_errc kind, std::string why, std::string source = {});

}  // namespace callbridge

template <>
struct boost::system::is_error_code_enum<callbridge::sync_errc> : std::true_type {};
