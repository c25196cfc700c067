#pragma once
// Internal: one source of a listing, page by page, newest first.
//
// The walker schedules and sequences: it fetches pages (ahead, as far as the
// concurrency, the limit and the reader allow), and delivers them in walk
// order, each once the page before it is. What it decides on, it asks its
// parts:
//  - OrderDetector: which way to walk, from the first pages;
//  - DriftDetector: whether the page at the frontier joins up with the one
//    before it, or must be fetched again, or the page before it read again,
//    or the source fail (pages that shift, shrink, or stop moving);
//  - Deduplicator: which records to deliver, each call once.

#include "listing/deduplicator.hpp"
#include "listing/drift_detector.hpp"
#include "listing/order_detector.hpp"

#include <callbridge/call_source.hpp>
#include <callbridge/listing.hpp>

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include "listing/wait_clock.hpp"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace callbridge::detail {

class SourceWalker : public std::enable_shared_from_this<SourceWalker> {
public:
    struct Limits {
        std::size_t concurrency = 4;
        /// The listing's limit: no page is fetched that could only serve
        /// records past it.
        std::optional<std::uint64_t> records;
        /// Read each call's details too (ListingOptions::details).
        bool details = false;
        /// Calls the duplicate check remembers; one more fails the source.
        std::uint64_t max_calls = ListingOptions{}.max_calls_per_source;
        /// The whole listing's waits (all sources), beside this source's own.
        std::shared_ptr<WaitClock> listing_waits;
    };

    SourceWalker(boost::asio::strand<boost::asio::any_io_executor> strand, std::shared_ptr<CallSource> source,
                 CallQuery query, Limits limits, std::function<void()> on_change);
    ~SourceWalker();

    /// Fetches what it may. Called again whenever records were taken.
    void schedule();

    [[nodiscard]] bool has_record() const noexcept { return !ready_.empty(); }
    [[nodiscard]] const CallRecord& front() const { return ready_.front(); }
    /// Moves the front record onto the end of `records`.
    void pop_into(std::vector<CallRecord>& records);
    /// True when no more records will come (the end, a failure, a cancel).
    [[nodiscard]] bool finished() const noexcept { return finished_ && ready_.empty(); }
    /// The failure, once, when there was one.
    std::optional<Error> take_failure();

    void cancel();
    /// Fails the source with `failure` (named after it and the page it was
    /// at) unless it is done; records already fetched are still delivered.
    void stop_with(Error failure);
    /// The records the listing still wants from anyone; 0 stops fetching.
    void set_wanted(std::optional<std::uint64_t> records) { limits_.records = records; }

    [[nodiscard]] SourceProgress progress() const;

private:
    struct Delivered {
        std::size_t added = 0;
        bool over_capacity = false;
    };

    void subscribe();
    void fetch(std::uint32_t page, const PageCursor& cursor);
    void on_answered(std::uint32_t page);
    [[nodiscard]] std::uint64_t answered_in_window() const;
    void on_page(std::uint32_t page, Error error, CallPage result);
    void read_order(std::uint32_t page);
    /// Whether the walk's first round, from where it starts, asks for `page`.
    [[nodiscard]] bool in_first_round(std::uint32_t page) const;
    void advance();
    Delivered deliver(CallPage& page);
    void fail(std::uint32_t page, std::string why);
    void fail_over_capacity(std::uint32_t page);
    void finish(std::optional<Error> failure);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::shared_ptr<CallSource> source_;
    CallQuery query_;
    Limits limits_;
    std::function<void()> on_change_;

    OrderDetector order_;
    std::optional<WalkPlan> plan_;  // once the order is read
    DriftDetector drift_;
    Deduplicator dedupe_;

    /// The next page to deliver.
    PageCursor frontier_;
    std::map<std::uint32_t, CallPage> fetched_;
    // Each fetch's cancellation signal; shared, as an emit posted to the
    // source may outlive the entry.
    std::map<std::uint32_t, std::shared_ptr<boost::asio::cancellation_signal>> in_flight_;
    /// Pages in flight whose answer arrived and is being read: their
    /// connection is free, and a walk by page numbers sends the next pages
    /// on it rather than wait for the reading.
    std::set<std::uint32_t> answered_;
    /// The page before the frontier, while it is read again.
    std::optional<std::uint32_t> rereading_;
    /// Pages after page 1 asked for with it (CallSource::pages_by_number),
    /// while they are in flight.
    bool first_wave_sent_ = false;
    std::set<std::uint32_t> ahead_of_page_1_;

    std::deque<CallRecord> ready_;
    bool finished_ = false;
    std::optional<Error> failure_;

    SourceProgress progress_;
    // Counted from the source's events, which arrive on its own executor.
    struct EventCounts {
        std::atomic<std::uint64_t> retries{0};
        WaitClock waits;
        std::shared_ptr<WaitClock> listing_waits;
    };
    std::shared_ptr<EventCounts> events_ = std::make_shared<EventCounts>();
    std::uint64_t subscription_ = 0;
    bool subscribed_ = false;
};

}  // namespace callbridge::detail
