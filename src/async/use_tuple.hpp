#pragma once
// Internal: the completion token for co_await that hands back (error, value)
// instead of throwing. Named once: GCC 12 mishandles temporaries in co_await
// expressions (a double free under ASan), so neither this token nor an async
// call's arguments are written as temporaries there.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace callbridge::detail {

inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace callbridge::detail
