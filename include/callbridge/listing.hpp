#pragma once
// The listing engine: every matching call from one or several sources, newest
// first, each once, nothing that existed when the listing started missed.

#include <callbridge/call_query.hpp>
#include <callbridge/call_record.hpp>
#include <callbridge/call_source.hpp>
#include <callbridge/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace callbridge {

/// Where one source of a listing stands.
struct SourceProgress {
    enum class State { running, done, failed };
    std::string source;
    State state = State::running;
    std::uint64_t pages = 0;       ///< pages fetched (refetches included)
    std::uint64_t records = 0;     ///< records delivered from this source
    std::optional<std::uint64_t> total;      ///< the vendor's latest count
    std::optional<std::uint32_t> last_page;  ///< the vendor's latest last page
    /// Pages fetched or read again because calls were created or deleted
    /// meanwhile.
    std::uint64_t refetches = 0;
    /// On a newest-first walk: records newer than one already delivered,
    /// left out. They are records a shifted page served again, or calls
    /// created during the listing (the spec allows either way); nothing that
    /// existed at the start can be newer.
    std::uint64_t newer_left_out = 0;
    /// The vendor's order as the listing read it: newest first (or unknown)
    /// is walked forward, oldest first backward from the last page; with no
    /// clear order, records come in the vendor's order.
    PageOrder order = PageOrder::unknown;
    std::uint64_t retries = 0;     ///< failed attempts retried (from the source's events)
    /// Time spent waiting for retries and rate limits, in wall-clock time:
    /// waits of several pages at once count once, a running wait its part so far.
    std::chrono::milliseconds waited{0};
};

struct ListingProgress {
    std::vector<SourceProgress> sources;
    std::uint64_t records = 0;  ///< delivered so far, all sources
    /// Time during which any source waited (retries, rate limits), in
    /// wall-clock time: never more than the time elapsed.
    std::chrono::milliseconds waited{0};
};

struct ListingOptions {
    /// Requests in flight per source. Where pages go by number, a page
    /// whose answer has arrived no longer counts while it is read (parsed),
    /// and the next page goes out at once: up to 2 x concurrency pages are
    /// unfinished. Also bounds memory: a source holds at most about
    /// 2 x concurrency pages of records, and as many answers being read.
    std::size_t concurrency = 4;
    /// Also read each call's details where the vendor's list leaves fields
    /// out (Retell's and Ultravox's transcripts, ElevenLabs' numbers and
    /// cost): one more request per call, under the same retry and rate-limit
    /// policy. A source reads them anyway when the query filters on such a field.
    bool details = false;
    /// The calls of one source a listing remembers, to deliver each once
    /// whatever order the vendor pages in: a 64-bit digest of each id, about
    /// 16 bytes a call (at most 22; 32 while the table grows); 10 million
    /// calls take 128 MiB (192 MiB while it last grew). One call more fails
    /// that source (errc::malformed_response, naming it); list it in parts
    /// (created_from, created_to) instead.
    std::uint64_t max_calls_per_source = 10'000'000;
    /// The longest the listing may take, from its first async_next. Sources
    /// not done by then fail (errc::transport, "deadline"); the records they
    /// had fetched are still delivered. Nothing: no deadline.
    std::optional<std::chrono::milliseconds> deadline;
    /// Called after every page (on the listing's strand).
    std::function<void(const ListingProgress&)> on_progress;
};

class Listing {
public:
    /// What async_next completes with:
    ///  - (no error, a record): the next record, newest first;
    ///  - (an error, nothing): a source failed (the error names it); the
    ///    others go on, so keep calling;
    ///  - (no error, nothing): the listing is over.
    using next_signature = void(Error, std::optional<CallRecord>);
    /// What async_next_batch completes with: as next_signature, but with
    /// every record known to come next at that moment (at least one, newest
    /// first) in one vector; an empty vector with no error is the end.
    using batch_signature = void(Error, std::vector<CallRecord>);

    /// Lists `query` from `sources`, merged newest first. Nothing is fetched
    /// until the first async_next. `executor` runs the listing's own work.
    Listing(boost::asio::any_io_executor executor, std::vector<std::shared_ptr<CallSource>> sources, CallQuery query,
            ListingOptions options = {});
    ~Listing();
    Listing(Listing&&) noexcept;
    Listing& operator=(Listing&&) noexcept;

    /// Whether every source can answer the query: the first refusal (invalid
    /// query, unsupported filter), naming the source, before any request.
    [[nodiscard]] Error check() const;

    /// The next record (see next_signature). Records are fetched ahead only
    /// as far as the concurrency allows and the caller keeps up: not calling
    /// is back-pressure. Cancel through the token's cancellation slot, or
    /// with cancel(); the listing then ends with operation_aborted.
    template <boost::asio::completion_token_for<next_signature> Token>
    auto async_next(Token&& token) {
        return boost::asio::async_initiate<Token, next_signature>(
            [this](auto handler) { do_next(std::move(handler)); }, token);
    }

    /// As async_next, with the records in batches: everything the sources
    /// have fetched that is sure to come next, handed over at once. For a
    /// caller that writes each record out, the hand-over is paid once a
    /// batch instead of once a record. A batch holds at most what the
    /// sources buffer (about 2 x concurrency pages each). Do not mix with a
    /// pending async_next: one call at a time, of either.
    template <boost::asio::completion_token_for<batch_signature> Token>
    auto async_next_batch(Token&& token) {
        return boost::asio::async_initiate<Token, batch_signature>(
            [this](auto handler) { do_next_batch(std::move(handler)); }, token);
    }

    /// For programs without an event loop: runs `io` on this thread until
    /// the next item is ready; an error is a failed source (the others go
    /// on), an empty optional the end.
    boost::system::result<std::optional<CallRecord>, Error> next(boost::asio::io_context& io);

    /// next() in batches (see async_next_batch): an empty vector is the end.
    boost::system::result<std::vector<CallRecord>, Error> next_batch(boost::asio::io_context& io);

    /// Stops fetching; the pending or next async_next (or async_next_batch)
    /// completes with operation_aborted.
    void cancel();

    /// Where the listing stands. Call it where the listing's work runs (from
    /// on_progress, or between async_next calls when one thread runs the
    /// executor); from another thread it races with the listing.
    [[nodiscard]] ListingProgress progress() const;

private:
    void do_next(boost::asio::any_completion_handler<next_signature> handler);
    void do_next_batch(boost::asio::any_completion_handler<batch_signature> handler);

    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace callbridge
