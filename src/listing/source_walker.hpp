#pragma once
// Internal: one source of a listing, page by page, newest first.
//
// The vendor's order is read from its pages, not assumed:
//  - newest first: pages are walked forward, fetched ahead concurrently, and
//    each delivered once the page before it is; records the vendor serves
//    again (or calls created meanwhile) are recognised by being newer than
//    the oldest record delivered so far;
//  - oldest first: pages are walked backward from the last one, each
//    delivered reversed;
//  - no clear order: the vendor's order is kept, duplicates dropped by id.
// See advance() for how shifting pages are noticed and fetched again.

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
#include <unordered_set>

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

private:
    enum class Walk {
        undecided,  ///< page 1 (and maybe 2) tell the vendor's order
        forward,    ///< newest first: dedupe by the oldest time delivered
        backward,   ///< oldest first: last page first, each reversed
        in_order,   ///< no clear order: the vendor's order, dedupe by id
    };

    void fetch(std::uint32_t page, const PageCursor& cursor);
    void on_page(std::uint32_t page, Error error, CallPage result);
    void decide_walk();
    void advance();
    void reread_previous(CallPage result);
    void deliver(CallPage& page);
    void fail(std::uint32_t page, std::string why);
    void finish(std::optional<Error> failure);
    [[nodiscard]] bool direction_is_forward() const noexcept { return walk_ != Walk::backward; }

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::shared_ptr<CallSource> source_;
    CallQuery query_;
    Limits limits_;
    std::function<void()> on_change_;

    Walk walk_ = Walk::undecided;
    /// The vendor pages by number and counts its records: pages may be
    /// fetched ahead, and totals show pages shifting.
    bool numbered_ = false;
    /// The next page to deliver.
    PageCursor frontier_;
    std::map<std::uint32_t, CallPage> fetched_;
    // Each fetch's cancellation signal; shared, as an emit posted to the
    // source may outlive the entry.
    std::map<std::uint32_t, std::shared_ptr<boost::asio::cancellation_signal>> in_flight_;
    int frontier_refetches_ = 0;  // of the page at the frontier
    int boundary_rereads_ = 0;    // of the page before it
    std::optional<std::uint32_t> rereading_;
    std::optional<std::uint64_t> previous_total_;  // of the page delivered last
    std::optional<std::uint64_t> first_total_;
    std::uint64_t largest_total_ = 0;

    // Forward walks: the oldest time delivered, and which ids carry it.
    std::optional<Timestamp> watermark_;
    std::unordered_set<std::string> at_watermark_;
    // Other walks: the ids of the most recent records.
    IdWindow seen_;

    std::deque<CallRecord> ready_;
    bool finished_ = false;
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
