#include "listing/source_walker.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace callbridge::detail {

namespace asio = boost::asio;

SourceWalker::SourceWalker(asio::strand<asio::any_io_executor> strand, std::shared_ptr<CallSource> source,
                           CallQuery query, Limits limits, std::function<void()> on_change)
    : strand_(std::move(strand)),
      source_(std::move(source)),
      query_(std::move(query)),
      limits_(limits),
      on_change_(std::move(on_change)),
      drift_(static_cast<std::uint32_t>(query_.page_size), limits_.concurrency),
      dedupe_(limits_.max_calls) {
    progress_.source = source_->name();
    events_->listing_waits = limits_.listing_waits;
}

// Subscribed on the first schedule(), on the strand, when the walker is
// owned by a shared_ptr the handler can hold weakly.
void SourceWalker::subscribe() {
    subscribed_ = true;
    const bool numbered_pages = source_->pages_by_number();
    subscription_ = source_->add_event_handler(
        [counts = events_, weak = weak_from_this(), strand = strand_, numbered_pages](const SourceEvent& event) {
            if (event.kind == SourceEvent::Kind::retry) ++counts->retries;
            if (event.kind == SourceEvent::Kind::retry || event.kind == SourceEvent::Kind::wait) {
                // The wait starts as it is announced; counted in wall-clock time.
                const auto now = WaitClock::clock::now();
                counts->waits.add(now, event.delay);
                if (counts->listing_waits) counts->listing_waits->add(now, event.delay);
            }
            if (numbered_pages && event.kind == SourceEvent::Kind::response && event.page_answered)
                asio::post(strand, [weak, page = event.page] {
                    if (auto self = weak.lock()) self->on_answered(page);
                });
        });
}

SourceWalker::~SourceWalker() {
    if (subscribed_) source_->remove_event_handler(subscription_);
}

void SourceWalker::schedule() {
    if (finished_) return;
    if (!subscribed_) subscribe();
    const auto page_size = static_cast<std::uint64_t>(query_.page_size);
    // Back-pressure: the reader has not taken what is here yet.
    if (ready_.size() >= limits_.concurrency * page_size) return;
    if (limits_.records && *limits_.records <= ready_.size()) return;

    if (!plan_) {
        // Page 1 first, and the page after it when page 1 does not show the order.
        const auto wanted = fetched_.contains(1) ? order_.second_page() : std::optional(frontier_);
        if (wanted && !fetched_.contains(wanted->page) && !in_flight_.contains(wanted->page))
            fetch(wanted->page, *wanted);
        // Pages asked for by number go out with page 1, the whole first wave
        // at once: waiting for page 1 would cost a round trip (and a page
        // past the end only comes back empty).
        if (!first_wave_sent_ && source_->pages_by_number()) {
            first_wave_sent_ = true;
            std::uint64_t wave = limits_.concurrency;
            if (limits_.records) wave = std::min(wave, (*limits_.records + page_size - 1) / page_size);
            for (std::uint32_t page = 2; page <= wave; ++page)
                if (!in_flight_.contains(page) && !fetched_.contains(page)) {
                    fetch(page, PageCursor{page, {}});
                    ahead_of_page_1_.insert(page);
                }
        }
        return;
    }
    if (rereading_) return;

    // How many pages from the frontier on, in the walk's direction.
    const bool backward = plan_->walk == Walk::backward;
    // Pages of the walk being read keep no connection busy (see answered_).
    std::uint64_t ahead = plan_->numbered ? limits_.concurrency + answered_in_window() : 1;
    if (limits_.records)  // no page that could only serve records past the limit
        ahead = std::min(ahead, (*limits_.records - ready_.size() + page_size - 1) / page_size);
    if (backward) ahead = std::min<std::uint64_t>(ahead, frontier_.page);
    else if (plan_->numbered && progress_.last_page && *progress_.last_page >= frontier_.page)
        ahead = std::min<std::uint64_t>(ahead, *progress_.last_page - frontier_.page + 1);
    for (std::uint64_t i = 0; i < std::max<std::uint64_t>(ahead, 1); ++i) {
        const auto page = static_cast<std::uint32_t>(backward ? frontier_.page - i : frontier_.page + i);
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

// Answered pages from the frontier on, within twice the concurrency, in the
// walk's direction: first-wave pages the walk does not start from take none
// of its connections, and free none.
std::uint64_t SourceWalker::answered_in_window() const {
    const std::uint64_t reach = 2 * limits_.concurrency;
    const std::uint64_t frontier = frontier_.page;
    const bool backward = plan_ && plan_->walk == Walk::backward;
    const auto counted = std::count_if(answered_.begin(), answered_.end(), [&](std::uint32_t page) {
        return backward ? page <= frontier && page + reach > frontier : page >= frontier && page < frontier + reach;
    });
    return std::min<std::uint64_t>(static_cast<std::uint64_t>(counted), limits_.concurrency);
}

void SourceWalker::on_answered(std::uint32_t page) {
    if (finished_ || !in_flight_.contains(page)) return;
    answered_.insert(page);
    schedule();
}

void SourceWalker::on_page(std::uint32_t page, Error error, CallPage result) {
    in_flight_.erase(page);
    answered_.erase(page);
    if (finished_) return;
    const bool asked_ahead = ahead_of_page_1_.erase(page) != 0;
    if (asked_ahead && (error || (plan_ && !in_first_round(page)))) {
        // Asked for before the walk knew its pages: it may lie past the end,
        // where some vendors answer with an error, or far from where the
        // walk starts, where it would be stale by the time the walk comes to
        // it. It is asked for again if the walk reaches it, and only then
        // does its error count.
        schedule();
        on_change_();
        return;
    }
    if (error) {
        finish(std::move(error));
        on_change_();
        return;
    }
    ++progress_.pages;
    if (result.info.last_page)
        progress_.last_page = std::max(progress_.last_page.value_or(0), *result.info.last_page);
    if (result.info.total) progress_.total = result.info.total;
    if (auto why = drift_.on_arrival(result.info)) {
        fail(page, std::move(*why));
        on_change_();
        return;
    }
    if (rereading_ == page) {
        // Only what was not delivered yet (and, walking forward, is not
        // newer than what was) gets through.
        rereading_.reset();
        const PageInfo info = result.info;
        if (deliver(result).over_capacity) {
            fail_over_capacity(page);
            on_change_();
            return;
        }
        drift_.after_reread(info);
    } else {
        fetched_[page] = std::move(result);
    }
    if (!plan_) read_order(page);
    advance();
    schedule();
    on_change_();
}

void SourceWalker::read_order(std::uint32_t page) {
    // Pages of the first wave may arrive before page 1: the order is read
    // from page 1, then, when page 1 does not show it, from the page after.
    std::optional<WalkPlan> plan;
    std::uint32_t read_from = 1;
    if (page == 1) plan = order_.read_first(fetched_.at(1));
    if (const auto& second = order_.second_page(); !plan && second && fetched_.contains(second->page)) {
        plan = order_.read_second(fetched_.at(second->page));
        read_from = second->page;
    }
    if (!plan) return;  // schedule() fetches the page after page 1
    plan_ = *plan;
    progress_.order = plan_->order;
    frontier_ = plan_->start;
    // First-wave pages the walk's own first round would not have asked for
    // (walking backward from the last page, say) are asked for again when
    // the walk reaches them: read at the start, they could miss calls that
    // shift onto them meanwhile.
    // (The pages the order was read from are kept, as they always were.)
    std::erase_if(fetched_, [&](const auto& entry) {
        return entry.first != 1 && entry.first != read_from && !in_first_round(entry.first);
    });
}

bool SourceWalker::in_first_round(std::uint32_t page) const {
    if (!plan_->numbered) return page == plan_->start.page;
    const std::uint64_t start = plan_->start.page;
    return plan_->walk == Walk::backward ? page <= start && page + limits_.concurrency > start
                                         : page >= start && page < start + limits_.concurrency;
}

// Delivers fetched pages in walk order, each only when it joins up with the
// one before it (see DriftDetector for when it does not).
void SourceWalker::advance() {
    using Action = DriftDetector::Verdict::Action;
    while (!finished_ && plan_ && !rereading_) {
        auto found = fetched_.find(frontier_.page);
        if (found == fetched_.end()) return;
        CallPage& page = found->second;
        auto verdict = drift_.check_frontier(page, frontier_, *plan_);
        switch (verdict.action) {
            case Action::deliver: break;
            case Action::fetch_again:
                fetched_.erase(found);
                ++progress_.refetches;
                fetch(frontier_.page, frontier_);
                return;
            case Action::reread_previous:
                fetched_.erase(found);
                ++progress_.refetches;
                rereading_ = frontier_.page - 1;
                fetch(*rereading_, PageCursor{*rereading_, {}});
                return;
            case Action::fail: fail(frontier_.page, std::move(verdict.why)); return;
        }
        const Delivered delivered = deliver(page);
        if (delivered.over_capacity) return fail_over_capacity(frontier_.page);
        std::optional<PageCursor> next;
        if (plan_->walk == Walk::backward)
            next = frontier_.page > 1 ? std::optional(PageCursor{frontier_.page - 1, {}}) : std::nullopt;
        else if (page.info.vendor_records != 0)  // an empty page ends a forward walk
            next = page.info.next;
        auto stopped = drift_.after_delivery(page, delivered.added, next, frontier_, *plan_);
        fetched_.erase(found);
        if (stopped) return fail(frontier_.page, std::move(*stopped));
        if (!next) return finish(std::nullopt);
        frontier_ = *next;
    }
}

SourceWalker::Delivered SourceWalker::deliver(CallPage& page) {
    if (plan_->walk == Walk::forward && OrderDetector::breaks_forward(page)) {
        // The vendor's order broke off: from here it is kept as it comes,
        // and nothing is left out for its time.
        plan_->walk = Walk::in_order;
        progress_.order = PageOrder::unordered;
    }
    Delivered delivered;
    auto take = [&](CallRecord& record) {
        switch (dedupe_.admit(record, plan_->walk == Walk::forward)) {
            case Deduplicator::Verdict::fresh:
                ready_.push_back(std::move(record));
                ++delivered.added;
                return true;
            case Deduplicator::Verdict::repeated: return true;
            case Deduplicator::Verdict::newer_left_out: ++progress_.newer_left_out; return true;
            case Deduplicator::Verdict::over_capacity: delivered.over_capacity = true; return false;
        }
        return true;
    };
    if (plan_->walk == Walk::backward) {
        for (auto record = page.records.rbegin(); record != page.records.rend(); ++record)
            if (!take(*record)) break;
    } else {
        for (CallRecord& record : page.records)
            if (!take(record)) break;
    }
    return delivered;
}

void SourceWalker::pop_into(std::vector<CallRecord>& records) {
    records.push_back(std::move(ready_.front()));
    ready_.pop_front();
    ++progress_.records;
}

std::optional<Error> SourceWalker::take_failure() {
    auto failure = std::move(failure_);
    failure_.reset();
    return failure;
}

void SourceWalker::fail(std::uint32_t page, std::string why) {
    ErrorDetails details;
    details.message = std::move(why);
    details.page = page;
    stop_with(Error(errc::malformed_response, std::move(details)));
}

void SourceWalker::fail_over_capacity(std::uint32_t page) {
    fail(page, "more than " + std::to_string(dedupe_.capacity()) +
                   " calls from this source, more than the listing remembers to list each once "
                   "(ListingOptions::max_calls_per_source); list it in parts (--from, --to)");
}

void SourceWalker::stop_with(Error failure) {
    if (finished_) return;
    ErrorDetails& details = failure.details();
    details.source = source_->name();
    details.provider = std::string(source_->provider());
    if (!details.page) details.page = rereading_.value_or(frontier_.page);
    finish(std::move(failure));
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
    progress.waited = events_->waits.waited(WaitClock::clock::now());
    return progress;
}

}  // namespace callbridge::detail
