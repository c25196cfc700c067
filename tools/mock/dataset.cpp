#include "mock/dataset.hpp"

#include <callbridge/timestamp.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 5> assistant_names{"Sales Assistant", "Support Line", "Receptionist",
                                                          "Renewals Bot", "Survey Caller"};
constexpr std::array<std::string_view, 3> campaign_names{"Q4 Outreach Campaign", "Spring Renewals", "NPS Survey"};
constexpr std::array<std::string_view, 8> sentences{
    "Hello, this is the assistant calling about your appointment.", "Yes, I can talk now.",
    "Could you confirm your date of birth?", "Sure, it is the fourth of August.",
    "Thank you, I have moved the appointment to Tuesday at ten.", "Great, thanks for calling.",
    "Is there anything else I can help you with today?", "No, that is all. Goodbye."};

// Autocalls words with their weights (out of 100), as seen in the wild.
constexpr std::array<std::pair<std::string_view, unsigned>, 11> autocalls_statuses{{
    {"completed", 40}, {"ended_by_customer", 10}, {"ended_by_assistant", 10}, {"no-answer", 8},
    {"unanswered", 4}, {"busy", 6}, {"failed", 5}, {"in-progress", 7}, {"ringing", 5},
    {"initiated", 3}, {"ended", 2},
}};

constexpr std::array<std::pair<std::string_view, unsigned>, 11> talkover_statuses{{
    {"completed", 45}, {"answered", 8}, {"in-progress", 4}, {"no-answer", 10}, {"busy", 7}, {"failed", 6},
    {"initiated", 4}, {"ringing", 4}, {"queued", 5}, {"scheduled", 5}, {"voicemail", 2},
}};

std::string naive(sys_seconds t) {
    const auto day = floor<days>(t);
    const year_month_day ymd(day);
    const hh_mm_ss hms(t - day);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buffer;
}

std::string iso(sys_seconds t, unsigned micros) {
    std::string text = naive(t);
    text[10] = 'T';
    if (micros != 0) {
        char fraction[16];
        std::snprintf(fraction, sizeof fraction, ".%06u", micros);
        text += fraction;
    }
    return text + "Z";
}

template <std::size_t N>
std::string_view weighted(const std::array<std::pair<std::string_view, unsigned>, N>& table, unsigned roll) {
    for (const auto& [word, weight] : table) {
        if (roll < weight) return word;
        roll -= weight;
    }
    return table.front().first;
}

}  // namespace

std::string_view to_string(Vendor vendor) noexcept {
    switch (vendor) {
        case Vendor::autocalls: return "autocalls";
        case Vendor::clickspeak: return "clickspeak";
        case Vendor::talkover: return "talkover";
    }
    return "?";
}

sys_seconds Dataset::default_newest() { return sys_days(year{2025} / 8 / 4) + hours(18); }

Dataset::Dataset(Vendor vendor, std::size_t count, std::uint64_t seed, sys_seconds newest)
    : vendor_(vendor), state_(seed ^ (static_cast<std::uint64_t>(vendor) + 1) * 0x9E3779B97F4A7C15ull) {
    calls_.reserve(count);
    // Each vendor's newest call a little apart, so that merges interleave.
    sys_seconds created = newest - seconds(97 * static_cast<int>(vendor));
    // Made oldest first, so that serial numbers (ids) grow with time.
    std::vector<sys_seconds> times(count);
    for (std::size_t i = 0; i < count; ++i) {
        times[i] = created;
        created -= seconds(1 + below(900));
    }
    for (std::size_t i = count; i-- > 0;) calls_.push_back(make_call(serial_++, times[i]));
    std::reverse(calls_.begin(), calls_.end());
}

Dataset::Dataset(Vendor vendor, std::vector<MockCall> calls)
    : vendor_(vendor), state_(0x5EED), serial_(calls.size()), calls_(std::move(calls)) {
    std::stable_sort(calls_.begin(), calls_.end(),
                     [](const MockCall& a, const MockCall& b) { return a.created_at > b.created_at; });
}

std::vector<MockCall> calls_from_page(std::string_view body) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(body, ec);
    auto* data = !ec && parsed.is_object() ? parsed.get_object().if_contains("data") : nullptr;
    if (data == nullptr || !data->is_array()) throw std::runtime_error("not a list response: no \"data\" array");
    std::vector<MockCall> calls;
    for (auto& element : data->get_array()) {
        if (!element.is_object()) throw std::runtime_error("a call in \"data\" is not an object");
        MockCall call;
        call.wire = std::move(element.get_object());
        const auto* created = call.wire.if_contains("created_at");
        auto time = created != nullptr && created->is_string()
                        ? parse_vendor_timestamp(created->get_string(), TimeZone())
                        : std::nullopt;
        if (!time) throw std::runtime_error("a call has no readable created_at");
        call.created_at = *time;
        calls.push_back(std::move(call));
    }
    return calls;
}

const MockCall& Dataset::add_newer_call() {
    const sys_seconds created = calls_.empty() ? default_newest() : calls_.front().created_at + seconds(1);
    calls_.insert(calls_.begin(), make_call(serial_++, created));
    return calls_.front();
}

std::uint64_t Dataset::next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

MockCall Dataset::make_call(std::size_t serial, sys_seconds created_at) {
    MockCall call;
    call.created_at = created_at;
    auto& o = call.wire;
    // A US number from the 555-01xx range kept for fiction, or a Romanian mobile.
    auto phone = [&](bool romanian) {
        std::string number = romanian ? "+4072" : "+1202555";
        for (int i = 0; i < (romanian ? 7 : 4); ++i) number += static_cast<char>('0' + below(10));
        return number;
    };
    const std::int64_t duration = static_cast<std::int64_t>(5 + below(600));
    const sys_seconds updated = created_at + seconds(duration + static_cast<std::int64_t>(below(30)));

    if (vendor_ == Vendor::talkover) {
        char id[40];
        std::snprintf(id, sizeof id, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                      static_cast<unsigned long long>(next() & 0xffffffff), static_cast<unsigned long long>(serial & 0xffff),
                      static_cast<unsigned long long>(below(0x1000)), static_cast<unsigned long long>(below(0x1000)),
                      static_cast<unsigned long long>(serial));
        const bool inbound = chance(35);
        const std::string agent_line = "+1415555" + std::to_string(1000 + below(9000));
        const std::string customer = phone(chance(50));
        const std::string_view status = weighted(talkover_statuses, static_cast<unsigned>(below(100)));
        char sid[40];
        std::snprintf(sid, sizeof sid, "CA%016llx%016llx", static_cast<unsigned long long>(next()),
                      static_cast<unsigned long long>(next()));
        o["id"] = id;
        o["sid"] = chance(3) ? boost::json::value(nullptr) : boost::json::value(sid);
        o["to"] = inbound ? agent_line : customer;
        o["to_formatted"] = inbound ? agent_line : customer;
        o["from"] = inbound ? customer : agent_line;
        o["from_formatted"] = inbound ? customer : agent_line;
        o["is_testing"] = chance(5);
        o["direction"] = inbound ? "inbound" : "outbound";
        o["status"] = status;
        o["duration"] = status == "completed" ? boost::json::value(duration)
                        : chance(50)         ? boost::json::value(nullptr)
                                             : boost::json::value(0);
        const auto agent = below(4);
        if (chance(4))
            o["agent"] = nullptr;
        else
            o["agent"] = {{"id", "agent-uuid-" + std::to_string(agent + 1)},
                          {"name", std::string(assistant_names[agent])},
                          {"label", chance(20) ? boost::json::value(nullptr)
                                               : boost::json::value(std::string(assistant_names[agent]) + " Label")}};
        o["created_at"] = iso(created_at, chance(30) ? static_cast<unsigned>(below(1000000)) : 0);
        o["updated_at"] = iso(updated, 0);
        return call;
    }

    const auto type_roll = below(100);
    const std::string_view type = type_roll < 60 ? "outbound" : type_roll < 90 ? "inbound" : "web";
    const std::string_view status = weighted(autocalls_statuses, static_cast<unsigned>(below(100)));
    const bool talked = status == "completed" || status == "ended" || status.starts_with("ended_by");
    call.assistant_id = static_cast<std::int64_t>(1 + below(assistant_names.size()));
    call.campaign_id = chance(50) ? 0 : static_cast<std::int64_t>(1 + below(campaign_names.size()));

    o["id"] = static_cast<std::int64_t>(100000 + serial);
    o["assistant_name"] = assistant_names[static_cast<std::size_t>(call.assistant_id - 1)];
    o["campaign_name"] = call.campaign_id == 0
                             ? boost::json::value(nullptr)
                             : boost::json::value(campaign_names[static_cast<std::size_t>(call.campaign_id - 1)]);
    o["type"] = type;
    o["duration"] = talked ? boost::json::value(duration) : chance(50) ? boost::json::value(nullptr) : boost::json::value(0);
    if (type == "web") {
        o["assistant_phone_number"] = nullptr;
        o["client_phone_number"] = chance(50) ? boost::json::value(nullptr) : boost::json::value("");
    } else {
        o["assistant_phone_number"] = "+1415555" + std::to_string(1000 + call.assistant_id);
        o["client_phone_number"] = phone(chance(50));
    }
    o["status"] = status;
    if (!talked) {
        o["transcript"] = nullptr;
    } else if (chance(15)) {
        boost::json::array turns;
        const auto count = 2 + below(6);
        for (std::uint64_t i = 0; i < count; ++i)
            turns.push_back(chance(50) ? boost::json::object{{"role", i % 2 == 0 ? "assistant" : "user"},
                                                             {"content", sentences[(i + serial) % sentences.size()]}}
                                       : boost::json::object{{"sender", i % 2 == 0 ? "bot" : "customer"},
                                                             {"text", sentences[(i + serial) % sentences.size()]}});
        o["transcript"] = std::move(turns);
    } else {
        std::string text;
        const auto count = 2 + below(7);
        for (std::uint64_t i = 0; i < count; ++i) {
            text += i % 2 == 0 ? "AI: " : "User: ";
            text += sentences[(i + serial) % sentences.size()];
            text += '\n';
        }
        o["transcript"] = std::move(text);
    }
    const auto variables_roll = below(100);
    if (variables_roll < 20)
        o["variables"] = boost::json::array();  // PHP's empty map
    else if (variables_roll < 30)
        o["variables"] = nullptr;
    else
        o["variables"] = {{"customer_name", chance(50) ? "Ana Popescu" : "John Smith"},
                          {"interest_level", chance(50) ? "high" : "low"},
                          {"follow_up_date", naive(created_at + days(7)).substr(0, 10)}};
    const auto evaluation_roll = below(100);
    if (evaluation_roll < 30)
        o["evaluation"] = nullptr;
    else if (evaluation_roll < 40)
        o["evaluation"] = boost::json::array();
    else
        o["evaluation"] = {{"sentiment", chance(70) ? "positive" : "negative"},
                           {"outcome", chance(50) ? "qualified_lead" : "callback"},
                           {"score", static_cast<double>(below(100)) / 10.0}};
    o["webhook_response"] = chance(60) ? boost::json::value(nullptr)
                                       : boost::json::value({{"status", "success"},
                                                             {"data", {{"crm_contact_id", "c" + std::to_string(serial)}}}});
    // Money as numbers, numeric strings or integer 0 (web calls), sometimes null.
    const auto carrier_millis = static_cast<std::int64_t>(below(200));
    const auto total_millis = carrier_millis + static_cast<std::int64_t>(5 + below(300));
    auto money = [&](std::int64_t thousandths) -> boost::json::value {
        char text[24];
        std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(thousandths / 1000),
                      static_cast<long long>(thousandths % 1000));
        if (chance(30)) return boost::json::value(std::string(text) + "0");  // "0.0300"
        return static_cast<double>(thousandths) / 1000.0;
    };
    const bool priced = !chance(10);
    o["carrier_cost"] = !priced ? boost::json::value(nullptr) : type == "web" ? boost::json::value(0) : money(carrier_millis);
    o["total_cost"] = priced ? money(total_millis) : boost::json::value(nullptr);
    const auto answered_roll = below(100);
    o["answered_by"] = !talked || answered_roll < 10 ? boost::json::value(nullptr)
                       : answered_roll < 75          ? boost::json::value("human")
                       : answered_roll < 90          ? boost::json::value("machine")
                       : answered_roll < 95          ? boost::json::value("machine_end_beep")
                                                     : boost::json::value("unknown");
    o["recording_url"] = talked && chance(80) ? boost::json::value("https://recordings.example.com/calls/" +
                                                                   std::to_string(100000 + serial) + ".mp3")
                                              : boost::json::value(nullptr);
    o["created_at"] = naive(created_at);
    o["updated_at"] = naive(updated);
    return call;
}

}  // namespace callbridge::mock
