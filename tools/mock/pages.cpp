#include "mock/pages.hpp"

#include "json/json_writer.hpp"

#include <algorithm>

namespace callbridge::mock {
namespace {

using detail::append_json_object;
using detail::append_json_string;

struct Window {
    std::uint64_t total;
    std::uint64_t last_page;
    std::size_t begin;
    std::size_t end;
};

Window window(std::size_t total, std::uint32_t page, std::uint32_t per_page) {
    Window w{total, std::max<std::uint64_t>(1, (total + per_page - 1) / per_page), 0, 0};
    w.begin = std::min<std::size_t>(total, static_cast<std::size_t>(page - 1) * per_page);
    w.end = std::min<std::size_t>(total, w.begin + per_page);
    return w;
}

void append_data(std::string& out, std::span<const MockCall* const> calls, const Window& w) {
    out += "\"data\":[";
    for (std::size_t i = w.begin; i < w.end; ++i) {
        if (i != w.begin) out += ',';
        append_json_object(out, calls[i]->wire);
    }
    out += ']';
}

void append_number_or_null(std::string& out, bool present, std::uint64_t value) {
    out += present ? std::to_string(value) : "null";
}

std::string page_url(const PageShape& shape, std::uint64_t page) {
    return shape.list_url + "?page=" + std::to_string(page);
}

void append_url_or_null(std::string& out, const PageShape& shape, bool present, std::uint64_t page) {
    if (present)
        append_json_string(out, page_url(shape, page));
    else
        out += "null";
}

// Laravel's LengthAwarePaginator, flat, as Autocalls and ClickSpeak send it.
std::string laravel_page(std::span<const MockCall* const> calls, std::uint32_t page, std::uint32_t per_page,
                         const PageShape& shape) {
    const Window w = window(calls.size(), page, per_page);
    const bool empty = w.begin == w.end;
    std::string out = "{\"current_page\":" + std::to_string(page) + ",";
    append_data(out, calls, w);
    out += ",\"first_page_url\":";
    append_json_string(out, page_url(shape, 1));
    out += ",\"from\":";
    append_number_or_null(out, !empty, w.begin + 1);
    out += ",\"last_page\":" + std::to_string(w.last_page) + ",\"last_page_url\":";
    append_json_string(out, page_url(shape, w.last_page));
    out += ",\"links\":[{\"url\":";
    append_url_or_null(out, shape, page > 1, page - 1);
    out += ",\"label\":\"&laquo; Previous\",\"active\":false},{\"url\":";
    append_json_string(out, page_url(shape, page));
    out += ",\"label\":\"" + std::to_string(page) + "\",\"active\":true},{\"url\":";
    append_url_or_null(out, shape, page < w.last_page, page + 1);
    out += ",\"label\":\"Next &raquo;\",\"active\":false}],\"next_page_url\":";
    append_url_or_null(out, shape, page < w.last_page, page + 1);
    out += ",\"path\":";
    append_json_string(out, shape.list_url);
    out += ",\"per_page\":" + std::to_string(per_page) + ",\"prev_page_url\":";
    append_url_or_null(out, shape, page > 1, page - 1);
    out += ",\"to\":";
    append_number_or_null(out, !empty, w.end);
    out += ",\"total\":" + std::to_string(w.total) + "}";
    return out;
}

std::string talkover_page(std::span<const MockCall* const> calls, std::uint32_t page, std::uint32_t per_page,
                          const PageShape& shape) {
    const Window w = window(calls.size(), page, per_page);
    const bool empty = w.begin == w.end;
    std::string out = "{\"success\":true,";
    append_data(out, calls, w);
    if (shape.talkover_meta) {
        out += ",\"meta\":{\"current_page\":" + std::to_string(page) + ",\"per_page\":" + std::to_string(per_page) +
               ",\"total\":" + std::to_string(w.total) + ",\"last_page\":" + std::to_string(w.last_page) + "}}";
        return out;
    }
    out += ",\"pagination\":{\"current_page\":" + std::to_string(page) + ",\"last_page\":" +
           std::to_string(w.last_page) + ",\"per_page\":" + std::to_string(per_page) + ",\"total\":" +
           std::to_string(w.total) + ",\"from\":";
    append_number_or_null(out, !empty, w.begin + 1);
    out += ",\"to\":";
    append_number_or_null(out, !empty, w.end);
    out += "}}";
    return out;
}

}  // namespace

std::string render_page(Vendor vendor, std::span<const MockCall* const> matching, std::uint32_t page,
                        std::uint32_t per_page, const PageShape& shape) {
    return vendor == Vendor::talkover ? talkover_page(matching, page, per_page, shape)
                                      : laravel_page(matching, page, per_page, shape);
}

}  // namespace callbridge::mock
