#pragma once
// The mock server's answers: every vendor module's list API over a
// deterministic data set, with its filters, validation, authentication,
// paging and quirks, plus the faults every vendor shares, on demand.
//
//   GET /api/user/calls   Autocalls; ClickSpeak's data when the bearer token starts with "cs-"
//   GET /api/v1/calls     Talkover (and GET /api/v1/health, no token)
//   (each module's own paths: see tools/mock/<vendor>/)

#include "dataset.hpp"
#include "http_server.hpp"
#include "vendor_module.hpp"

#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace callbridge::mock {

struct MockOptions {
    /// Calls generated per vendor.
    std::size_t calls = 250;
    std::uint64_t seed = 1;
    /// Accepted credentials; empty: any non-empty one.
    std::vector<std::string> tokens;
    /// Pages whose calls replace a vendor's generated ones, as (vendor,
    /// response body) pairs.
    std::vector<std::pair<std::string, std::string>> calls_from;

    // Faults.
    /// Waited before every answer.
    std::chrono::milliseconds latency{0};
    /// At most this many list requests per window per vendor; then 429.
    std::optional<std::uint32_t> rate_limit;
    std::chrono::seconds rate_window{60};
    /// Whether a 429 carries Retry-After (the vendors do not promise it).
    bool retry_after_header = true;
    /// Every Nth list request fails with 500 (0: never).
    std::uint32_t fail_every = 0;
    /// Every Nth list request is cut mid-body (0: never).
    std::uint32_t cut_every = 0;
    /// New calls created after each page served.
    std::uint32_t insert_per_page = 0;
    /// Talkover's paginator named `meta` (as in its OpenAPI file).
    bool talkover_meta = false;
    /// List oldest first (new calls then join the end), as Talkover's own
    /// documented example does; the vendors promise no order.
    bool oldest_first = false;
    /// When set, a file that gets one JSON line per request:
    /// {"time_ms":..., "path":"/api/user/calls", "page":2, "token":"ac-07-w2", "status":200}
    /// ("token": its first 8 characters, never the whole token), so that a
    /// test can tell who asked for what, when.
    std::string request_log;
};

class VendorMock {
public:
    explicit VendorMock(MockOptions options);

    /// Answers one request; safe to call from any thread.
    ServerReply handle(const ServerRequest& request);

    /// The calls of one vendor now, newest first (a copy). Throws
    /// std::out_of_range for a vendor the mock does not serve.
    std::vector<MockCall> calls(std::string_view vendor) const;

    /// Requests answered so far.
    std::uint64_t requests() const;

    /// Creates `count` calls newer than all others, as made between two
    /// polls of an account.
    void add_calls(std::string_view vendor, std::size_t count);

private:
    struct RateWindow {
        std::chrono::steady_clock::time_point start;
        std::uint32_t used = 0;
    };

    ServerReply list_calls(const VendorModule& module, const ServerRequest& request);
    void log_request(const ServerRequest& request, const ServerReply& reply, std::string_view credential);
    std::optional<ServerReply> check_rate_limit(const VendorModule& module);

    MockOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, Dataset, std::less<>> data_;
    std::map<std::string, RateWindow, std::less<>> windows_;
    std::uint64_t requests_ = 0;
    std::uint64_t list_requests_ = 0;
    std::unique_ptr<std::ofstream> request_log_;
};

}  // namespace callbridge::mock
