// A CallSource over a dialect, an HTTP client and the retry / rate-limit
// policy (include/callbridge/http_source.hpp). list_page only sequences:
// the dialect translates, the client sends, decide_retry() and the Pacer
// decide, the Redactor keeps secrets out.

#include <callbridge/http_source.hpp>

#include <callbridge/kit/request.hpp>
#include <callbridge/source_event_handlers.hpp>

#include "async/run_on_strand.hpp"
#include "async/use_tuple.hpp"
#include "source/pacer.hpp"
#include "source/redaction.hpp"
#include "source/retry_decision.hpp"
#include "source/wait_hints.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/consign.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <boost/algorithm/string/predicate.hpp>

#include <algorithm>
#include <random>

namespace callbridge {
namespace {

namespace asio = boost::asio;
using namespace std::chrono;

using detail::use_tuple;

class SystemClock final : public Clock {
public:
    explicit SystemClock(asio::any_io_executor executor) : executor_(std::move(executor)) {}

    system_clock::time_point now() const override { return system_clock::now(); }

    void async_wait(milliseconds duration, asio::any_completion_handler<wait_signature> handler) override {
        auto timer = std::make_shared<asio::steady_timer>(executor_, duration);
        // The timer honours the handler's cancellation slot; consign keeps it alive.
        timer->async_wait(asio::consign(std::move(handler), timer));
    }

private:
    asio::any_io_executor executor_;
};

// Everything that could echo a credential back: the token, the user, the
// parameters, and the Basic credentials as they go on the wire.
std::vector<std::string> secrets_of(const SourceAccess& access) {
    std::vector<std::string> secrets{access.token};
    if (!access.user.empty()) secrets.push_back(access.user);
    for (const auto& [name, value] : access.parameters)
        if (!value.empty()) secrets.push_back(value);
    for (const auto& user : secrets) {
        if (user == access.token) continue;
        secrets.push_back(kit::base64(user + ":" + access.token));
    }
    return secrets;
}

// A body still encoded after the client read it (the client asks for gzip
// and inflates it, or for identity): "Content-Encoding: br".
std::optional<std::string> unasked_encoding(const HttpResponse& response) {
    if (auto encoding = find_header(response.headers, "Content-Encoding")) {
        const auto begin = encoding->find_first_not_of(" \t");
        const auto end = encoding->find_last_not_of(" \t");
        const std::string value(begin == std::string_view::npos ? "" : encoding->substr(begin, end - begin + 1));
        if (!value.empty() && !boost::algorithm::iequals(value, "identity")) return "Content-Encoding: " + value;
    }
    if (response.body.starts_with("\x1f\x8b")) return "gzip, though no Content-Encoding says so";
    return std::nullopt;
}

class HttpCallSource final : public CallSource, public std::enable_shared_from_this<HttpCallSource> {
public:
    HttpCallSource(std::shared_ptr<const Dialect> dialect, std::shared_ptr<HttpClient> client, SourceAccess access,
                   SourceOptions options)
        : strand_(asio::make_strand(client->get_executor())),
          dialect_(std::move(dialect)),
          client_(std::move(client)),
          access_(std::move(access)),
          redactor_(secrets_of(access_)),
          options_(std::move(options)),
          clock_(options_.clock ? options_.clock : std::make_shared<SystemClock>(strand_)),
          pacer_(options_.rate_limit),
          random_(std::random_device{}()) {}

    const std::string& name() const noexcept override { return options_.name; }
    std::string_view provider() const noexcept override { return dialect_->provider(); }
    executor_type get_executor() const override { return strand_; }
    bool pages_by_number() const noexcept override { return dialect_->pages_by_number(); }

    Error check_query(const CallQuery& query) const override {
        auto plan = dialect_->plan(query);
        return plan ? Error() : finish(plan.error(), 0);
    }

    std::uint64_t add_event_handler(SourceEventHandler handler) override { return handlers_.add(std::move(handler)); }
    void remove_event_handler(std::uint64_t id) override { handlers_.remove(id); }

private:
    using Outcome = std::pair<Error, CallPage>;
    using ParsedPage = boost::system::result<CallPage, Error>;

    void do_list_page(ListPageRequest request, asio::any_completion_handler<list_page_signature> handler) override {
        detail::run_on_strand(strand_, list_page(std::move(request)), std::move(handler), shared_from_this());
    }

    // A listing asks for every page with the same query: it is planned once.
    boost::system::result<QueryPlan, Error> plan_for(const CallQuery& query) {
        if (!planned_ || planned_->first != query) planned_.emplace(query, dialect_->plan(query));
        return planned_->second;
    }

    asio::awaitable<Outcome> list_page(ListPageRequest request) {
        // A cancelled wait or request completes with operation_aborted; it
        // is not thrown at the next co_await.
        co_await asio::this_coro::throw_if_cancelled(false);
        const CallQuery& query = request.query;
        PageCursor cursor = std::move(request.cursor);
        const auto plan = plan_for(query);
        if (!plan) co_return Outcome{finish(plan.error(), 0), {}};
        if (plan->matches_nothing) {
            CallPage none;
            none.info.page = cursor.page;
            none.info.total = 0;
            co_return Outcome{{}, std::move(none)};
        }
        // An intermediate answer (a time window read again in halves) is no
        // page to hand over: the next request goes out at once.
        const bool details = request.details || plan->needs_details;
        while (true) {
            auto [error, page] = co_await fetch_page(*plan, query.page_size, cursor, !details);
            if (!error && details) error = co_await read_details(page, cursor);
            if (!error) std::erase_if(page.records, [&](const CallRecord& r) { return !matches(plan->local, r); });
            if (error || !page.info.intermediate || !page.info.next) co_return Outcome{std::move(error), std::move(page)};
            cursor = *page.info.next;
        }
    }

    // One page, parsed, every record still there.
    asio::awaitable<Outcome> fetch_page(const QueryPlan& plan, int page_size, const PageCursor& cursor,
                                        bool answers_page) {
        const HttpRequest request = dialect_->page_request(access_, plan, cursor, page_size);
        const PageContext context{options_.name, cursor.page, options_.time_zone, cursor, options_.keep_raw};
        auto [error, response] = co_await exchange(request, context, answers_page);
        if (error) co_return Outcome{std::move(error), {}};
        ParsedPage page = co_await parse(response.body, context);
        if (!page) co_return Outcome{finish(page.error(), cursor.page), {}};
        co_return Outcome{{}, std::move(*page)};
    }

    // On the parse executor when there is one; this coroutine resumes on
    // the strand either way. The parse is not cancellable (it is short, and
    // a cancellation slot shared across threads would race): the operation
    // touches nothing of this coroutine's but its handler, which it posts
    // back, keeping the strand's context busy meanwhile.
    asio::awaitable<ParsedPage> parse(const std::string& body, const PageContext& context) {
        if (!options_.parse_executor) co_return dialect_->parse_page(body, context);
        // (An exception thrown by the dialect is rethrown here, as it would
        // be from a parse on the strand.)
        co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, ParsedPage)>(
            [&](auto handler) {
                auto back = asio::get_associated_executor(handler, strand_);
                asio::post(options_.parse_executor, [&body, &context, dialect = dialect_, handler = std::move(handler),
                                                     busy = asio::make_work_guard(back)]() mutable {
                    std::exception_ptr thrown;
                    ParsedPage page = CallPage();
                    try {
                        page = dialect->parse_page(body, context);
                    } catch (...) {
                        thrown = std::current_exception();
                    }
                    asio::post(busy.get_executor(),
                               [handler = std::move(handler), thrown, page = std::move(page)]() mutable {
                                   std::move(handler)(thrown, std::move(page));
                               });
                });
            },
            asio::use_awaitable);
    }

    // Each record's details, at most `max_details_in_flight` requests at a time.
    asio::awaitable<Error> read_details(CallPage& page, const PageCursor& cursor) {
        const PageContext context{options_.name, cursor.page, options_.time_zone, cursor};
        std::size_t next = 0;
        Error failure;
        auto worker = [&]() -> asio::awaitable<void> {
            while (next < page.records.size() && !failure) {
                CallRecord& record = page.records[next++];
                const auto request = dialect_->detail_request(access_, record);
                if (!request) continue;
                auto [error, response] = co_await exchange(*request, context);
                if (!error) error = dialect_->apply_details(record, response.body, context);
                if (error && !failure) failure = finish(std::move(error), cursor.page);
            }
        };
        const std::size_t workers = std::clamp<std::size_t>(options_.max_details_in_flight, 1, page.records.size() + 1);
        std::vector<decltype(asio::co_spawn(strand_, worker(), asio::deferred))> runs;
        for (std::size_t i = 0; i < workers; ++i) runs.push_back(asio::co_spawn(strand_, worker(), asio::deferred));
        auto group = asio::experimental::make_parallel_group(std::move(runs));
        auto [order, exceptions] = co_await group.async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
        (void)order, (void)exceptions;
        if (co_await detail::cancelled()) co_return Error(asio::error::operation_aborted);
        co_return failure;
    }

    // Sends `request` under the policy: pacing, events, redaction, retries.
    // Completes with a 2xx response, or the error the last attempt ended in.
    // `answers_page`: a 2xx response is the page's last exchange (no details
    // follow), told to subscribers as SourceEvent::page_answered.
    asio::awaitable<std::pair<Error, HttpResponse>> exchange(const HttpRequest& request, const PageContext& context,
                                                             bool answers_page = false) {
        const PageCursor& cursor = context.cursor;
        for (int attempt = 1;; ++attempt) {
            if (co_await detail::cancelled()) co_return std::pair{Error(asio::error::operation_aborted), HttpResponse()};
            if (Error e = co_await pace(cursor.page)) co_return std::pair{std::move(e), HttpResponse()};
            emit(SourceEvent::Kind::request, cursor.page, attempt,
                 [&](SourceEvent& event) { event.request = redactor_.redacted(request); });
            const auto started = steady_clock::now();
            auto [sent, received] = co_await client_->async_send(request, use_tuple);
            HttpResponse& response = received;  // a reference, not a binding: lambdas below capture it
            if (sent.code() == asio::error::operation_aborted) co_return std::pair{std::move(sent), HttpResponse()};

            Error failure = std::move(sent);
            std::optional<int> status;
            detail::WaitHints hints;
            if (!failure) {
                // What the vendor echoes of a secret, in any form, must not
                // reach a record or a message, not even cut short in an excerpt.
                redactor_.redact_response(response);
                emit(SourceEvent::Kind::response, cursor.page, attempt, [&](SourceEvent& event) {
                    event.request = redactor_.redacted(request);
                    event.status = response.status;
                    event.page_answered = answers_page && response.status >= 200 && response.status <= 299;
                    event.elapsed = duration_cast<milliseconds>(steady_clock::now() - started);
                });
                hints = detail::read_wait_hints(response, clock_->now());
                pacer_.note(hints, clock_->now());
                // An encoded body cannot be read: it is said, not parsed.
                const auto encoding = unasked_encoding(response);
                if (encoding) response.body.clear();
                if (response.status >= 200 && response.status <= 299) {
                    if (!encoding) co_return std::pair{Error(), std::move(response)};
                    ErrorDetails details;
                    details.message =
                        "the response is encoded (" + *encoding + "), which callbridge does not ask for and cannot read";
                    details.http_status = response.status;
                    co_return std::pair{finish(Error(errc::malformed_response, std::move(details)), cursor.page),
                                        HttpResponse()};
                }
                status = response.status;
                failure = dialect_->classify_error(response, context);
                if (encoding) {
                    std::string& message = failure.details().message;
                    message += (message.empty() ? "" : "; ") + ("the body is encoded (" + *encoding + "), not read");
                }
                if (status == 429) failure.details().retry_after = hints.preferred();
            }

            const auto decision = detail::decide_retry(attempt, failure, status, hints, options_.retry, draw());
            if (decision.refused_wait) {
                failure.details().retry_after = *decision.refused_wait;
                failure.details().message += (failure.details().message.empty() ? "" : "; ") +
                                             std::string("the vendor asks to wait longer than allowed (") +
                                             std::to_string(options_.retry.max_wait.count()) + " s)";
            }
            if (!decision.retry) co_return std::pair{finish(std::move(failure), cursor.page), HttpResponse()};
            emit(SourceEvent::Kind::retry, cursor.page, attempt, [&](SourceEvent& event) {
                event.status = status.value_or(0);
                event.delay = decision.delay;
                event.error = finish(failure, cursor.page);
            });
            if (Error e = co_await wait(decision.delay)) co_return std::pair{std::move(e), HttpResponse()};
        }
    }

    // Waits for the vendor's rate limit and the request-rate ceiling.
    asio::awaitable<Error> pace(std::uint32_t page) {
        const auto wait_for = pacer_.before_request(clock_->now(), options_.retry.max_wait);
        if (wait_for.too_long) {
            ErrorDetails details;
            details.retry_after = ceil<seconds>(*wait_for.too_long);
            details.message = "the vendor's rate limit is used up for longer than allowed (" +
                              std::to_string(options_.retry.max_wait.count()) + " s)";
            co_return finish(Error(errc::rate_limited, std::move(details)), page);
        }
        if (wait_for.delay <= milliseconds(0)) co_return Error();
        emit(SourceEvent::Kind::wait, page, 0, [&](SourceEvent& event) { event.delay = wait_for.delay; });
        co_return co_await wait(wait_for.delay);
    }

    asio::awaitable<Error> wait(milliseconds delay) {
        auto [ec] = co_await asio::async_initiate<decltype(use_tuple), Clock::wait_signature>(
            [this, delay](auto handler) { clock_->async_wait(delay, std::move(handler)); }, use_tuple);
        co_return ec ? Error(ec) : Error();
    }

    double draw() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

    template <class Fill>
    void emit(SourceEvent::Kind kind, std::uint32_t page, int attempt, Fill&& fill) {
        const std::vector<SourceEventHandler> subscribers = handlers_.subscribed();
        if (!options_.on_event && subscribers.empty()) return;
        SourceEvent event;
        event.kind = kind;
        event.source = options_.name;
        event.page = page;
        event.attempt = attempt;
        fill(event);
        if (options_.on_event) options_.on_event(event);
        for (const auto& handler : subscribers) handler(event);
    }

    // The error as the caller sees it: naming this source, never a secret.
    Error finish(Error error, std::uint32_t page) const {
        return redactor_.redact(at_origin(std::move(error), {options_.name, dialect_->provider(), page}));
    }

    asio::strand<asio::any_io_executor> strand_;
    std::shared_ptr<const Dialect> dialect_;
    std::shared_ptr<HttpClient> client_;
    SourceAccess access_;
    detail::Redactor redactor_;
    SourceOptions options_;
    std::shared_ptr<Clock> clock_;
    detail::Pacer pacer_;
    std::minstd_rand random_;
    std::optional<std::pair<CallQuery, boost::system::result<QueryPlan, Error>>> planned_;
    SourceEventHandlers handlers_;
};

// Shorter than this, a token could not be kept out of messages: its
// characters are everywhere. Real keys are far longer.
constexpr std::size_t min_token_length = 8;

Error check_token(const std::string& token) {
    if (token.empty()) return invalid_option("token", "is empty; give the source's API token");
    if (token.size() < min_token_length)
        return invalid_option("token", "is " + std::to_string(token.size()) + " characters long; a token shorter than " +
                                           std::to_string(min_token_length) +
                                           " could not be kept out of messages (real API keys are much longer)");
    const bool printable = std::all_of(token.begin(), token.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
    if (!printable) return invalid_option("token", "contains spaces or control characters, which cannot be sent in a header");
    return {};
}

}  // namespace

boost::system::result<std::shared_ptr<CallSource>, Error> make_http_source(std::shared_ptr<const Dialect> dialect,
                                                                          std::shared_ptr<HttpClient> client,
                                                                          SourceOptions options) {
    if (!dialect || !client) return invalid_option("dialect", "a source needs a dialect and an HTTP client");
    if (options.name.empty()) options.name = std::string(dialect->provider());
    const ErrorOrigin origin{options.name, dialect->provider(), 0};
    // Says nothing of the token, and a short one would mangle the message.
    if (Error e = check_token(options.token)) return at_origin(std::move(e), origin);
    SourceAccess access{{}, options.token, options.user, options.parameters};
    const detail::Redactor redactor(secrets_of(access));
    auto fail = [&](Error error) { return redactor.redact(at_origin(std::move(error), origin)); };
    if (options.api_root.empty()) options.api_root = std::string(dialect->default_api_root());
    auto root = ApiRoot::parse(options.api_root);
    if (!root) return fail(root.error());
    if (!root->is_https() && !options.allow_insecure_http)
        return fail(invalid_option("api_root", "'" + root->to_string() +
                                                   "' is plain http://, which would send the token in clear text; "
                                                   "use https://, or allow it explicitly (--insecure-http)"));
    access.root = std::move(*root);
    if (Error e = dialect->check_access(access)) return fail(std::move(e));
    return std::make_shared<HttpCallSource>(std::move(dialect), std::move(client), std::move(access), std::move(options));
}

boost::system::result<std::shared_ptr<CallSource>, Error> make_http_source(asio::any_io_executor executor,
                                                                          std::shared_ptr<const Dialect> dialect,
                                                                          SourceOptions options) {
    if (options.client) {
        auto given = options.client;
        return make_http_source(std::move(dialect), std::move(given), std::move(options));
    }
    auto client = make_https_client(std::move(executor), options.http);
    if (!client) {
        Error error = client.error();
        error.details().source = options.name.empty() && dialect ? std::string(dialect->provider()) : options.name;
        return error;
    }
    return make_http_source(std::move(dialect), std::move(*client), std::move(options));
}

}  // namespace callbridge
