#pragma once
// One set of filters for every vendor (spec: "CallQuery"). Adapters push what
// they can down to the vendor and apply the exact predicate to what comes back.

#include <callbridge/call_enums.hpp>
#include <callbridge/call_record.hpp>
#include <callbridge/error.hpp>
#include <callbridge/timestamp.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

struct CallQuery {
    static constexpr int max_page_size = 100;

    /// Any of these statuses; empty means any status.
    std::vector<CallStatus> statuses;
    /// The vendor's own status word, compared exactly.
    std::optional<std::string> provider_status;
    std::optional<Direction> direction;
    /// The vendor's agent (assistant) id.
    std::optional<std::string> agent_id;
    /// The vendor's campaign id.
    std::optional<std::string> campaign_id;
    /// An E.164 number, compared exactly with CallRecord::customer_number.
    std::optional<std::string> customer_number;
    /// A substring of customer_number, agent_number or provider_call_sid.
    std::optional<std::string> search;
    /// Inclusive bounds on created_at.
    std::optional<Timestamp> created_from;
    std::optional<Timestamp> created_to;
    /// At most this many records, newest first.
    std::optional<std::uint64_t> limit;
    /// Records per vendor page, 1 to max_page_size.
    int page_size = max_page_size;

    friend bool operator==(const CallQuery&, const CallQuery&) = default;
};

/// The filters by their canonical names, as used in errors and set_filter().
inline constexpr std::string_view filter_names[] = {
    "status",  "provider_status", "direction",    "agent_id", "campaign_id", "customer_number",
    "search",  "created_from",    "created_to",   "limit",    "page_size",
};

/// Checks every filter's range and the filters' consistency. The error (an
/// invalid query) names the first filter at fault and why.
Error validate(const CallQuery& query);

/// The canonical predicate: does the record satisfy every filter that is set?
/// (limit and page_size are not part of it.)
bool matches(const CallQuery& query, const CallRecord& record);

/// Sets one filter from text, as given on a command line or in a config file:
/// `set_filter(q, "status", "completed,no_answer")`,
/// `set_filter(q, "created_from", "2025-08-04")`. A date as created_from means
/// the start of that UTC day, as created_to its last second; an RFC 3339
/// instant with fractional seconds is rounded inwards. "status" adds to the
/// statuses already set. An invalid query error names the filter.
Error set_filter(CallQuery& query, std::string_view filter, std::string_view value);

/// True for "+" followed by 2 to 15 digits, the first not zero.
bool is_e164(std::string_view number) noexcept;

}  // namespace callbridge
