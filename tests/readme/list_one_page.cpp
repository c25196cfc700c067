// The README's first example (one page with co_await), in a program's context.

#include "list_one_page.includes.inc"

#include <callbridge/callbridge.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdlib>
#include <iostream>

namespace asio = boost::asio;

void readme_list_one_page() {
#include "list_one_page.body.inc"
}
