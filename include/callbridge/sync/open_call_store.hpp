#pragma once
// The shipped stores, by URL (spec/sync.md, `--store`):
//   sqlite:PATH                          a file (created when missing); one machine
//   postgresql://user@host:port/db       a PostgreSQL database (also postgres://,
//                                        and libpq's parameters after "?")
// The schema is created, or migrated from an older version, on opening.

#include <callbridge/error.hpp>
#include <callbridge/sync/call_store.hpp>

#include <boost/system/result.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace callbridge {

/// A malformed URL is an invalid option error ("store"); one that cannot be
/// opened, a store_unavailable error. No error repeats a password.
boost::system::result<std::unique_ptr<CallStore>, Error> open_call_store(std::string_view url);

/// The URL with any password replaced by "REDACTED", for messages.
std::string redacted_store_url(std::string_view url);

/// The schema version this callbridge creates and reads.
inline constexpr int store_schema_version = 2;

}  // namespace callbridge
