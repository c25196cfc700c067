#pragma once
// One vendor of the mock: how it authenticates, what its calls look like,
// how it filters, validates and pages, and how it fails. The mock's core
// (VendorMock) routes requests to modules and adds the faults every vendor
// shares. One module per vendor folder, mirroring providers/.

#include "http_server.hpp"
#include "mock_call.hpp"
#include "random.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::mock {

struct MockOptions;

/// Which slice of the matching calls a list request asks for, as the module
/// read it from the request.
struct PageRequest {
    std::uint32_t page = 1;
    std::uint32_t per_page = 100;
    /// The list URL without query, for vendors that link their pages.
    std::string list_url;
};

class VendorModule {
public:
    virtual ~VendorModule() = default;

    /// The provider this module answers as: "autocalls".
    [[nodiscard]] virtual std::string_view name() const noexcept = 0;
    /// Whether this module answers `request` (by path, and for brands that
    /// share one API, by credential).
    [[nodiscard]] virtual bool serves(const ServerRequest& request) const = 0;
    /// The credential the request carries ("" when none): the bearer
    /// token, the API-key header, or the Basic password.
    [[nodiscard]] virtual std::string credential(const ServerRequest& request) const = 0;

    /// A generated call, the `serial`th, created at `created_at`.
    [[nodiscard]] virtual MockCall make_call(std::size_t serial, std::chrono::sys_seconds created_at,
                                             Random& random) const = 0;
    /// The calls of a saved list response (for --calls-from); throws
    /// std::runtime_error for a body that is not one.
    [[nodiscard]] virtual std::vector<MockCall> calls_from_page(std::string_view body) const = 0;

    /// One page of `matching` in the vendor's envelope and paging: the
    /// slice `which` names, with the counts, cursor or link to the next.
    [[nodiscard]] virtual std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                                                const MockOptions& options) const = 0;
    /// Answers a list request over `calls`, in the vendor's order.
    [[nodiscard]] virtual ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                                           const MockOptions& options) const = 0;
    /// Answers a request this module serves that is not a list request
    /// (a health check, one call's details); nothing: not found.
    [[nodiscard]] virtual std::optional<ServerReply> other(const ServerRequest& request,
                                                           std::span<const MockCall> calls) const {
        (void)request, (void)calls;
        return std::nullopt;
    }
    /// Whether `request` is one of the list requests that count against
    /// rate limits and faults.
    [[nodiscard]] virtual bool is_list_request(const ServerRequest& request) const = 0;
    /// Whether `request` needs a credential at all (a health check does not).
    [[nodiscard]] virtual bool needs_credential(const ServerRequest& request) const {
        (void)request;
        return true;
    }

    [[nodiscard]] virtual ServerReply unauthorized(const ServerRequest& request) const = 0;
    [[nodiscard]] virtual ServerReply rate_limited(std::chrono::seconds reset_in) const = 0;
    [[nodiscard]] virtual ServerReply server_error() const = 0;
};

/// The modules of every vendor, in a fixed order (from providers/vendors.cmake).
const std::vector<std::unique_ptr<VendorModule>>& vendor_modules();
/// The module of a provider, or nullptr.
const VendorModule* find_module(std::string_view name);
/// Page `page` (from 1) of `matching`, `per_page` calls a page, as `vendor`
/// serves it, with default options. Throws std::out_of_range for a vendor
/// the mock does not serve.
std::string render_page(std::string_view vendor, std::span<const MockCall* const> matching, std::uint32_t page,
                        std::uint32_t per_page);

// Helpers modules share.

/// The bearer token of a request, or "".
std::string bearer_token(const ServerRequest& request);
/// A whole number of decimal text, or nothing.
std::optional<std::int64_t> integer(std::string_view text);
/// The text of a JSON object's string member, or "".
std::string_view string_of(const boost::json::object& object, std::string_view key);
/// The calls of a saved list response (VendorModule::calls_from_page): the
/// objects of the array at the body's member `records` ("" for a body that
/// is the array), each created when `created_at` says; throws
/// std::runtime_error naming what the body lacks.
std::vector<MockCall> calls_of_list_body(
    std::string_view body, std::string_view records,
    const std::function<std::optional<std::chrono::sys_seconds>(const boost::json::object&)>& created_at);
/// "YYYY-MM-DD HH:MM:SS".
std::string naive_time(std::chrono::sys_seconds t);
/// "YYYY-MM-DDTHH:MM:SS[.ffffff]Z".
std::string iso_time(std::chrono::sys_seconds t, unsigned micros = 0);

}  // namespace callbridge::mock
