// The Autocalls platform as the mock serves it (ClickSpeak is the same API
// with its own data, chosen by a "cs-" token): GET /api/user/calls, Laravel's
// validation messages and flat paginator, and a login-page redirect for a
// guest that did not ask for JSON.

#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"

#include <callbridge/json_text.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock::autocalls {
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

// Status words with their weights (out of 100), as seen in the wild.
constexpr std::array<std::pair<std::string_view, unsigned>, 11> statuses{{
    {"completed", 40}, {"ended_by_customer", 10}, {"ended_by_assistant", 10}, {"no-answer", 8},
    {"unanswered", 4}, {"busy", 6}, {"failed", 5}, {"in-progress", 7}, {"ringing", 5},
    {"initiated", 3}, {"ended", 2},
}};

// What the `status` filter accepts (the list-calls page).
constexpr std::array<std::string_view, 10> status_filter_words{
    "initiated", "ringing", "busy", "in-progress", "ended", "completed",
    "ended_by_customer", "ended_by_assistant", "no-answer", "failed"};

std::string_view weighted(unsigned roll) {
    for (const auto& [word, weight] : statuses) {
        if (roll < weight) return word;
        roll -= weight;
    }
    return statuses.front().first;
}

std::string json_string(std::string_view text) { return json_text(boost::json::value(text)); }

// Laravel's validation message: the first error, and how many more.
ServerReply laravel_validation(const std::vector<std::pair<std::string, std::string>>& errors) {
    boost::json::object fields;
    for (const auto& [field, message] : errors) fields[field] = boost::json::array{boost::json::value(message)};
    std::string message = errors.front().second;
    if (errors.size() > 1)
        message += " (and " + std::to_string(errors.size() - 1) + (errors.size() == 2 ? " more error)" : " more errors)");
    return ServerReply::json(422, json_text(boost::json::object{{"message", message}, {"errors", fields}}));
}

std::vector<std::pair<std::string, std::string>> validate(const ServerRequest& r) {
    std::vector<std::pair<std::string, std::string>> errors;
    if (auto v = r.param("status");
        v && std::find(status_filter_words.begin(), status_filter_words.end(), *v) == status_filter_words.end())
        errors.emplace_back("status", "The selected status is invalid.");
    if (auto v = r.param("type"); v && *v != "inbound" && *v != "outbound" && *v != "web")
        errors.emplace_back("type", "The selected type is invalid.");
    for (const char* field : {"assistant_id", "campaign_id"})
        if (auto v = r.param(field); v && !integer(*v))
            errors.emplace_back(field, "The " + std::string(field == std::string("assistant_id") ? "assistant id" : "campaign id") +
                                           " field must be an integer.");
    if (auto v = r.param("date_from"); v && !parse_date(*v))
        errors.emplace_back("date_from", "The date from field must match the format Y-m-d.");
    if (auto v = r.param("date_to"); v && !parse_date(*v))
        errors.emplace_back("date_to", "The date to field must match the format Y-m-d.");
    if (auto v = r.param("per_page")) {
        const auto n = integer(*v);
        if (!n) errors.emplace_back("per_page", "The per page field must be an integer.");
        else if (*n < 1) errors.emplace_back("per_page", "The per page field must be at least 1.");
        else if (*n > 100) errors.emplace_back("per_page", "The per page field must not be greater than 100.");
    }
    if (auto v = r.param("page"); v && (!integer(*v) || *integer(*v) < 1))
        errors.emplace_back("page", "The page field must be at least 1.");
    return errors;
}

// The vendor's own filters, as it applies them, read once per request.
struct Filter {
    std::optional<std::string> status, type, phone_number, date_from, date_to;
    std::optional<std::int64_t> assistant_id, campaign_id;

    explicit Filter(const ServerRequest& r)
        : status(r.param("status")),
          type(r.param("type")),
          phone_number(r.param("phone_number")),
          date_from(r.param("date_from")),
          date_to(r.param("date_to")) {
        if (auto v = r.param("assistant_id")) assistant_id = integer(*v);
        if (auto v = r.param("campaign_id")) campaign_id = integer(*v);
    }

    [[nodiscard]] bool matches(const MockCall& call) const {
        const auto& o = call.wire;
        if (status && string_of(o, "status") != *status) return false;
        if (type && string_of(o, "type") != *type) return false;
        if (phone_number && string_of(o, "client_phone_number") != *phone_number) return false;
        auto hidden = [&](const char* key) {
            const auto found = call.hidden.find(key);
            return found == call.hidden.end() || !found->second.is_int64() ? std::int64_t{0} : found->second.get_int64();
        };
        if (assistant_id && hidden("assistant_id") != *assistant_id) return false;
        if (campaign_id && hidden("campaign_id") != *campaign_id) return false;
        if (!date_from && !date_to) return true;
        const std::string_view day = string_of(o, "created_at").substr(0, 10);  // the account's local date
        return (!date_from || day >= *date_from) && (!date_to || day <= *date_to);
    }
};

void append_number_or_null(std::string& out, bool present, std::uint64_t value) {
    out += present ? std::to_string(value) : "null";
}

// Laravel's LengthAwarePaginator, flat, as Autocalls and ClickSpeak send it.
std::string laravel_page(std::span<const MockCall* const> calls, const PageRequest& which) {
    const auto total = calls.size();
    const std::uint64_t last_page = std::max<std::uint64_t>(1, (total + which.per_page - 1) / which.per_page);
    const std::size_t begin = std::min<std::size_t>(total, static_cast<std::size_t>(which.page - 1) * which.per_page);
    const std::size_t end = std::min<std::size_t>(total, begin + which.per_page);
    const bool empty = begin == end;
    const std::uint32_t page = which.page;
    auto url = [&](std::uint64_t n) { return json_string(which.list_url + "?page=" + std::to_string(n)); };
    auto url_or_null = [&](bool present, std::uint64_t n) { return present ? url(n) : std::string("null"); };

    std::string out = "{\"current_page\":" + std::to_string(page) + ",\"data\":[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i != begin) out += ',';
        append_json_text(out, calls[i]->wire);
    }
    out += "],\"first_page_url\":" + url(1) + ",\"from\":";
    append_number_or_null(out, !empty, begin + 1);
    out += ",\"last_page\":" + std::to_string(last_page) + ",\"last_page_url\":" + url(last_page);
    out += ",\"links\":[{\"url\":" + url_or_null(page > 1, page - 1) +
           ",\"label\":\"&laquo; Previous\",\"active\":false},{\"url\":" + url(page) + ",\"label\":\"" +
           std::to_string(page) + "\",\"active\":true},{\"url\":" + url_or_null(page < last_page, page + 1) +
           ",\"label\":\"Next &raquo;\",\"active\":false}],\"next_page_url\":" + url_or_null(page < last_page, page + 1);
    out += ",\"path\":" + json_string(which.list_url) + ",\"per_page\":" + std::to_string(which.per_page) +
           ",\"prev_page_url\":" + url_or_null(page > 1, page - 1) + ",\"to\":";
    append_number_or_null(out, !empty, end);
    out += ",\"total\":" + std::to_string(total) + "}";
    return out;
}

class AutocallsModule : public VendorModule {
public:
    explicit AutocallsModule(std::string name) : name_(std::move(name)) {}

    std::string_view name() const noexcept override { return name_; }

    bool serves(const ServerRequest& request) const override {
        return request.path == "/api/user/calls" && bearer_token(request).starts_with("cs-") == (name_ == "clickspeak");
    }
    bool is_list_request(const ServerRequest& request) const override { return request.path == "/api/user/calls"; }
    std::string credential(const ServerRequest& request) const override { return bearer_token(request); }

    MockCall make_call(std::size_t serial, sys_seconds created_at, Random& random) const override {
        MockCall call;
        call.created_at = created_at;
        auto& o = call.wire;
        // A US number from the 555-01xx range kept for fiction, or a Romanian mobile.
        auto phone = [&](bool romanian) {
            std::string number = romanian ? "+4072" : "+1202555";
            for (int i = 0; i < (romanian ? 7 : 4); ++i) number += static_cast<char>('0' + random.below(10));
            return number;
        };
        const std::int64_t duration = static_cast<std::int64_t>(5 + random.below(600));
        const sys_seconds updated = created_at + seconds(duration + static_cast<std::int64_t>(random.below(30)));
        const auto type_roll = random.below(100);
        const std::string_view type = type_roll < 60 ? "outbound" : type_roll < 90 ? "inbound" : "web";
        const std::string_view status = weighted(static_cast<unsigned>(random.below(100)));
        const bool talked = status == "completed" || status == "ended" || status.starts_with("ended_by");
        const auto assistant_id = static_cast<std::int64_t>(1 + random.below(assistant_names.size()));
        const auto campaign_id =
            random.chance(50) ? std::int64_t{0} : static_cast<std::int64_t>(1 + random.below(campaign_names.size()));
        call.hidden["assistant_id"] = assistant_id;
        call.hidden["campaign_id"] = campaign_id;

        o["id"] = static_cast<std::int64_t>(100000 + serial);
        o["assistant_name"] = assistant_names[static_cast<std::size_t>(assistant_id - 1)];
        o["campaign_name"] = campaign_id == 0
                                 ? boost::json::value(nullptr)
                                 : boost::json::value(campaign_names[static_cast<std::size_t>(campaign_id - 1)]);
        o["type"] = type;
        o["duration"] = talked ? boost::json::value(duration)
                        : random.chance(50) ? boost::json::value(nullptr)
                                            : boost::json::value(0);
        if (type == "web") {
            o["assistant_phone_number"] = nullptr;
            o["client_phone_number"] = random.chance(50) ? boost::json::value(nullptr) : boost::json::value("");
        } else {
            o["assistant_phone_number"] = "+1415555" + std::to_string(1000 + assistant_id);
            o["client_phone_number"] = phone(random.chance(50));
        }
        o["status"] = status;
        if (!talked) {
            o["transcript"] = nullptr;
        } else if (random.chance(15)) {
            boost::json::array turns;
            const auto count = 2 + random.below(6);
            for (std::uint64_t i = 0; i < count; ++i)
                turns.push_back(random.chance(50)
                                    ? boost::json::object{{"role", i % 2 == 0 ? "assistant" : "user"},
                                                          {"content", sentences[(i + serial) % sentences.size()]}}
                                    : boost::json::object{{"sender", i % 2 == 0 ? "bot" : "customer"},
                                                          {"text", sentences[(i + serial) % sentences.size()]}});
            o["transcript"] = std::move(turns);
        } else {
            std::string text;
            const auto count = 2 + random.below(7);
            for (std::uint64_t i = 0; i < count; ++i) {
                text += i % 2 == 0 ? "AI: " : "User: ";
                text += sentences[(i + serial) % sentences.size()];
                text += '\n';
            }
            o["transcript"] = std::move(text);
        }
        const auto variables_roll = random.below(100);
        if (variables_roll < 20)
            o["variables"] = boost::json::array();  // PHP's empty map
        else if (variables_roll < 30)
            o["variables"] = nullptr;
        else
            o["variables"] = {{"customer_name", random.chance(50) ? "Ana Popescu" : "John Smith"},
                              {"interest_level", random.chance(50) ? "high" : "low"},
                              {"follow_up_date", naive_time(created_at + days(7)).substr(0, 10)}};
        const auto evaluation_roll = random.below(100);
        if (evaluation_roll < 30)
            o["evaluation"] = nullptr;
        else if (evaluation_roll < 40)
            o["evaluation"] = boost::json::array();
        else
            o["evaluation"] = {{"sentiment", random.chance(70) ? "positive" : "negative"},
                               {"outcome", random.chance(50) ? "qualified_lead" : "callback"},
                               {"score", static_cast<double>(random.below(100)) / 10.0}};
        o["webhook_response"] = random.chance(60)
                                    ? boost::json::value(nullptr)
                                    : boost::json::value({{"status", "success"},
                                                          {"data", {{"crm_contact_id", "c" + std::to_string(serial)}}}});
        // Money as numbers, numeric strings or integer 0 (web calls), sometimes null.
        const auto carrier_millis = static_cast<std::int64_t>(random.below(200));
        const auto total_millis = carrier_millis + static_cast<std::int64_t>(5 + random.below(300));
        auto money = [&](std::int64_t thousandths) -> boost::json::value {
            char text[24];
            std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(thousandths / 1000),
                          static_cast<long long>(thousandths % 1000));
            if (random.chance(30)) return boost::json::value(std::string(text) + "0");  // "0.0300"
            return static_cast<double>(thousandths) / 1000.0;
        };
        const bool priced = !random.chance(10);
        o["carrier_cost"] = !priced ? boost::json::value(nullptr)
                            : type == "web" ? boost::json::value(0)
                                            : money(carrier_millis);
        o["total_cost"] = priced ? money(total_millis) : boost::json::value(nullptr);
        const auto answered_roll = random.below(100);
        o["answered_by"] = !talked || answered_roll < 10 ? boost::json::value(nullptr)
                           : answered_roll < 75          ? boost::json::value("human")
                           : answered_roll < 90          ? boost::json::value("machine")
                           : answered_roll < 95          ? boost::json::value("machine_end_beep")
                                                         : boost::json::value("unknown");
        o["recording_url"] = talked && random.chance(80)
                                 ? boost::json::value("https://recordings.example.com/calls/" +
                                                      std::to_string(100000 + serial) + ".mp3")
                                 : boost::json::value(nullptr);
        o["created_at"] = naive_time(created_at);
        o["updated_at"] = naive_time(updated);
        return call;
    }

    std::vector<MockCall> calls_from_page(std::string_view body) const override {
        return calls_of_list_body(body, "data", [](const boost::json::object& call) {
            return parse_vendor_timestamp(string_of(call, "created_at"), TimeZone());
        });
    }

    ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                     const MockOptions&) const override {
        if (request.method != "GET")
            return ServerReply::json(405, R"({"message":"The )" + request.method +
                                              R"( method is not supported for route api/user/calls. Supported methods: GET, HEAD."})");
        if (const auto errors = validate(request); !errors.empty()) return laravel_validation(errors);
        const Filter filter(request);
        std::vector<const MockCall*> matching;
        matching.reserve(calls.size());
        for (const MockCall* call : calls)
            if (filter.matches(*call)) matching.push_back(call);
        PageRequest which;
        which.page = static_cast<std::uint32_t>(integer(request.param("page").value_or("1")).value_or(1));
        which.per_page = static_cast<std::uint32_t>(integer(request.param("per_page").value_or("15")).value_or(15));
        which.list_url = "https://" + std::string(find_header(request.headers, "Host").value_or("127.0.0.1")) + request.path;
        return ServerReply::json(200, laravel_page(matching, which));
    }

    std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                          const MockOptions&) const override {
        PageRequest with_url = which;
        if (with_url.list_url.empty()) with_url.list_url = "https://app.autocalls.ai/api/user/calls";
        return laravel_page(matching, with_url);
    }

    ServerReply unauthorized(const ServerRequest& request) const override {
        // Laravel answers a guest that did not ask for JSON with a login page.
        const auto accept = find_header(request.headers, "Accept");
        if (!accept || accept->find("application/json") == std::string_view::npos) {
            ServerReply reply;
            reply.status = 302;
            reply.headers = {{"Location", "/login"}, {"Content-Type", "text/html; charset=UTF-8"}};
            reply.body = "<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0;url='/login'\" />"
                         "<title>Redirecting to /login</title></head><body>Redirecting to /login.</body></html>";
            return reply;
        }
        return ServerReply::json(401, R"({"message":"Unauthenticated."})");
    }

    ServerReply rate_limited(seconds) const override { return ServerReply::json(429, R"({"message":"Too Many Attempts."})"); }
    ServerReply server_error() const override { return ServerReply::json(500, R"({"message":"Server Error"})"); }

private:
    std::string name_;
};

}  // namespace

void add_modules(std::vector<std::unique_ptr<VendorModule>>& modules) {
    modules.push_back(std::make_unique<AutocallsModule>("autocalls"));
    modules.push_back(std::make_unique<AutocallsModule>("clickspeak"));
}

}  // namespace callbridge::mock::autocalls
