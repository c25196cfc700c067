#include "common/list_request.hpp"

#include <array>
#include <cstdio>

namespace callbridge::providers {
namespace {

using namespace std::chrono;

bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

std::string format_date(sys_days day) {
    const year_month_day ymd(day);
    std::array<char, 16> buffer{};
    const int n = std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(buffer.data(), static_cast<std::size_t>(n));
}

}  // namespace

std::string percent_encode(std::string_view value) {
    static constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c)) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    return out;
}

HttpRequest list_request(const ApiRoot& root, std::string_view list_path, const QueryPlan& plan,
                         const PageCursor& cursor, int page_size, std::string_view token) {
    HttpRequest request;
    request.origin = root.origin();
    request.target = root.base_path();
    request.target += list_path;
    char separator = '?';
    auto add = [&](std::string_view key, std::string_view value) {
        request.target += separator;
        request.target += percent_encode(key);
        request.target += '=';
        request.target += percent_encode(value);
        separator = '&';
    };
    for (const auto& [key, value] : plan.vendor_params) add(key, value);
    add("page", std::to_string(cursor.page));
    add("per_page", std::to_string(page_size));
    request.headers = {
        {"Authorization", "Bearer " + std::string(token)},
        {"Accept", "application/json"},
        {"User-Agent", "callbridge/0.1"},
    };
    return request;
}

void push_created_bounds(QueryPlan& plan, const CallQuery& query) {
    if (query.created_from)
        plan.vendor_params.emplace_back("date_from", format_date(floor<days>(*query.created_from) - days(1)));
    if (query.created_to)
        plan.vendor_params.emplace_back("date_to", format_date(floor<days>(*query.created_to) + days(1)));
}

}  // namespace callbridge::providers
