#pragma once
// What a checkpoint was taken under (spec/sync.md): the provider, the API
// root, the source's name and its canonical filters, `created_from`
// included. The order of values in a list does not count; page size and
// limit are not filters of the set of calls and do not count either.

#include <callbridge/call_query.hpp>
#include <callbridge/error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

struct SourceFingerprint {
    std::string provider;
    std::string api_root;  ///< empty for a source with none (a plugin's own CallSource)
    std::string source;
    /// The canonical filters by their canonical names: statuses sorted and
    /// unique, instants in RFC 3339; filters not set are absent.
    boost::json::object filters;

    friend bool operator==(const SourceFingerprint&, const SourceFingerprint&) = default;
};

SourceFingerprint make_fingerprint(std::string_view provider, std::string_view api_root, std::string_view source,
                                   const CallQuery& query);

/// What differs, one phrase each ("filter status was [\"completed\"], is now
/// [\"completed\",\"failed\"]"); empty when nothing does.
std::vector<std::string> describe_differences(const SourceFingerprint& then, const SourceFingerprint& now);

boost::json::object to_json_object(const SourceFingerprint& fingerprint);
/// Errors are invalid checkpoint errors naming the member.
boost::system::result<SourceFingerprint, Error> fingerprint_from_json(const boost::json::value& json);

}  // namespace callbridge
