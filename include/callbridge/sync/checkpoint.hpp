#pragma once
// Per source, what the next run needs (spec/sync.md): the high-water
// created_at, the calls still open, and the fingerprint of the source and
// filters it was taken under. Plain data with a JSON form, so a caller can
// keep it anywhere:
//
//   {"format":1,"fingerprint":{"provider":"autocalls","api_root":"https://app.autocalls.ai/api",
//    "source":"main","filters":{"status":["completed"]}},
//    "high_water":"2025-08-04T18:00:00Z","open":[{"id":"4211","created_at":"2025-08-04T17:58:12Z"}]}

#include <callbridge/error.hpp>
#include <callbridge/sync/source_fingerprint.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

/// A call seen with a status that is not final: it may still change, so
/// the next run reads back as far as it was created.
struct OpenCall {
    std::string id;
    Timestamp created_at{};

    friend bool operator==(const OpenCall&, const OpenCall&) = default;
};

struct Checkpoint {
    /// The format written by this callbridge; older formats are read.
    static constexpr int current_format = 1;

    SourceFingerprint fingerprint;
    /// The newest created_at seen by a complete run; none before any call.
    std::optional<Timestamp> high_water;
    /// Oldest first.
    std::vector<OpenCall> open_calls;

    friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

/// One line of JSON, as in the header comment.
std::string to_json(const Checkpoint& checkpoint);

/// Reads what to_json wrote (any format up to current_format). A newer
/// format, or a malformed one, is an invalid checkpoint error naming what.
boost::system::result<Checkpoint, Error> checkpoint_from_json(std::string_view json);

}  // namespace callbridge
