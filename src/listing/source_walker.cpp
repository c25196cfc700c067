#include "listing/source_walker.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

namespace callbridge::detail {

namespace asio = boost::asio;

namespace {

// A page served before the page ahead of it is fetched again once; calls
// deleted meanwhile make the page before it read again, up to three times.
constexpr int max_frontier_refetches = 1;
constexpr int max_boundary_rereads = 3;

PageOrder page_order(const CallPage& page) {
    return page.info.order != PageOrder::unknown ? page.info.order : order_of(page.records);
}

std::optional<Timestamp> first_time(const CallPage& page) {
    if (page.info.first_created_at) return page.info.first_created_at;
    if (page.records.empty()) return std::nullopt;
    return page.records.front().created_at;
}

std::optional<Timestamp> last_time(const CallPage& page) {
    if (page.info.last_created_at) return page.info.last_created_at;
    if (page.records.empty()) return std::nullopt;
    return page.records.back().created_at;
}

}  // namespace

SourceWalker::SourceWalker(asio::strand<asio::any_io_executor> strand, std::shared_ptr<CallSource> source,
                           CallQuery query, Limits limits, std::function<void()> on_change)
    : strand_(std::move(strand)),
      source_(std::move(source)),
      query_(std::move(query)),
      limits_(limits),
      on_change_(std::move(on_change)),
      seen_(4 * static_cast<std::size_t>(query_.page_size)) {
    progress_.source = source_->name();
    subscription_ = source_->add_event_handler([counts = events_](const SourceEvent& event) {
        if (event.kind == SourceEvent::Kind::retry) ++counts->retries;
        if (event.kind == SourceEvent::Kind::retry || event.kind == SourceEvent::Kind::wait)
            counts->waited_ms += event.delay.count();
    });
}

SourceWalker::~SourceWalker() { source_->remove_event_handler(subscription_); }

void SourceWalker::schedule() {
    if (finished_) return;
    const auto page_size = static_cast<std::uint64_t>(query_.page_size);
    // Back-pressure: the reader has not taken what is here yet.
    if (ready_.size() >= limits_.concurrency * page_size) return;
    if (limits_.records && *limits_.records <= ready_.size()) return;

    if (walk_ == Walk::undecided) {
        // Page 1 first, and page 2 when page 1 does not show the order.
        const auto one = fetched_.find(1);
        if (one == fetched_.end()) {
            if (!in_flight_.contains(1)) fetch(1, frontier_);
        } else if (one->second.info.next && !fetched_.contains(one->second.info.next->page) &&
                   !in_flight_.contains(one->second.info.next->page)) {
            fetch(one->second.info.next->page, *one->second.info.next);
        }
        return;
    }
    if (rereading_) return;

    // How many pages from the frontier on, in the walk's direction.
    std::uint64_t ahead = numbered_ ? limits_.concurrency : 1;
    if (limits_.records)  // no page that could only serve records past the limit
        ahead = std::min(ahead, (*limits_.records - ready_.size() + page_size - 1) / page_size);
    if (walk_ == Walk::backward) ahead = std::min<std::uint64_t>(ahead, frontier_.page);
    else if (numbered_ && progress_.last_page && *progress_.last_page >= frontier_.page)
        ahead = std::min<std::uint64_t>(ahead, *progress_.last_page - frontier_.page + 1);
    for (std::uint64_t i = 0; i < std::max<std::uint64_t>(ahead, 1); ++i) {
        const auto page = static_cast<std::uint32_t>(walk_ == Walk::backward ? frontier_.page - i : frontier_.page + i);
        if (in_flight_.contains(page) || fetched_.contains(page)) continue;
        fetch(page, i == 0 ? frontier_ : PageCursor{page, {}});
    }
}

void SourceWalker::fetch(std::uint32_t page, const PageCursor& cursor) {
    auto signal = std::make_shared<asio::cancellation_signal>();
    in_flight_[page] = signal;
    source_->async_list_page(
        ListPageRequest{query_, cursor, limits_.details},
        asio::bind_cancellation_slot(signal->slot(),
                                     asio::bind_executor(strand_, [self = shared_from_this(), page](Error error,
                                                                                                    CallPage result) {
                                         self->on_page(page, std::move(error), std::move(result));
                                     })));
}

void SourceWalker::on_page(std::uint32_t page, Error error, CallPage result) {
    in_flight_.erase(page);
    if (finished_) return;
    if (error) {
        finish(std::move(error));
        on_change_();
        return;
    }
    ++progress_.pages;
    if (result.info.last_page)
        progress_.last_page = std::max(progress_.last_page.value_or(0), *result.info.last_page);
    if (result.info.total) {
        if (!first_total_) first_total_ = result.info.total;
        largest_total_ = std::max(largest_total_, *result.info.total);
        progress_.total = result.info.total;
        // A list that grows faster than it is read has no end to reach: more
        // calls created meanwhile than existed at the start (plus slack) is
        // a vendor gone wrong, not a busy account.
        const std::uint64_t slack = 10 * limits_.concurrency * static_cast<std::uint64_t>(query_.page_size);
        if (largest_total_ > 2 * *first_total_ + slack) {
            fail(page, "the vendor's list grew by " + std::to_string(largest_total_ - *first_total_) +
                           " calls while it was read (from " + std::to_string(*first_total_) +
                           "); stopping rather than chasing it");
            on_change_();
            return;
        }
    }
    if (rereading_ == page) {
        rereading_.reset();
        reread_previous(std::move(result));
    } else {
        fetched_[page] = std::move(result);
    }
    if (walk_ == Walk::undecided) decide_walk();
    advance();
    schedule();
    on_change_();
}

// Reads the vendor's order from page 1, or from pages 1 and 2 when page 1
// alone does not show it (one call, or calls of one second).
void SourceWalker::decide_walk() {
    const auto one = fetched_.find(1);
    if (one == fetched_.end()) return;
    const CallPage& first = one->second;
    const auto& next = first.info.next;
    numbered_ = first.info.total && first.info.last_page && (!next || (next->token.empty() && next->page == 2));
    PageOrder order = page_order(first);
    if (order == PageOrder::unknown && next) {
        const auto two = fetched_.find(next->page);
        if (two == fetched_.end()) return;  // schedule() fetches it
        order = page_order(two->second);
        const auto before = last_time(first);
        const auto after = first_time(two->second);
        if (order == PageOrder::unknown && before && after)
            order = *after < *before   ? PageOrder::newest_first
                    : *after > *before ? PageOrder::oldest_first
                                       : PageOrder::unknown;
    }
    progress_.order = order;
    switch (order) {
        case PageOrder::unknown:  // most vendors list newest first; nothing here says otherwise
        case PageOrder::newest_first: walk_ = Walk::forward; break;
        case PageOrder::oldest_first:
            walk_ = numbered_ && progress_.last_page ? Walk::backward : Walk::in_order;
            if (walk_ == Walk::backward) frontier_ = PageCursor{*progress_.last_page, {}};
            break;
        case PageOrder::unordered: walk_ = Walk::in_order; break;
    }
}

// Delivers fetched pages in order, each only when it joins up with the one
// before it. On a forward walk, calls created meanwhile join the front of the
// list, so a page served later reports a total at least as large as one
// served earlier. A page with a smaller total than the page before it:
//  - was served first: calls created in between pushed records from its end
//    onto the next page, where they would be missed. It is fetched again.
//  - or, still smaller when fetched again, came after calls were deleted:
//    records moved from its start back onto the page before, already
//    delivered. That page is read again (what it holds that is older than
//    what was delivered gets through) and this one fetched again after it.
// Records met twice because of a shift are recognised by the watermark.
void SourceWalker::advance() {
    while (!finished_ && walk_ != Walk::undecided && !rereading_) {
        auto found = fetched_.find(frontier_.page);
        if (found == fetched_.end()) return;
        CallPage& page = found->second;
        const bool forward = walk_ != Walk::backward;
        if (forward && numbered_ && previous_total_ && page.info.total && *page.info.total < *previous_total_) {
            fetched_.erase(found);
            ++progress_.refetches;
            if (frontier_refetches_ < max_frontier_refetches) {
                ++frontier_refetches_;
                fetch(frontier_.page, frontier_);
                return;
            }
            if (boundary_rereads_ < max_boundary_rereads && frontier_.page > 1) {
                ++boundary_rereads_;
                frontier_refetches_ = 0;
                rereading_ = frontier_.page - 1;
                fetch(*rereading_, PageCursor{*rereading_, {}});
                return;
            }
            fail(frontier_.page, "the vendor's list kept shrinking while it was read (calls deleted meanwhile?); "
                                 "stopping rather than risk missing calls");
            return;
        }
        // An empty vendor page ends a forward walk, whatever the vendor says
        // of more pages (a broken paginator would otherwise be walked page by
        // empty page) - unless the same response counts calls on it.
        const bool empty = page.info.vendor_records == 0;
        if (forward && empty && page.info.total && page.info.per_page &&
            std::uint64_t{page.info.page - 1} * *page.info.per_page < *page.info.total) {
            fail(page.info.page, "the page is empty but the vendor counts " + std::to_string(*page.info.total) +
                                     " calls, " + std::to_string(*page.info.per_page) + " a page");
            return;
        }
        deliver(page);
        previous_total_ = page.info.total;
        frontier_refetches_ = 0;
        boundary_rereads_ = 0;
        std::optional<PageCursor> next;
        if (!forward)
            next = frontier_.page > 1 ? std::optional(PageCursor{frontier_.page - 1, {}}) : std::nullopt;
        else if (!empty)
            next = page.info.next;
        fetched_.erase(found);
        if (!next) {
            finish(std::nullopt);
            return;
        }
        if (forward && *next == frontier_) {  // a cursor that does not move would be fetched for ever
            fail(frontier_.page, "the vendor's next page is the page just read; stopping rather than reading it again");
            return;
        }
        frontier_ = *next;
    }
}

void SourceWalker::reread_previous(CallPage result) {
    deliver(result);  // only what is older than the watermark, or unseen at it, gets through
    previous_total_ = result.info.total;
}

void SourceWalker::deliver(CallPage& page) {
    const PageOrder order = page_order(page);
    if (walk_ == Walk::forward && (order == PageOrder::oldest_first || order == PageOrder::unordered)) {
        // The vendor's order broke off: from here it is kept as it comes,
        // and nothing is left out for its time.
        walk_ = Walk::in_order;
        progress_.order = PageOrder::unordered;
    }
    if (walk_ != Walk::forward && numbered_ && first_total_)
        seen_.set_capacity(4 * static_cast<std::size_t>(query_.page_size) +
                           static_cast<std::size_t>(largest_total_ - std::min(largest_total_, *first_total_)));
    auto take = [&](CallRecord& record) {
        if (walk_ == Walk::forward) {
            // Newest first: a record newer than the oldest delivered so far
            // was served again by a shifted page, or created during the
            // listing; nothing that existed at the start can be.
            if (watermark_ && record.created_at > *watermark_) {
                ++progress_.newer_left_out;
                return;
            }
            if (watermark_ && record.created_at == *watermark_) {
                if (!at_watermark_.insert(record.id).second) return;  // the same call again
            } else {
                watermark_ = record.created_at;
                at_watermark_ = {record.id};
            }
        } else {
            if (seen_.contains(record.id)) return;
            seen_.add(record.id);
        }
        ready_.push_back(std::move(record));
    };
    if (walk_ == Walk::backward)
        for (auto record = page.records.rbegin(); record != page.records.rend(); ++record) take(*record);
    else
        for (CallRecord& record : page.records) take(record);
}

CallRecord SourceWalker::pop() {
    CallRecord record = std::move(ready_.front());
    ready_.pop_front();
    ++progress_.records;
    return record;
}

std::optional<Error> SourceWalker::take_failure() {
    auto failure = std::move(failure_);
    failure_.reset();
    return failure;
}

void SourceWalker::fail(std::uint32_t page, std::string why) {
    ErrorDetails details;
    details.source = source_->name();
    details.provider = std::string(source_->provider());
    details.page = page;
    details.message = std::move(why);
    finish(Error(errc::malformed_response, std::move(details)));
}

void SourceWalker::finish(std::optional<Error> failure) {
    if (finished_) return;
    finished_ = true;
    failure_ = std::move(failure);
    progress_.state = failure_ ? SourceProgress::State::failed : SourceProgress::State::done;
    // Pages still in flight are not needed. Their cancellation is emitted on
    // the source's executor, where the source handles its slots.
    for (const auto& entry : in_flight_)
        asio::post(source_->get_executor(),
                   [signal = entry.second] { signal->emit(asio::cancellation_type::terminal); });
    fetched_.clear();
}

void SourceWalker::cancel() {
    finish(std::nullopt);
    ready_.clear();
}

SourceProgress SourceWalker::progress() const {
    SourceProgress progress = progress_;
    progress.retries = events_->retries.load();
    progress.waited = std::chrono::milliseconds(events_->waited_ms.load());
    return progress;
}

}  // namespace callbridge::detail
