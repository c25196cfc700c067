#pragma once
// A vendor's call object onto the canonical record, as data: which vendor
// member each canonical field comes from, how it is read, and the words for
// statuses, directions, who ended and who answered. Quirks that no table can
// say are a ListDialect's refine() hook.

#include <callbridge/call_enums.hpp>
#include <callbridge/call_record.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/kit/field_reader.hpp>
#include <callbridge/kit/status_table.hpp>
#include <callbridge/kit/word_map.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge::kit {

/// The canonical fields a vendor member can be read into.
enum class Field {
    id,
    provider_call_sid,
    /// A word, looked up in CallMapping::directions.
    direction,
    /// The status word, kept as provider_status and looked up in the status table.
    provider_status,
    /// A word, looked up in CallMapping::ended_by.
    ended_by,
    /// A word, looked up in CallMapping::answered_by.
    answered_by,
    agent_id,
    agent_name,
    agent_label,
    campaign_id,
    campaign_name,
    agent_number,
    customer_number,
    /// The caller's and the callee's numbers: the agent's and the
    /// customer's on outbound calls, the other way round on inbound ones.
    from_number,
    to_number,
    duration_s,
    created_at,
    updated_at,
    started_at,
    ended_at,
    transcript,
    variables,
    evaluation,
    webhook_response,
    carrier_cost,
    total_cost,
    currency,
    recording_url,
    is_test,
    end_reason,
    summary,
};

/// How a vendor member is read.
enum class Read {
    string,                ///< a string, as is
    text,                  ///< a string; empty reads as null
    id,                    ///< a string, or an integer as decimal text
    count,                 ///< a non-negative whole number (numeric strings too)
    milliseconds,          ///< a whole number of milliseconds, as whole seconds rounded down
    duration_text,         ///< "219.2s", as whole seconds rounded down
    boolean,               ///< true/false or 1/0
    object,                ///< an object; [] reads as {}
    money,                 ///< an amount in the main unit (number or numeric string)
    money_cents,           ///< an amount in hundredths, divided by 100 exactly
    money_magnitude,       ///< an amount, its sign dropped
    time,                  ///< ISO 8601, or zone-less text in the source's zone
    time_rfc2822,          ///< "Tue, 18 Aug 2026 14:02:10 +0000"
    time_epoch_seconds,    ///< seconds since 1970
    time_epoch_ms,         ///< milliseconds since 1970
    transcript_turns,      ///< a string, or turns: strings, or {role|sender, text|content|message}
};

struct FieldRule {
    Field field;
    /// Dotted paths into the call object; the first that holds a value
    /// (not null) is read.
    std::vector<std::string> paths;
    Read read = Read::string;
    /// A missing or null value is a malformed response.
    bool required = false;
};

struct CallMapping {
    std::vector<FieldRule> rules;
    StatusTable statuses;
    /// Empty: the canonical spellings (inbound, outbound, web). A word that
    /// is not here is looked up in the next path of the direction rule, and
    /// when none is left it is a malformed response.
    WordMap<Direction> directions;
    /// The direction of a call whose direction member is missing or null.
    std::optional<Direction> direction_when_absent;
    /// What messages call the vendor's direction word ("call type").
    std::string direction_name = "direction";
    /// A word that is not here leaves ended_by null.
    WordMap<EndedBy> ended_by;
    /// Empty: the canonical spellings. A word that is not here reads as
    /// `unknown`; an empty one as null.
    WordMap<AnsweredBy> answered_by;
    /// The currency of the amounts, when the vendor documents one ("USD")
    /// and sends none (a currency rule wins over it).
    std::string currency;
    /// A call with no created_at is not listed (Retell's calls that never
    /// started): it is counted, not failed.
    bool unlisted_without_created_at = false;
};

/// Which fields a mapping found a value for.
class FieldsRead {
public:
    void add(Field field) noexcept { bits_ |= bit(field); }
    void remove(Field field) noexcept { bits_ &= ~bit(field); }
    [[nodiscard]] bool contains(Field field) const noexcept { return (bits_ & bit(field)) != 0; }

private:
    static constexpr std::uint64_t bit(Field field) noexcept { return std::uint64_t{1} << static_cast<unsigned>(field); }
    std::uint64_t bits_ = 0;
};

/// The fields of the call `in` reads, as the rules say, onto `record` (whose
/// source, provider and raw the caller sets). Failures are recorded in `in`,
/// and the fields of the rules before a failure are already on `record`.
/// A rule whose read cannot fill its field (can_fill) fails every call,
/// whether or not the call has the value, with the words a dialect that
/// loads such a rule is refused with.
FieldsRead apply_mapping(const CallMapping& mapping, FieldReader& in, const PageContext& context, CallRecord& record);

/// Whether a value read as `read` is of the kind `field` holds (a time for
/// created_at, text for agent_name, ...): a description pairing them
/// otherwise is refused when it is loaded.
bool can_fill(Field field, Read read) noexcept;

/// The natural read of `field`: the first read of its kind (`time` for
/// created_at, `count` for duration_s, `string` for text), but `id`, a
/// string or an integer, for id. A JSON dialect's field given without a
/// read takes it.
Read natural_read(Field field) noexcept;

/// Whether the mapping's rules can read a field at all (so a filter on it is
/// checked locally, or left to the vendor when it cannot).
bool maps(const CallMapping& mapping, Field field) noexcept;

/// "created_at" for Field::created_at: the canonical name, for messages and JSON dialects.
std::string_view to_string(Field field) noexcept;
std::optional<Field> parse_field(std::string_view name) noexcept;
std::string_view to_string(Read read) noexcept;
std::optional<Read> parse_read(std::string_view name) noexcept;

}  // namespace callbridge::kit
