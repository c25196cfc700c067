#pragma once
// Internal: one source of a listing, page by page, in order. Pages are
// fetched ahead concurrently; each is delivered only once the page before it
// is, and only when the two join up (see advance()).

#include "listing/id_window.hpp"

#include <callbridge/call_source.hpp>
#include <callbridge/listing.hpp>

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>

namespace callbridge::detail {

class SourceWalker : public std::enable_shared_from_this<SourceWalker> {
public:
    struct Limits {
        std::size_t concurrency = 4;
        /// The listing's limit: no page is fetched that could only serve
        /// records past it.
        std::optional<std::uint64_t> records;
    };

    SourceWalker(boost::asio::strand<boost::asio::any_io_executor> strand, std::shared_ptr<CallSource> source,
                 CallQuery query, Limits limits, std::function<void()> on_change);
    ~SourceWalker();

    /// Fetches what it may. Called again whenever records were taken.
    void schedule();

    [[nodiscard]] bool has_record() const noexcept { return !ready_.empty(); }
    [[nodiscard]] const CallRecord& front() const { return ready_.front(); }
    CallRecord pop();
    /// True when no more records will come (the end, a failure, a cancel).
    [[nodiscard]] bool finished() const noexcept { return finished_ && ready_.empty(); }
    /// The failure, once, when there was one.
    std::optional<Error> take_failure();

    void cancel();
    /// The records the listing still wants from anyone; 0 stops fetching.
    void set_wanted(std::optional<std::uint64_t> records) { limits_.records = records; }

    [[nodiscard]] SourceProgress progress() const;
    [[nodiscard]] const std::shared_ptr<CallSource>& source() const noexcept { return source_; }

private:
    void fetch(const PageCursor& cursor);
    void on_page(std::uint32_t page, Error error, CallPage result);
    void advance();
    void deliver(CallPage& page);
    void finish(std::optional<Error> failure);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::shared_ptr<CallSource> source_;
    CallQuery query_;
    Limits limits_;
    std::function<void()> on_change_;

    // Paging: `frontier_` is the next page to deliver. Numbered paging (the
    // vendor says how many pages and records there are) fetches ahead;
    // anything else goes one cursor at a time.
    PageCursor frontier_;
    bool numbered_ = false;
    std::map<std::uint32_t, CallPage> fetched_;  // ahead of the frontier
    std::map<std::uint32_t, std::unique_ptr<boost::asio::cancellation_signal>> in_flight_;
    std::map<std::uint32_t, int> refetched_;
    std::optional<std::uint64_t> previous_total_;  // of the last page delivered
    std::optional<std::uint64_t> first_total_;
    std::uint64_t largest_total_ = 0;

    std::optional<Timestamp> first_delivered_;
    std::optional<Timestamp> last_delivered_;  // the oldest delivered so far
    std::deque<CallRecord> ready_;
    IdWindow seen_;
    bool finished_ = false;
    bool cancelled_ = false;
    std::optional<Error> failure_;

    SourceProgress progress_;
    // Counted from the source's events, which arrive on its own executor.
    struct EventCounts {
        std::atomic<std::uint64_t> retries{0};
        std::atomic<std::int64_t> waited_ms{0};
    };
    std::shared_ptr<EventCounts> events_ = std::make_shared<EventCounts>();
    std::uint64_t subscription_ = 0;
};

}  // namespace callbridge::detail
