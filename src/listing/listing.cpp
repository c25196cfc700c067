#include <callbridge/listing.hpp>

#include "listing/source_walker.hpp"

#include <boost/asio/append.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <limits>
#include <utility>

namespace callbridge {

namespace asio = boost::asio;

// Merges the sources' ordered streams newest first. Everything here runs on
// the listing's strand; the walkers report changes through try_complete().
struct Listing::Impl : std::enable_shared_from_this<Listing::Impl> {
    asio::strand<asio::any_io_executor> strand;
    std::vector<std::shared_ptr<CallSource>> sources;
    CallQuery query;
    ListingOptions options;
    std::vector<std::shared_ptr<detail::SourceWalker>> walkers;
    std::shared_ptr<detail::WaitClock> waits = std::make_shared<detail::WaitClock>();
    asio::steady_timer deadline;
    std::optional<asio::any_completion_handler<next_signature>> pending;
    std::optional<asio::any_completion_handler<batch_signature>> pending_batch;
    std::vector<CallRecord> taken;      // the records an answer hands over
    std::optional<Error> refused_query;  // told once, before the end
    bool started = false;
    bool ended = false;
    bool cancelled = false;
    std::uint64_t delivered = 0;

    Impl(asio::any_io_executor executor, std::vector<std::shared_ptr<CallSource>> s, CallQuery q, ListingOptions o)
        : strand(asio::make_strand(std::move(executor))),
          sources(std::move(s)),
          query(std::move(q)),
          options(std::move(o)),
          deadline(strand) {
        options.concurrency = std::max<std::size_t>(1, options.concurrency);
    }

    Error check() const {
        if (Error e = validate(query)) return e;
        for (const auto& source : sources)
            if (Error e = source->check_query(query)) return e;
        return {};
    }

    void next(asio::any_completion_handler<next_signature> handler) {
        if (busy()) return refuse(std::move(handler), std::optional<CallRecord>());
        pending = std::move(handler);
        if (!started) start();
        try_complete();
    }

    void next_batch(asio::any_completion_handler<batch_signature> handler) {
        if (busy()) return refuse(std::move(handler), std::vector<CallRecord>());
        pending_batch = std::move(handler);
        if (!started) start();
        try_complete();
    }

    bool busy() const noexcept { return pending || pending_batch; }

    template <class Handler, class Nothing>
    void refuse(Handler handler, Nothing nothing) {
        ErrorDetails details;
        details.message = "async_next or async_next_batch called again before the previous one completed";
        asio::post(strand, asio::append(std::move(handler), Error(asio::error::in_progress, std::move(details)),
                                        std::move(nothing)));
    }

    void start() {
        started = true;
        if (Error refused = check()) {
            end();
            refused_query = std::move(refused);
            return;
        }
        for (const auto& source : sources) {
            walkers.push_back(std::make_shared<detail::SourceWalker>(
                strand, source, query,
                detail::SourceWalker::Limits{options.concurrency, query.limit, options.details,
                                             options.max_calls_per_source, waits},
                [weak = weak_from_this()] {
                    if (auto self = weak.lock()) self->on_walker_change();
                }));
        }
        if (options.deadline) {
            deadline.expires_after(*options.deadline);
            deadline.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
                if (auto self = weak.lock(); self && !ec) self->on_deadline();
            });
        }
        for (const auto& walker : walkers) walker->schedule();
    }

    // Every source not done yet fails; what they fetched is still delivered.
    void on_deadline() {
        if (ended || cancelled) return;
        for (const auto& walker : walkers) {
            ErrorDetails details;
            details.message = "the listing's deadline of " + describe_duration(*options.deadline) +
                              " passed before this source was done";
            walker->stop_with(Error(errc::transport, std::move(details)));
        }
        on_walker_change();
    }

    static std::string describe_duration(std::chrono::milliseconds duration) {
        const auto ms = duration.count();
        return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
    }

    void on_walker_change() {
        if (options.on_progress) options.on_progress(progress());
        try_complete();
    }

    // Answers the pending async_next (or async_next_batch) when the answer
    // is known: a failure to report, the newest heads of all sources (while
    // every unfinished source has one), or the end.
    void try_complete() {
        if (pending) {
            if (std::optional<Error> answer = take_answer(1)) {
                std::optional<CallRecord> record;
                if (!taken.empty()) record.emplace(std::move(taken.front()));
                taken.clear();
                complete(pending, std::move(*answer), std::move(record));
            }
        } else if (pending_batch) {
            if (std::optional<Error> answer = take_answer(std::numeric_limits<std::size_t>::max()))
                complete(pending_batch, std::move(*answer), std::exchange(taken, {}));
        }
    }

    // Takes up to `most` records into `taken`, newest first: nothing when
    // the answer is not known yet, else the error to complete with (none
    // with no record taken: the end).
    std::optional<Error> take_answer(std::size_t most) {
        if (refused_query) return *std::exchange(refused_query, std::nullopt);
        if (cancelled) return Error(asio::error::operation_aborted);
        if (ended) return Error();
        for (const auto& walker : walkers)
            if (auto failure = walker->take_failure()) return std::move(*failure);
        while (taken.size() < most) {
            if (query.limit && delivered >= *query.limit) {
                if (!taken.empty()) break;  // the end comes next time
                stop_walkers();
                end();
                return Error();
            }
            detail::SourceWalker* newest = nullptr;
            for (const auto& walker : walkers) {
                if (walker->has_record()) {
                    if (newest == nullptr || walker->front().created_at > newest->front().created_at)
                        newest = walker.get();
                } else if (!walker->finished()) {
                    // It may yet bring a newer record.
                    return taken.empty() ? std::nullopt : std::optional<Error>(Error());
                }
            }
            if (newest == nullptr) {
                if (!taken.empty()) break;
                end();
                return Error();
            }
            newest->pop_into(taken);
            ++delivered;
            if (query.limit)
                for (const auto& walker : walkers) walker->set_wanted(*query.limit - delivered);
            newest->schedule();
        }
        return Error();
    }

    template <class Handler, class Records>
    void complete(std::optional<Handler>& pending_handler, Error error, Records records) {
        auto handler = std::move(*pending_handler);
        pending_handler.reset();
        asio::get_associated_cancellation_slot(handler).clear();  // its hook goes before the caller hears back
        // Posted, never called here: a caller that asks for the next record
        // from its handler must not recurse through every buffered record.
        asio::post(strand, asio::append(std::move(handler), std::move(error), std::move(records)));
    }

    void stop_walkers() {
        for (const auto& walker : walkers) walker->cancel();
    }

    // Nothing more comes; a deadline still set would keep the executor busy.
    void end() {
        ended = true;
        deadline.cancel();
    }

    void cancel() {
        if (cancelled || ended) return;
        cancelled = true;
        deadline.cancel();
        stop_walkers();
        try_complete();
    }

    ListingProgress progress() const {
        ListingProgress p;
        p.records = delivered;
        p.waited = waits->waited(detail::WaitClock::clock::now());
        for (const auto& walker : walkers) p.sources.push_back(walker->progress());
        return p;
    }
};

Listing::Listing(asio::any_io_executor executor, std::vector<std::shared_ptr<CallSource>> sources, CallQuery query,
                 ListingOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(sources), std::move(query), std::move(options))) {}

Listing::~Listing() {
    // A pending async_next completes (with operation_aborted), never dropped.
    if (impl_) asio::post(impl_->strand, [impl = impl_] { impl->cancel(); });
}
Listing::Listing(Listing&&) noexcept = default;
Listing& Listing::operator=(Listing&&) noexcept = default;

Error Listing::check() const { return impl_->check(); }

namespace {

// Hooked in the caller's thread, so that a cancellation emitted as soon as
// the call returns is not missed.
template <class Handler, class Impl>
void hook_cancellation(Handler& handler, const std::shared_ptr<Impl>& listing) {
    if (auto slot = asio::get_associated_cancellation_slot(handler); slot.is_connected())
        slot.assign([weak = std::weak_ptr(listing)](asio::cancellation_type) {
            if (auto impl = weak.lock()) asio::post(impl->strand, [impl] { impl->cancel(); });
        });
}

// Runs `io` on this thread until `start` completes, and gives what it
// completed with.
template <class Items, class Start>
boost::system::result<Items, Error> run_until_answered(asio::io_context& io, Start start) {
    std::optional<std::pair<Error, Items>> outcome;
    start([&outcome](Error error, Items items) { outcome.emplace(std::move(error), std::move(items)); });
    io.restart();
    while (!outcome && io.run_one() != 0) {
    }
    if (!outcome) return Error(asio::error::operation_aborted);
    if (outcome->first) return std::move(outcome->first);
    return std::move(outcome->second);
}

}  // namespace

void Listing::do_next(asio::any_completion_handler<next_signature> handler) {
    hook_cancellation(handler, impl_);
    asio::post(impl_->strand, [impl = impl_, handler = std::move(handler)]() mutable { impl->next(std::move(handler)); });
}

void Listing::do_next_batch(asio::any_completion_handler<batch_signature> handler) {
    hook_cancellation(handler, impl_);
    asio::post(impl_->strand,
               [impl = impl_, handler = std::move(handler)]() mutable { impl->next_batch(std::move(handler)); });
}

boost::system::result<std::optional<CallRecord>, Error> Listing::next(asio::io_context& io) {
    return run_until_answered<std::optional<CallRecord>>(io, [this](auto handler) { async_next(std::move(handler)); });
}

boost::system::result<std::vector<CallRecord>, Error> Listing::next_batch(asio::io_context& io) {
    return run_until_answered<std::vector<CallRecord>>(io,
                                                       [this](auto handler) { async_next_batch(std::move(handler)); });
}

void Listing::cancel() {
    asio::post(impl_->strand, [impl = impl_] { impl->cancel(); });
}

ListingProgress Listing::progress() const { return impl_->progress(); }

}  // namespace callbridge
