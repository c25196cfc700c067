#pragma once
// A deterministic set of vendor call objects, shaped and as quirky as the
// vendors' own (vendor-docs/NOTES.md), newest first. The same seed and count
// always give the same calls.

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::mock {

enum class Vendor { autocalls, clickspeak, talkover };

std::string_view to_string(Vendor vendor) noexcept;

/// One call as the vendor would list it, plus what the vendor knows but does
/// not list (Autocalls' assistant and campaign ids), for filtering.
struct MockCall {
    boost::json::object wire;
    std::chrono::sys_seconds created_at;
    std::int64_t assistant_id = 0;  ///< Autocalls: what `assistant_id` filters on
    std::int64_t campaign_id = 0;   ///< Autocalls: what `campaign_id` filters on (0: none)
};

class Dataset {
public:
    /// `count` calls, the newest created at `newest`, older ones spaced by
    /// up to 15 minutes.
    Dataset(Vendor vendor, std::size_t count, std::uint64_t seed,
            std::chrono::sys_seconds newest = default_newest());

    /// Calls given, such as those of fixture pages (see calls_from_page);
    /// sorted newest first.
    Dataset(Vendor vendor, std::vector<MockCall> calls);

    static std::chrono::sys_seconds default_newest();

    [[nodiscard]] Vendor vendor() const noexcept { return vendor_; }
    /// Newest first.
    [[nodiscard]] const std::vector<MockCall>& calls() const noexcept { return calls_; }

    /// A call created now (one second after the newest), put first, as a
    /// vendor's list shows a call placed while someone pages through it.
    const MockCall& add_newer_call();

private:
    MockCall make_call(std::size_t serial, std::chrono::sys_seconds created_at);
    std::uint64_t next();  // splitmix64: the same sequence everywhere
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    bool chance(unsigned percent) { return below(100) < percent; }

    Vendor vendor_;
    std::uint64_t state_;
    std::size_t serial_ = 0;
    std::vector<MockCall> calls_;
};

/// The call objects of a vendor's list response body, as the vendor sent
/// them. Throws std::runtime_error for a body that is not a list response.
std::vector<MockCall> calls_from_page(std::string_view body);

}  // namespace callbridge::mock
