#pragma once
// Internal: the SQLite store (`sqlite:PATH`), one file on one machine. Its
// writers take the database's write lock at BEGIN (BEGIN IMMEDIATE), so
// transactions, and with them the change feed's numbers, follow one another
// in commit order; WAL journaling keeps every committed transaction across
// a killed process.

#include <callbridge/sync/call_store.hpp>

#include <boost/system/result.hpp>

#include <memory>
#include <string>

namespace callbridge::detail {

boost::system::result<std::unique_ptr<CallStore>, Error> open_sqlite_store(const std::string& path);

}  // namespace callbridge::detail
