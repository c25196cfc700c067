#pragma once
// Internal: the PostgreSQL store (`postgresql://...`), shared by workers on
// many machines, through libpq. Leases and times follow the server's clock,
// so that the workers' clocks need not agree.

#include <callbridge/sync/call_store.hpp>

#include <boost/system/result.hpp>

#include <memory>
#include <string>

namespace callbridge::detail {

boost::system::result<std::unique_ptr<CallStore>, Error> open_postgres_store(const std::string& url);

}  // namespace callbridge::detail
