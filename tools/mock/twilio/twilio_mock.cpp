// Twilio Programmable Voice as the mock serves it:
// GET /2010-04-01/Accounts/{AccountSid}/Calls.json with HTTP Basic
// credentials (the Account SID and a token, or an API key SID "SK..." and its
// secret), the `calls` envelope with next_page_uri / PageToken paging, the
// To, From, ParentCallSid, Status, StartTime and EndTime filters (with their
// `<` and `>` forms), and Twilio's error body {code, message, more_info, status}.

#include "mock/vendor_mock.hpp"
#include "mock/vendor_module.hpp"

#include <callbridge/json_text.hpp>
#include <callbridge/timestamp.hpp>

#include <boost/json/parse.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <variant>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock::twilio {
namespace {

using namespace std::chrono;

/// The account the generated calls belong to; a request for another
/// well-formed account gets the same calls, written as that account's.
constexpr std::string_view mock_account = "AC0123456789abcdef0123456789abcdef";
constexpr std::string_view list_prefix = "/2010-04-01/Accounts/";

constexpr std::array<std::pair<std::string_view, unsigned>, 8> statuses{{
    {"completed", 52}, {"no-answer", 10}, {"busy", 8}, {"failed", 5},
    {"canceled", 6}, {"in-progress", 8}, {"ringing", 5}, {"queued", 6},
}};
constexpr std::array<std::string_view, 8> status_words{"queued", "ringing", "in-progress", "canceled",
                                                      "completed", "failed", "busy", "no-answer"};
constexpr std::array<std::pair<std::string_view, unsigned>, 5> directions{{
    {"outbound-api", 40}, {"inbound", 35}, {"outbound-dial", 15}, {"trunking-terminating", 5},
    {"trunking-originating", 5},
}};

template <std::size_t N>
std::string_view weighted(const std::array<std::pair<std::string_view, unsigned>, N>& table, unsigned roll) {
    for (const auto& [word, weight] : table) {
        if (roll < weight) return word;
        roll -= weight;
    }
    return table.front().first;
}

std::string hex(Random& random, int digits) {
    static constexpr char alphabet[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < digits; ++i) out += alphabet[random.below(16)];
    return out;
}

// "Tue, 18 Aug 2026 14:02:10 +0000".
std::string rfc2822(sys_seconds t) {
    static constexpr std::array<const char*, 7> day_names{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(t);
    const year_month_day ymd(day);
    const hh_mm_ss<seconds> time(t - day);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                  day_names[weekday(day).c_encoding()], static_cast<unsigned>(ymd.day()),
                  month_names[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return buffer;
}

// As Twilio writes its links: every byte but unreserved ones as %XX.
std::string encode(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        }
    }
    return out;
}

ServerReply error(int status, int code, std::string message) {
    return ServerReply::json(status, json_text(boost::json::object{
                                         {"code", code},
                                         {"message", std::move(message)},
                                         {"more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code)},
                                         {"status", status}}));
}

// The user name and password of a Basic Authorization header.
std::optional<std::pair<std::string, std::string>> basic_credentials(const ServerRequest& request) {
    const auto header = find_header(request.headers, "Authorization");
    if (!header || !header->starts_with("Basic ")) return std::nullopt;
    const std::string_view encoded = header->substr(6);
    if (encoded.empty() || encoded.size() % 4 != 0) return std::nullopt;
    std::string bytes(encoded.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                  reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
    if (n < 0) return std::nullopt;
    bytes.resize(static_cast<std::size_t>(n) - static_cast<std::size_t>(std::count(encoded.end() - 2, encoded.end(), '=')));
    const auto colon = bytes.find(':');
    if (colon == std::string::npos) return std::nullopt;
    return std::pair{bytes.substr(0, colon), bytes.substr(colon + 1)};
}

bool is_sid(std::string_view text, std::string_view prefix) {
    return text.size() == 34 && text.starts_with(prefix) &&
           std::all_of(text.begin() + 2, text.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// The account of /2010-04-01/Accounts/{AccountSid}/..., or "".
std::string_view account_of(std::string_view path) {
    if (!path.starts_with(list_prefix)) return {};
    path.remove_prefix(list_prefix.size());
    return path.substr(0, path.find('/'));
}

std::optional<sys_days> day_of(std::string_view text) {
    if (auto date = parse_date(text)) return sys_days(*date);
    return std::nullopt;
}

// The filters of a list request, as Twilio reads them: exact To, From,
// ParentCallSid and Status; StartTime and EndTime by whole UTC days.
struct Filter {
    struct Days {
        std::optional<sys_days> on, before, from;  // `X`, `X<`, `X>`
    };
    std::optional<std::string> to, from, parent, status;
    Days start, end;

    [[nodiscard]] static bool in(const Days& d, std::string_view time) {
        if (!d.on && !d.before && !d.from) return true;
        const auto t = parse_rfc2822(time);
        if (!t) return false;  // a call not yet dialed started on no day
        const sys_days day = floor<days>(*t);
        return (!d.on || day == *d.on) && (!d.before || day < *d.before) && (!d.from || day >= *d.from);
    }

    [[nodiscard]] bool matches(const MockCall& call) const {
        const auto& o = call.wire;
        if (to && string_of(o, "to") != *to) return false;
        if (from && string_of(o, "from") != *from) return false;
        if (parent && string_of(o, "parent_call_sid") != *parent) return false;
        if (status && string_of(o, "status") != *status) return false;
        return in(start, string_of(o, "start_time")) && in(end, string_of(o, "end_time"));
    }
};

// Reads and checks a request's filters; an error reply for a bad one.
std::variant<Filter, ServerReply> read_filter(const ServerRequest& r) {
    Filter f;
    f.to = r.param("To");
    f.from = r.param("From");
    f.parent = r.param("ParentCallSid");
    f.status = r.param("Status");
    if (f.status && std::find(status_words.begin(), status_words.end(), *f.status) == status_words.end())
        return error(400, 20001, "Invalid Status: " + f.status->substr(0, 40));
    if (f.parent && !is_sid(*f.parent, "CA")) return error(400, 20001, "Invalid ParentCallSid");
    for (auto [name, days] : {std::pair{"StartTime", &f.start}, std::pair{"EndTime", &f.end}}) {
        for (auto [suffix, slot] : {std::pair{"", &days->on}, std::pair{"<", &days->before}, std::pair{">", &days->from}}) {
            const auto value = r.param(std::string(name) + suffix);
            if (!value) continue;
            // The date part of "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD HH:MM:SS".
            *slot = day_of(value->substr(0, 10));
            if (!*slot) return error(400, 20001, std::string("Invalid ") + name + suffix + ": expected a date");
        }
    }
    return f;
}

// The filter parameters of a request, encoded as Twilio repeats them in its links.
std::string filter_query(const ServerRequest& r) {
    std::string out;
    for (const auto& [key, value] : r.query) {
        if (key == "Page" || key == "PageSize" || key == "PageToken") continue;
        out += encode(key) + "=" + encode(value) + "&";
    }
    return out;
}

// One page: `begin` is the first call's index in `matching`, `page` the
// zero-based page number Twilio reports.
std::string page_text(std::span<const MockCall* const> matching, std::size_t begin, std::uint32_t page,
                      std::uint32_t page_size, const std::string& list_url, const std::string& filters,
                      std::string_view account) {
    const std::size_t end = std::min(matching.size(), begin + page_size);
    std::string out = "{\"calls\":[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i != begin) out += ',';
        append_json_text(out, matching[i]->wire);
    }
    const std::string base = list_url + "?" + filters + "PageSize=" + std::to_string(page_size) + "&Page=";
    auto link = [&](std::uint32_t to_page, std::string token) {
        return json_text(boost::json::value(base + std::to_string(to_page) + (token.empty() ? "" : "&PageToken=" + token)));
    };
    const bool last = end >= matching.size();
    const std::size_t shown = end - begin;
    out += "],\"end\":" + std::to_string(shown == 0 ? begin : end - 1);
    out += ",\"first_page_uri\":" + link(0, "");
    out += ",\"next_page_uri\":" +
           (last ? std::string("null") : link(page + 1, "PA" + std::string(string_of(matching[end - 1]->wire, "sid"))));
    out += ",\"page\":" + std::to_string(page) + ",\"page_size\":" + std::to_string(page_size);
    out += ",\"previous_page_uri\":" +
           (page == 0 || begin == 0 || shown == 0
                ? std::string("null")
                : link(page - 1, "PB" + std::string(string_of(matching[begin]->wire, "sid"))));
    out += ",\"start\":" + std::to_string(shown == 0 ? 0 : begin);
    out += ",\"uri\":" + link(page, begin == 0 || begin > matching.size()
                                        ? std::string()
                                        : "PA" + std::string(string_of(matching[begin - 1]->wire, "sid")));
    out += "}";
    // The calls say whose they are.
    if (account != mock_account)
        for (std::size_t at = out.find(mock_account); at != std::string::npos; at = out.find(mock_account, at))
            out.replace(at, mock_account.size(), account);
    return out;
}

class TwilioModule final : public VendorModule {
public:
    std::string_view name() const noexcept override { return "twilio"; }
    bool serves(const ServerRequest& request) const override { return request.path.starts_with("/2010-04-01/"); }
    bool is_list_request(const ServerRequest& request) const override {
        const std::string_view account = account_of(request.path);
        return !account.empty() &&
               request.path == std::string(list_prefix) + std::string(account) + "/Calls.json";
    }
    // The password, whoever the user is (list() checks the user).
    std::string credential(const ServerRequest& request) const override {
        const auto credentials = basic_credentials(request);
        return credentials ? credentials->second : std::string();
    }

    std::optional<ServerReply> other(const ServerRequest& request, std::span<const MockCall>) const override {
        // Quirk: without `.json` the 2010 API answers XML.
        if (request.path.ends_with("/Calls"))
        {
            ServerReply xml = ServerReply::json(200, "<TwilioResponse><Calls/></TwilioResponse>");
            xml.headers = {{"Content-Type", "application/xml"}};
            return xml;
        }
        return error(404, 20404, "The requested resource " + request.path.substr(0, 120) + " was not found");
    }

    MockCall make_call(std::size_t serial, sys_seconds created_at, Random& random) const override {
        MockCall call;
        call.created_at = created_at;
        auto& o = call.wire;
        const std::string sid = "CA" + hex(random, 16) + [&] {
            char tail[24];
            std::snprintf(tail, sizeof tail, "%016llx", static_cast<unsigned long long>(serial));
            return std::string(tail);
        }();
        const std::string_view status = weighted(statuses, static_cast<unsigned>(random.below(100)));
        const std::string_view direction = weighted(directions, static_cast<unsigned>(random.below(100)));
        const bool inbound = direction == "inbound" || direction == "trunking-originating";
        const std::string line = "+1415555" + std::to_string(1000 + random.below(9000));
        const std::string customer = random.chance(20) ? "+4072" + std::to_string(1000000 + random.below(9000000))
                                                       : "+1202555" + std::to_string(1000 + random.below(9000));
        const bool dialed = status != "queued" && status != "canceled";
        const bool answered = status == "completed" || status == "in-progress";
        const std::int64_t ring = static_cast<std::int64_t>(1 + random.below(20));
        const std::int64_t talk = static_cast<std::int64_t>(5 + random.below(900));
        const sys_seconds started = created_at + seconds(random.below(4));
        const sys_seconds ended = started + seconds(answered ? ring + talk : ring);
        const bool final = status != "in-progress" && status != "ringing" && status != "queued";
        const sys_seconds updated = final ? ended + seconds(1) : created_at + seconds(1);

        o["account_sid"] = mock_account;
        o["answered_by"] = !answered || random.chance(60) ? boost::json::value(nullptr)
                           : random.chance(70)           ? boost::json::value("human")
                                                         : boost::json::value("machine_start");
        o["api_version"] = "2010-04-01";
        o["caller_name"] = nullptr;
        o["date_created"] = rfc2822(created_at);
        o["date_updated"] = rfc2822(updated);
        o["direction"] = direction;
        // Quirk: empty for busy, failed, unanswered or ongoing calls (null, "" or "0").
        o["duration"] = status == "completed" ? boost::json::value(std::to_string(talk))
                        : random.chance(50)   ? boost::json::value(nullptr)
                        : random.chance(50)   ? boost::json::value("")
                                              : boost::json::value("0");
        o["end_time"] = status == "completed" ? boost::json::value(rfc2822(ended)) : boost::json::value(nullptr);
        o["forwarded_from"] = nullptr;
        o["from"] = inbound ? customer : line;
        o["from_formatted"] = inbound ? customer : line;
        o["group_sid"] = nullptr;
        o["parent_call_sid"] = direction == "outbound-dial" ? boost::json::value("CA" + hex(random, 32)) : nullptr;
        o["phone_number_sid"] = "PN" + hex(random, 32);
        // Quirk: charges are negative decimal strings, null until billed.
        if (status == "completed" || (final && random.chance(50))) {
            char price[16];
            std::snprintf(price, sizeof price, "-%u.%05u", 0u, static_cast<unsigned>(random.below(50000)));
            o["price"] = price;
        } else {
            o["price"] = nullptr;
        }
        o["price_unit"] = random.chance(10) ? "EUR" : "USD";
        o["queue_time"] = std::to_string(random.below(2) * 1000);
        o["sid"] = sid;
        o["start_time"] = dialed ? boost::json::value(rfc2822(started)) : boost::json::value(nullptr);
        o["status"] = status;
        const std::string call_uri = std::string(list_prefix) + std::string(mock_account) + "/Calls/" + sid;
        o["subresource_uris"] = {{"recordings", call_uri + "/Recordings.json"},
                                 {"notifications", call_uri + "/Notifications.json"}};
        o["to"] = inbound ? line : customer;
        o["to_formatted"] = inbound ? line : customer;
        o["trunk_sid"] = direction.starts_with("trunking") ? boost::json::value("TK" + hex(random, 32)) : nullptr;
        o["uri"] = call_uri + ".json";
        return call;
    }

    std::vector<MockCall> calls_from_page(std::string_view body) const override {
        return calls_of_list_body(body, "calls", [](const boost::json::object& call) {
            return parse_rfc2822(string_of(call, "date_created"));
        });
    }

    ServerReply list(const ServerRequest& request, std::span<const MockCall* const> calls,
                     const MockOptions&) const override {
        if (request.method != "GET") return error(405, 20004, "Method not allowed");
        const std::string_view account = account_of(request.path);
        if (!is_sid(account, "AC")) return error(404, 20404, "The requested resource " + request.path.substr(0, 120) + " was not found");
        // Quirk: the user is the account's own SID (with its Auth Token) or an
        // API key SID (with its secret); any other user is refused.
        const auto credentials = basic_credentials(request);
        if (!credentials || (credentials->first != account && !is_sid(credentials->first, "SK")))
            return unauthorized(request);

        auto filter = read_filter(request);
        if (auto* refused = std::get_if<ServerReply>(&filter)) return std::move(*refused);
        std::uint32_t page_size = 50;
        if (const auto size = request.param("PageSize")) {
            const auto n = integer(*size);
            if (!n || *n < 1 || *n > 1000) return error(400, 20001, "PageSize must be between 1 and 1000");
            page_size = static_cast<std::uint32_t>(*n);
        }
        std::uint32_t page = 0;
        if (const auto p = request.param("Page")) {
            const auto n = integer(*p);
            if (!n || *n < 0) return error(400, 20001, "Page must be a non-negative integer");
            page = static_cast<std::uint32_t>(std::min<std::int64_t>(*n, 1'000'000));
        }
        std::vector<const MockCall*> matching;
        matching.reserve(calls.size());
        for (const MockCall* call : calls)
            if (std::get<Filter>(filter).matches(*call)) matching.push_back(call);

        // Quirk: a page after the first is found by its PageToken, "PA" and
        // the last call of the page before; a made-up token is refused.
        std::size_t begin = 0;
        const auto token = request.param("PageToken");
        if (token || page > 0) {
            const auto after = std::find_if(matching.begin(), matching.end(), [&](const MockCall* c) {
                return token && token->size() > 2 && token->starts_with("PA") && string_of(c->wire, "sid") == token->substr(2);
            });
            if (!token || after == matching.end())
                return error(400, 21481,
                             "Invalid PageToken. Please be sure you are requesting the provided paging urls");
            begin = static_cast<std::size_t>(after - matching.begin()) + 1;
        }
        return ServerReply::json(200, page_text(matching, begin, page, page_size, request.path, filter_query(request),
                                                account));
    }

    std::string page_body(std::span<const MockCall* const> matching, const PageRequest& which,
                          const MockOptions&) const override {
        const std::string list_url = which.list_url.empty()
                                         ? std::string(list_prefix) + std::string(mock_account) + "/Calls.json"
                                         : which.list_url;
        const std::size_t begin = static_cast<std::size_t>(which.page - 1) * which.per_page;
        return page_text(matching, std::min(begin, matching.size()), which.page - 1, which.per_page, list_url, "",
                         mock_account);
    }

    ServerReply unauthorized(const ServerRequest&) const override {
        ServerReply reply = error(401, 20003, "Authenticate");
        reply.headers.push_back({"WWW-Authenticate", "Basic realm=\"Twilio API\""});
        return reply;
    }
    ServerReply rate_limited(seconds) const override { return error(429, 20429, "Too Many Requests"); }
    ServerReply server_error() const override { return error(500, 20500, "An internal server error has occurred"); }
};

}  // namespace

void add_modules(std::vector<std::unique_ptr<VendorModule>>& modules) {
    modules.push_back(std::make_unique<TwilioModule>());
}

}  // namespace callbridge::mock::twilio
