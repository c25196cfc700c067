#pragma once
// The extension point: one account's calls, one page at a time. A plugin
// implements the private virtual without templates; callers use any Asio
// completion token (a callback, use_future, use_awaitable, deferred).

#include <callbridge/call_page.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/error.hpp>
#include <callbridge/source_events.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace callbridge {

/// One page read: the query, where the page starts, and how much of each call to read.
struct ListPageRequest {
    CallQuery query;
    PageCursor cursor;
    /// Also read each call's details where the vendor's list leaves fields
    /// out (Dialect::detail_request), before the query is checked. A source
    /// does so anyway when the query filters on such a field.
    bool details = false;
};

class CallSource {
public:
    using executor_type = boost::asio::any_io_executor;
    /// The page, or an error (nothing throws across this boundary).
    using list_page_signature = void(Error, CallPage);

    virtual ~CallSource() = default;

    /// The configured source name, written to each record's `source`.
    [[nodiscard]] virtual const std::string& name() const noexcept = 0;
    /// The provider (dialect) name: "autocalls", "talkover", ...
    [[nodiscard]] virtual std::string_view provider() const noexcept = 0;
    [[nodiscard]] virtual executor_type get_executor() const = 0;

    /// Whether a page can be asked for by its number alone
    /// (`PageCursor{n, {}}`) before the pages ahead of it have arrived, a page
    /// past the end coming back empty. A listing then asks for its first
    /// pages at once instead of page 1 first. The default: no.
    [[nodiscard]] virtual bool pages_by_number() const noexcept { return false; }

    /// Whether this source can answer `query` exactly: the error it would
    /// fail with (invalid query, unsupported filter), checked without any
    /// request.
    [[nodiscard]] virtual Error check_query(const CallQuery& query) const = 0;

    /// Also report this source's requests, responses, retries and waits to
    /// `handler` (on the source's executor), until removed with the id
    /// returned. A source with nothing to report may ignore it (the default).
    virtual std::uint64_t add_event_handler(SourceEventHandler handler) {
        (void)handler;
        return 0;
    }
    virtual void remove_event_handler(std::uint64_t id) { (void)id; }

    /// One page of the records that satisfy `query`, in the vendor's order,
    /// with the vendor's paging information. Cancel through the token's
    /// cancellation slot (the page then completes with operation_aborted).
    ///
    ///     auto [err, page] = co_await source.async_list_page(query, {}, asio::use_awaitable);
    template <boost::asio::completion_token_for<list_page_signature> Token>
    auto async_list_page(CallQuery query, PageCursor cursor, Token&& token) {
        return async_list_page(ListPageRequest{std::move(query), std::move(cursor)}, std::forward<Token>(token));
    }

    /// As above, with the details read too when `request.details` says so.
    template <boost::asio::completion_token_for<list_page_signature> Token>
    auto async_list_page(ListPageRequest request, Token&& token) {
        return boost::asio::async_initiate<Token, list_page_signature>(
            [this](auto handler, ListPageRequest r) { do_list_page(std::move(r), std::move(handler)); }, token,
            std::move(request));
    }

    /// For programs without an event loop of their own: runs `io` (the
    /// context this source's executor belongs to) on the calling thread until
    /// the page arrives. Not to be called from a handler running on `io`.
    boost::system::result<CallPage, Error> list_page(boost::asio::io_context& io, CallQuery query,
                                                     PageCursor cursor = {}) {
        std::optional<std::pair<Error, CallPage>> outcome;
        async_list_page(std::move(query), std::move(cursor),
                        [&outcome](Error error, CallPage page) { outcome.emplace(std::move(error), std::move(page)); });
        io.restart();
        while (!outcome && io.run_one() != 0) {
        }
        if (!outcome) return Error(boost::asio::error::operation_aborted);
        if (outcome->first) return std::move(outcome->first);
        return std::move(outcome->second);
    }

private:
    virtual void do_list_page(ListPageRequest request,
                              boost::asio::any_completion_handler<list_page_signature> handler) = 0;
};

}  // namespace callbridge
