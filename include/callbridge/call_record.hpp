#pragma once
// The canonical call record every provider maps onto, and its JSON form.

#include <callbridge/call_enums.hpp>
#include <callbridge/decimal.hpp>
#include <callbridge/error.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callbridge {

struct AgentRef {
    std::optional<std::string> id;
    std::optional<std::string> name;
    std::optional<std::string> label;

    friend bool operator==(const AgentRef&, const AgentRef&) = default;
};

struct CampaignRef {
    std::optional<std::string> id;
    std::optional<std::string> name;

    friend bool operator==(const CampaignRef&, const CampaignRef&) = default;
};

/// One call, in the vocabulary of spec/call-record.md. Optional members are
/// the fields the spec allows to be null.
struct CallRecord {
    std::string source;    ///< the configured source name
    std::string provider;  ///< "autocalls", "clickspeak", "talkover", ...
    std::string id;        ///< the vendor's call id, as a string
    std::optional<std::string> provider_call_sid;
    Direction direction = Direction::outbound;
    CallStatus status = CallStatus::unknown;
    std::string provider_status;  ///< the vendor's status word, exactly as sent
    std::optional<EndedBy> ended_by;
    std::optional<AnsweredBy> answered_by;
    AgentRef agent;
    std::optional<CampaignRef> campaign;
    std::optional<std::string> agent_number;     ///< E.164
    std::optional<std::string> customer_number;  ///< E.164
    std::int64_t duration_s = 0;
    Timestamp created_at{};
    Timestamp updated_at{};
    std::optional<std::string> transcript;
    boost::json::object variables;  ///< always an object, possibly empty
    std::optional<boost::json::object> evaluation;
    std::optional<boost::json::object> webhook_response;
    std::optional<Decimal> carrier_cost;
    std::optional<Decimal> total_cost;
    std::optional<std::string> recording_url;
    bool is_test = false;
    /// When the call connected and when it ended, for vendors that say.
    std::optional<Timestamp> started_at;
    std::optional<Timestamp> ended_at;
    /// The vendor's own word for why the call ended, as sent.
    std::optional<std::string> end_reason;
    std::optional<std::string> summary;
    /// ISO 4217: the currency of carrier_cost and total_cost.
    std::optional<std::string> currency;
    /// The vendor's whole original object, so nothing it sent is lost.
    /// Records parsed from one page share that page's memory (through raw,
    /// variables, evaluation and webhook_response), and so do their copies:
    /// it is freed with the last of them. Sharing it is thread-safe. To keep
    /// one record long after the rest of its page, copy those objects into
    /// storage of their own: `boost::json::object(record.raw, {})`.
    boost::json::object raw;

    friend bool operator==(const CallRecord&, const CallRecord&) = default;
};

struct JsonOptions {
    /// Add the vendor's original object as "raw" after the canonical fields.
    bool include_raw = false;
};

/// The record as one line of canonical JSON (no trailing newline), field for
/// field as in the spec: every field present, nulls where allowed, timestamps
/// in RFC 3339 UTC, money as plain decimals without exponent.
std::string to_json(const CallRecord& record, JsonOptions options = {});

/// As to_json, appended to `out`.
void append_json(std::string& out, const CallRecord& record, JsonOptions options = {});

/// Reads canonical JSON (as written by to_json) back into a record. A "raw"
/// member, when present, becomes CallRecord::raw. Errors are malformed
/// response errors naming the field.
boost::system::result<CallRecord, Error> record_from_json(std::string_view json);
boost::system::result<CallRecord, Error> record_from_json(const boost::json::object& json);

}  // namespace callbridge
