#include "mock/vendor_module.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace callbridge::mock {

using namespace std::chrono;

std::string bearer_token(const ServerRequest& request) {
    const auto header = find_header(request.headers, "Authorization");
    if (!header || !header->starts_with("Bearer ")) return {};
    return std::string(header->substr(7));
}

std::optional<std::int64_t> integer(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

std::string_view string_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::vector<MockCall> calls_of_list_body(
    std::string_view body, std::string_view records,
    const std::function<std::optional<sys_seconds>(const boost::json::object&)>& created_at) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(body, ec);
    if (ec) throw std::runtime_error("not a list response: not JSON (" + ec.message() + ")");
    const std::string where = records.empty() ? "the body" : "\"" + std::string(records) + "\"";
    boost::json::value* list = &parsed;
    if (!records.empty()) list = parsed.is_object() ? parsed.get_object().if_contains(records) : nullptr;
    if (list == nullptr || !list->is_array()) throw std::runtime_error("not a list response: " + where + " is no array");
    std::vector<MockCall> calls;
    for (auto& element : list->get_array()) {
        if (!element.is_object()) throw std::runtime_error("a call in " + where + " is not an object");
        MockCall call;
        call.wire = std::move(element.get_object());
        const auto time = created_at(call.wire);
        if (!time) throw std::runtime_error("a call in " + where + " has no readable creation time");
        call.created_at = *time;
        calls.push_back(std::move(call));
    }
    return calls;
}

std::string naive_time(sys_seconds t) {
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

std::string iso_time(sys_seconds t, unsigned micros) {
    std::string text = naive_time(t);
    text[10] = 'T';
    if (micros != 0) {
        char fraction[16];
        std::snprintf(fraction, sizeof fraction, ".%06u", micros);
        text += fraction;
    }
    return text + "Z";
}

}  // namespace callbridge::mock
