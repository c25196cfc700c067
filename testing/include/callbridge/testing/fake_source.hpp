#pragma once
// A CallSource for engine tests, written the way a plugin would: only the
// non-template virtual. Its calls live in memory, newest first; it can create
// new calls after serving each page (shifting the pages under a listing),
// answer pages after chosen delays (so they complete out of order), fail at a
// chosen page, and leave out totals.

#include <callbridge/call_source.hpp>
#include <callbridge/source_event_handlers.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>

namespace callbridge::testing {

struct FakeBehaviour {
    /// Calls created at the front after each page is served.
    int created_per_page = 0;
    /// How long page N (on its Kth fetch) takes to answer.
    std::function<std::chrono::milliseconds(std::uint32_t page, int fetch)> delay;
    /// How long an answered page is then read before it is handed over, as
    /// an HTTP source parses its pages: the answer is told to event handlers
    /// (a response event, status 200, page_answered) as it arrives.
    std::chrono::milliseconds reading{0};
    /// Fails this page with vendor_unavailable.
    std::optional<std::uint32_t> failing_page;
    /// Whether pages carry total and last_page.
    bool totals = true;
    /// Claims CallSource::pages_by_number (pages are served by number
    /// either way, with totals).
    bool pages_by_number = false;
    /// Misbehaviours: claims a billion pages; or names the same cursor as next.
    bool endless_empty_pages = false;
    bool stuck_cursor = false;
    /// Serves this page empty while still counting every call.
    std::optional<std::uint32_t> empty_page;
    /// The vendor's order: newest first, oldest first (new calls join the
    /// end), or neither (each page's calls in pairs swapped).
    enum class Order { newest_first, oldest_first, swapped_pairs } order = Order::newest_first;
    /// After page N is first served: this many calls created at once.
    std::optional<std::pair<std::uint32_t, int>> burst_after_page;
    /// After page N is first served (0: after every page): this many of the
    /// newest calls deleted.
    std::optional<std::pair<std::uint32_t, int>> delete_after_page;
    /// The vendor applies the whole query before paging (every filter sent),
    /// so that its pages hold only what matches.
    bool filters_on_server = false;
    /// Serves page 1's calls whatever page is asked for, while counting every
    /// call (a vendor, or a cache in front of it, that drops the query).
    bool ignores_page = false;
    /// Page `onto` also ends with the first call of page `from` (in the
    /// vendor's order); `updated`: with another status and a later updated_at.
    struct Repeat {
        std::uint32_t from = 1;
        std::uint32_t onto = 3;
        bool updated = false;
    };
    std::optional<Repeat> repeat;
};

class FakeSource final : public CallSource, public std::enable_shared_from_this<FakeSource> {
public:
    using Behaviour = FakeBehaviour;

    /// `count` calls, the newest at `newest`, `spacing` apart.
    FakeSource(boost::asio::any_io_executor executor, std::string name, std::size_t count,
               std::chrono::sys_seconds newest, std::chrono::seconds spacing, Behaviour behaviour = {})
        : strand_(boost::asio::make_strand(executor)), name_(std::move(name)), behaviour_(std::move(behaviour)) {
        for (std::size_t i = 0; i < count; ++i) calls_.push_back(make(newest - spacing * static_cast<int>(i)));
    }

    const std::string& name() const noexcept override { return name_; }
    std::string_view provider() const noexcept override { return "fake"; }
    executor_type get_executor() const override { return strand_; }
    bool pages_by_number() const noexcept override { return behaviour_.pages_by_number; }
    Error check_query(const CallQuery& query) const override {
        if (query.campaign_id) return unsupported_filter("campaign_id", "fake", "is not offered by fake");
        return validate(query);
    }

    /// The ids of the calls that existed before any page was served.
    std::set<std::string> original_ids() const {
        std::lock_guard lock(mutex_);
        return original_;
    }
    std::size_t fetches() const {
        std::lock_guard lock(mutex_);
        return fetches_;
    }
    /// The most pages asked for and not answered yet at once.
    int max_in_flight() const {
        std::lock_guard lock(mutex_);
        return max_in_flight_;
    }
    /// The most pages asked for and not handed over yet (answered pages
    /// being read included) at once.
    int max_unfinished() const {
        std::lock_guard lock(mutex_);
        return max_unfinished_;
    }
    std::uint64_t add_event_handler(SourceEventHandler handler) override { return handlers_.add(std::move(handler)); }
    void remove_event_handler(std::uint64_t id) override { handlers_.remove(id); }
    std::map<std::uint32_t, int> fetches_per_page() const {
        std::lock_guard lock(mutex_);
        return per_page_;
    }
    /// A call created at `created` (kept in order, newest first): one the
    /// vendor shows between two polls. Its id.
    std::string add_call(std::chrono::sys_seconds created, CallStatus status = CallStatus::completed) {
        std::lock_guard lock(mutex_);
        CallRecord record = make(created);
        record.status = status;
        record.provider_status = std::string(to_string(status));
        original_.erase(record.id);
        auto at = std::find_if(calls_.begin(), calls_.end(), [&](const CallRecord& c) { return c.created_at < created; });
        std::string id = record.id;
        calls_.insert(at, std::move(record));
        return id;
    }
    /// Changes a call as the vendor would (a status that became final, a
    /// transcript added); false when there is no such call.
    bool update_call(const std::string& id, const std::function<void(CallRecord&)>& change) {
        std::lock_guard lock(mutex_);
        for (auto& call : calls_)
            if (call.id == id) {
                change(call);
                return true;
            }
        return false;
    }
    /// The calls now, newest first.
    std::vector<CallRecord> calls() const {
        std::lock_guard lock(mutex_);
        return calls_;
    }
    /// Calls deleted so far.
    std::set<std::string> deleted_ids() const {
        std::lock_guard lock(mutex_);
        return deleted_;
    }

private:
    CallRecord make(std::chrono::sys_seconds created) {
        CallRecord r;
        r.source = name_;
        r.provider = "fake";
        r.id = name_ + "-" + std::to_string(++serial_);
        r.status = serial_ % 3 == 0 ? CallStatus::no_answer : CallStatus::completed;
        r.provider_status = r.status == CallStatus::completed ? "completed" : "no-answer";
        r.created_at = created;
        r.updated_at = created;
        original_.insert(r.id);
        return r;
    }

    void do_list_page(ListPageRequest request,
                      boost::asio::any_completion_handler<list_page_signature> handler) override {
        CallQuery query = std::move(request.query);
        const PageCursor cursor = std::move(request.cursor);
        int fetch = 0;
        {
            std::lock_guard lock(mutex_);
            ++fetches_;
            fetch = ++per_page_[cursor.page];
            max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
            max_unfinished_ = std::max(max_unfinished_, ++unfinished_);
        }
        const auto delay = behaviour_.delay ? behaviour_.delay(cursor.page, fetch) : std::chrono::milliseconds(0);
        auto timer = std::make_shared<boost::asio::steady_timer>(strand_, delay);
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        if (slot.is_connected()) slot.assign([timer](boost::asio::cancellation_type) { timer->cancel(); });
        timer->async_wait([self = shared_from_this(), timer, query = std::move(query), cursor,
                           handler = std::move(handler)](boost::system::error_code ec) mutable {
            auto [error, page] = ec ? std::pair<Error, CallPage>{Error(ec), {}} : self->serve(query, cursor);
            {
                std::lock_guard lock(self->mutex_);
                --self->in_flight_;
            }
            if (ec || self->behaviour_.reading.count() == 0)
                return self->hand_over(std::move(handler), std::move(error), std::move(page));
            self->tell_answered(cursor.page, error ? 500 : 200);
            timer->expires_after(self->behaviour_.reading);
            timer->async_wait([self, timer, handler = std::move(handler), error = std::move(error),
                               page = std::move(page)](boost::system::error_code) mutable {
                self->hand_over(std::move(handler), std::move(error), std::move(page));
            });
        });
    }

    template <class Handler>
    void hand_over(Handler handler, Error error, CallPage page) {
        {
            std::lock_guard lock(mutex_);
            --unfinished_;
        }
        boost::asio::post(strand_, boost::asio::append(std::move(handler), std::move(error), std::move(page)));
    }

    void tell_answered(std::uint32_t page, int status) {
        const std::vector<SourceEventHandler> handlers = handlers_.subscribed();
        SourceEvent event;
        event.kind = SourceEvent::Kind::response;
        event.source = name_;
        event.page = page;
        event.status = status;
        event.page_answered = status == 200;
        for (const auto& handler : handlers) handler(event);
    }

    std::pair<Error, CallPage> serve(const CallQuery& query, const PageCursor& cursor) {
        std::lock_guard lock(mutex_);
        if (behaviour_.failing_page == cursor.page) {
            ErrorDetails details;
            details.source = name_;
            details.page = cursor.page;
            details.message = "Internal server error.";
            details.http_status = 500;
            return {Error(errc::vendor_unavailable, std::move(details)), {}};
        }
        // The list as the vendor orders it.
        std::vector<CallRecord> listed = calls_;
        if (behaviour_.filters_on_server) std::erase_if(listed, [&](const CallRecord& r) { return !matches(query, r); });
        if (behaviour_.order == Behaviour::Order::oldest_first) std::reverse(listed.begin(), listed.end());
        const auto size = static_cast<std::size_t>(query.page_size);
        const std::uint32_t served = behaviour_.ignores_page ? 1 : cursor.page;
        const std::size_t begin = std::min(listed.size(), (served - 1) * size);
        const std::size_t end = std::min(listed.size(), begin + size);
        CallPage page;
        page.info.page = cursor.page;
        page.info.vendor_records = static_cast<std::uint32_t>(end - begin);
        const auto last_page = static_cast<std::uint32_t>(std::max<std::size_t>(1, (listed.size() + size - 1) / size));
        if (behaviour_.totals) {
            page.info.total = listed.size();
            page.info.last_page = last_page;
        }
        if (cursor.page < last_page) page.info.next = PageCursor{cursor.page + 1, behaviour_.totals ? "" : "t"};
        if (behaviour_.endless_empty_pages) {
            page.info.last_page = 1000000000;
            page.info.next = PageCursor{cursor.page + 1, {}};
        }
        if (behaviour_.stuck_cursor) page.info.next = PageCursor{cursor.page, "same"};
        page.info.per_page = static_cast<std::uint32_t>(size);
        if (behaviour_.empty_page == cursor.page) {
            page.info.vendor_records = 0;
            return {{}, std::move(page)};
        }
        std::vector<CallRecord> on_page(listed.begin() + static_cast<std::ptrdiff_t>(begin),
                                        listed.begin() + static_cast<std::ptrdiff_t>(end));
        if (behaviour_.order == Behaviour::Order::swapped_pairs)
            for (std::size_t i = 0; i + 1 < on_page.size(); i += 2) std::swap(on_page[i], on_page[i + 1]);
        if (const auto& repeat = behaviour_.repeat; repeat && repeat->onto == cursor.page) {
            CallRecord again = listed.at((repeat->from - 1) * size);
            if (repeat->updated) {
                again.status = CallStatus::failed;
                again.provider_status = "failed";
                again.updated_at += std::chrono::hours(1);
            }
            on_page.push_back(std::move(again));
        }
        for (auto& record : on_page)
            if (matches(query, record)) page.records.push_back(std::move(record));
        // Calls placed while someone pages through the list.
        const bool first_time = per_page_[cursor.page] == 1;
        int created = behaviour_.created_per_page;
        if (behaviour_.burst_after_page && behaviour_.burst_after_page->first == cursor.page && first_time)
            created += behaviour_.burst_after_page->second;
        for (int i = 0; i < created; ++i) {
            CallRecord fresh = make(calls_.front().created_at + std::chrono::seconds(1));
            original_.erase(fresh.id);
            calls_.insert(calls_.begin(), std::move(fresh));
        }
        // Calls deleted meanwhile (the newest: already read by a listing).
        if (const auto& del = behaviour_.delete_after_page; del && (del->first == 0 || (del->first == cursor.page && first_time))) {
            for (int i = 0; i < del->second && !calls_.empty(); ++i) {
                deleted_.insert(calls_.front().id);
                calls_.erase(calls_.begin());
            }
        }
        return {{}, std::move(page)};
    }

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::string name_;
    Behaviour behaviour_;
    mutable std::mutex mutex_;
    std::vector<CallRecord> calls_;
    std::set<std::string> original_;
    std::set<std::string> deleted_;
    std::size_t serial_ = 0;
    std::size_t fetches_ = 0;
    int in_flight_ = 0;
    int max_in_flight_ = 0;
    int unfinished_ = 0;
    int max_unfinished_ = 0;
    SourceEventHandlers handlers_;
    std::map<std::uint32_t, int> per_page_;
};

}  // namespace callbridge::testing
