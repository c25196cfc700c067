// The README's Listing loop, with the two sources and the sinks it names.

#include "listing_loop.includes.inc"

#include <callbridge/callbridge.hpp>

#include <boost/asio/io_context.hpp>

#include <memory>

namespace asio = boost::asio;

void report(const callbridge::Error&);
void write(const callbridge::CallRecord&);

void readme_listing_loop(asio::io_context& io, std::shared_ptr<callbridge::CallSource> main_account,
                         std::shared_ptr<callbridge::CallSource> talkover_account, callbridge::CallQuery query) {
#include "listing_loop.body.inc"
}
