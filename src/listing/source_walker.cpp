#include "listing/source_walker.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>

namespace callbridge::detail {

namespace asio = boost::asio;

namespace {

// Refetches of one page before accepting a smaller total (calls deleted meanwhile).
constexpr int max_refetches = 3;

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

    std::uint64_t last = frontier_.page;
    if (numbered_) {
        last = frontier_.page + limits_.concurrency - 1;
        if (progress_.last_page) last = std::max<std::uint64_t>(frontier_.page, std::min<std::uint64_t>(last, *progress_.last_page));
    }
    if (limits_.records) {
        // No page that could only serve records past the limit.
        const std::uint64_t wanted = *limits_.records > ready_.size() ? *limits_.records - ready_.size() : 0;
        if (wanted == 0) return;
        last = std::min(last, frontier_.page + (wanted + page_size - 1) / page_size - 1);
    }
    for (std::uint64_t page = frontier_.page; page <= last; ++page) {
        const auto number = static_cast<std::uint32_t>(page);
        if (in_flight_.contains(number) || fetched_.contains(number)) continue;
        fetch(number == frontier_.page ? frontier_ : PageCursor{number, {}});
    }
}

void SourceWalker::fetch(const PageCursor& cursor) {
    auto& signal = in_flight_[cursor.page];
    signal = std::make_unique<asio::cancellation_signal>();
    source_->async_list_page(
        query_, cursor,
        asio::bind_cancellation_slot(
            signal->slot(), asio::bind_executor(strand_, [self = shared_from_this(), page = cursor.page](
                                                             Error error, CallPage result) {
                self->on_page(page, std::move(error), std::move(result));
            })));
}

void SourceWalker::on_page(std::uint32_t page, Error error, CallPage result) {
    in_flight_.erase(page);  // its operation is over: the signal may go
    if (finished_) return;
    if (error) {
        finish(std::move(error));
        on_change_();
        return;
    }
    ++progress_.pages;
    if (result.info.total) {
        if (!first_total_) first_total_ = result.info.total;
        largest_total_ = std::max(largest_total_, *result.info.total);
        progress_.total = result.info.total;
        // A list that grows faster than it is read has no end to reach: more
        // calls created meanwhile than existed at the start (plus slack) is
        // a vendor gone wrong, not a busy account.
        const std::uint64_t slack = 10 * limits_.concurrency * static_cast<std::uint64_t>(query_.page_size);
        if (largest_total_ > 2 * *first_total_ + slack) {
            ErrorDetails details;
            details.source = source_->name();
            details.provider = std::string(source_->provider());
            details.page = page;
            details.message = "the vendor's list grew by " + std::to_string(largest_total_ - *first_total_) +
                              " calls while it was read (from " + std::to_string(*first_total_) +
                              "); stopping rather than chasing it";
            finish(Error(errc::malformed_response, std::move(details)));
            on_change_();
            return;
        }
    }
    if (result.info.last_page)
        progress_.last_page = std::max(progress_.last_page.value_or(0), *result.info.last_page);
    if (page == 1 && progress_.pages == 1) {
        // Fetch ahead only when the vendor pages by number and says how many
        // records there are: the totals are what shows pages shifting.
        const auto& next = result.info.next;
        numbered_ = result.info.total && result.info.last_page &&
                    (!next || (next->token.empty() && next->page == 2));
    }
    fetched_[page] = std::move(result);
    advance();
    schedule();
    on_change_();
}

// Delivers fetched pages in order, each only when it joins up with the one
// before it. Calls are created at the front of a newest-first list, so a page
// served later reports a total at least as large as one served earlier. A
// page with a smaller total than its predecessor was served before it: the
// calls created in between pushed records from the end of this page onto the
// next, where they would be missed. Such a page is fetched again. (Records
// seen twice because of the same shift are dropped by the id window.)
void SourceWalker::advance() {
    while (!finished_) {
        auto found = fetched_.find(frontier_.page);
        if (found == fetched_.end()) return;
        CallPage& page = found->second;
        if (numbered_ && previous_total_ && page.info.total && *page.info.total < *previous_total_ &&
            ++refetched_[frontier_.page] <= max_refetches) {
            ++progress_.refetches;
            fetched_.erase(found);
            fetch(frontier_);
            return;
        }
        deliver(page);
        previous_total_ = page.info.total;
        const auto next = page.info.next;
        fetched_.erase(found);
        if (!next) {
            finish(std::nullopt);
            return;
        }
        frontier_ = *next;
    }
}

void SourceWalker::deliver(CallPage& page) {
    // A record can be met again only as far back as the calls created since
    // the listing began, plus a page: the window is that wide.
    if (numbered_ && first_total_)
        seen_.set_capacity(2 * static_cast<std::size_t>(query_.page_size) +
                           static_cast<std::size_t>(largest_total_ - std::min(largest_total_, *first_total_)));
    for (CallRecord& record : page.records) {
        if (seen_.contains(record.id)) continue;
        // A record newer than both the last one delivered and the first one
        // can only be a call created during the listing (pushed onto a later
        // page by many new calls): it may be left out, and delivering it
        // would break the order. Anything that existed at the start is kept,
        // even when the vendor's order is off.
        if (last_delivered_ && record.created_at > *last_delivered_ && record.created_at > *first_delivered_) {
            ++progress_.created_during_listing;
            continue;
        }
        if (!first_delivered_) first_delivered_ = record.created_at;
        if (!last_delivered_ || record.created_at < *last_delivered_) last_delivered_ = record.created_at;
        seen_.add(record.id);
        ready_.push_back(std::move(record));
    }
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

void SourceWalker::finish(std::optional<Error> failure) {
    if (finished_) return;
    finished_ = true;
    failure_ = std::move(failure);
    progress_.state = failure_ ? SourceProgress::State::failed : SourceProgress::State::done;
    // Pages still in flight are not needed; their signals stay until they complete.
    for (auto& [page, signal] : in_flight_) signal->emit(asio::cancellation_type::terminal);
    fetched_.clear();
}

void SourceWalker::cancel() {
    if (finished_) return;
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
