#pragma once
// Internal: how the client and the sources run an operation. The coroutine
// lives on our strand; the caller's cancellation, emitted from whatever
// thread, is re-emitted there through a signal we own (a caller's signal may
// be emitted, or destroyed, on another strand while ours still runs); and the
// caller's handler is completed through a post, never inline.

#include <callbridge/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include <exception>
#include <memory>
#include <utility>

namespace callbridge::detail {

/// Completes `handler` with what `operation` returns: (Error, Value).
/// `keep_alive` lives until then (the object whose member the coroutine is).
template <class Value>
void run_on_strand(boost::asio::strand<boost::asio::any_io_executor> strand,
                   boost::asio::awaitable<std::pair<Error, Value>> operation,
                   boost::asio::any_completion_handler<void(Error, Value)> handler, std::shared_ptr<void> keep_alive) {
    namespace asio = boost::asio;
    auto signal = std::make_shared<asio::cancellation_signal>();
    if (auto outer = asio::get_associated_cancellation_slot(handler); outer.is_connected())
        outer.assign([signal, strand](asio::cancellation_type type) {
            asio::post(strand, [signal, type] { signal->emit(type); });
        });
    asio::co_spawn(
        strand, std::move(operation),
        asio::bind_cancellation_slot(
            signal->slot(), [strand, signal, keep_alive = std::move(keep_alive), handler = std::move(handler)](
                                std::exception_ptr failure, std::pair<Error, Value> result) mutable {
                if (failure) {
                    // Nothing in our operations throws; this is a last line.
                    try {
                        std::rethrow_exception(failure);
                    } catch (const boost::system::system_error& e) {
                        result.first = Error(e.code());
                    } catch (...) {
                        result.first = Error(asio::error::fault);
                    }
                }
                // Our hook in the caller's signal goes before the caller hears back.
                asio::get_associated_cancellation_slot(handler).clear();
                asio::post(strand, asio::append(std::move(handler), std::move(result.first), std::move(result.second)));
            }));
}

/// Whether the running coroutine was asked to stop.
inline boost::asio::awaitable<bool> cancelled() {
    auto state = co_await boost::asio::this_coro::cancellation_state;
    co_return state.cancelled() != boost::asio::cancellation_type::none;
}

}  // namespace callbridge::detail
