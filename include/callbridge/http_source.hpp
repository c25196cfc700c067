#pragma once
// A CallSource that speaks a vendor's HTTP API: a dialect, an HTTP client
// and the retry / rate-limit policy, joined.

#include <callbridge/call_source.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_client.hpp>
#include <callbridge/retry_policy.hpp>
#include <callbridge/source_events.hpp>
#include <callbridge/time_zone.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/result.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace callbridge {

struct SourceOptions {
    /// Written to each record's `source`; default: the provider name.
    std::string name;
    /// Default: the dialect's API root (see providers.hpp).
    std::string api_root;
    /// The secret: a bearer token, an API key, or a Basic password (Twilio's
    /// Auth Token). Neither it nor `user` nor any parameter appears in an
    /// error, event or output, in any form.
    std::string token;
    /// A Basic user name where the vendor takes one that is not a parameter
    /// (Twilio's API key SID); empty otherwise.
    std::string user;
    /// What the provider needs beside the token: {"account": "AC..."}.
    std::map<std::string, std::string, std::less<>> parameters;
    /// How the vendor's zone-less timestamps are read.
    TimeZone time_zone;
    /// Keep each vendor object whole in CallRecord::raw; when not, pages are
    /// read for what the records need only (faster), and raw stays empty.
    bool keep_raw = true;
    /// Allow an http:// API root, which sends the token in clear text.
    bool allow_insecure_http = false;
    RetryOptions retry;
    RateLimitOptions rate_limit;
    /// For the HTTPS client the factories make.
    HttpClientOptions http;
    /// When set, requests go through this client instead of an HTTPS client
    /// of the source's own (a recorder, a replay, a fixture client).
    std::shared_ptr<HttpClient> client;
    /// When set, each page is parsed and mapped there (a thread pool's
    /// executor, say) while the source's own executor goes on sending and
    /// reading: a listing's CPU work then takes a second core. Default: on
    /// the source's executor. The dialect's parse_page then runs on that
    /// executor's threads, beside the dialect's other calls on the source's
    /// (const member functions, which must be safe to call at once, as the
    /// kit's are). Join that executor's threads before the source's
    /// executor's context is destroyed: a parse that finishes resumes the
    /// source there. The command parses on a thread of its own.
    boost::asio::any_io_executor parse_executor;
    /// Detail requests (ListPageRequest::details) in flight at once, per page.
    std::size_t max_details_in_flight = 4;
    /// Called with every request, response, retry and wait.
    SourceEventHandler on_event;
    /// The clock the policy reads and waits on; default: the system's.
    std::shared_ptr<Clock> clock;
};

/// A source over `dialect` that sends through `client`. Fails (invalid
/// option) for an empty token, a malformed API root, an http:// root
/// without allow_insecure_http, or a parameter the dialect needs missing.
boost::system::result<std::shared_ptr<CallSource>, Error> make_http_source(std::shared_ptr<const Dialect> dialect,
                                                                          std::shared_ptr<HttpClient> client,
                                                                          SourceOptions options);

/// A source over `dialect` with its own HTTPS client (options.http).
boost::system::result<std::shared_ptr<CallSource>, Error> make_http_source(boost::asio::any_io_executor executor,
                                                                          std::shared_ptr<const Dialect> dialect,
                                                                          SourceOptions options);

}  // namespace callbridge
