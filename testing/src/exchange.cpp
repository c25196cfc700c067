#include <callbridge/testing/exchange.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace callbridge::testing {
namespace {

struct Target {
    std::string path;
    std::vector<std::pair<std::string, std::string>> params;
};

std::string decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else if (text[i] == '+') {
            out += ' ';
        } else {
            out += text[i];
        }
    }
    return out;
}

// Lenient on purpose: a saved target may hold "[REDACTED]", which no URL
// grammar allows in a query.
Target split(std::string_view target) {
    Target out;
    const auto question = target.find('?');
    out.path = decoded(target.substr(0, question));
    if (question == std::string_view::npos) return out;
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view param = query.substr(0, amp);
        if (!param.empty()) {
            const auto eq = param.find('=');
            out.params.emplace_back(decoded(param.substr(0, eq)),
                                    eq == std::string_view::npos ? "" : decoded(param.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    std::sort(out.params.begin(), out.params.end());
    return out;
}

std::string read_file(const std::filesystem::path& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool same_json(std::string_view a, std::string_view b) {
    boost::system::error_code ea, eb;
    auto va = boost::json::parse(a, ea);
    auto vb = boost::json::parse(b, eb);
    if (ea || eb) return a == b;
    return va == vb;
}

}  // namespace

bool same_target(std::string_view a, std::string_view b) {
    const Target ta = split(a), tb = split(b);
    return ta.path == tb.path && ta.params == tb.params;
}

bool matches(const Exchange& exchange, const HttpRequest& request) {
    if (exchange.method != request.method) return false;
    if (!same_target(exchange.target, request.target)) return false;
    if (exchange.request_body && !same_json(*exchange.request_body, request.body)) return false;
    return true;
}

std::string describe(const Exchange& exchange) { return exchange.method + " " + exchange.target; }

boost::system::result<std::vector<Exchange>, std::string> read_exchanges(const boost::json::value& index,
                                                                         const std::filesystem::path& folder) {
    if (!index.is_array()) return std::string("the exchanges are not a JSON array");
    std::vector<Exchange> out;
    std::size_t n = 0;
    for (const auto& entry : index.as_array()) {
        const std::string where = "exchange " + std::to_string(n++);
        if (!entry.is_object()) return where + ": not an object";
        const auto& o = entry.as_object();
        Exchange e;
        for (const auto& [key, value] : o) {
            const std::string name(key);
            if (name == "method" || name == "target" || name == "request_body" || name == "body" || name == "body_file") {
                if (!value.is_string()) return where + ": \"" + name + "\" is not a string";
            }
            if (name == "method") e.method = std::string(value.as_string());
            else if (name == "target") e.target = std::string(value.as_string());
            else if (name == "request_body") e.request_body = std::string(value.as_string());
            else if (name == "status") {
                if (!value.is_int64() || value.as_int64() < 100 || value.as_int64() > 599)
                    return where + ": \"status\" is not an HTTP status (100 to 599)";
                e.response.status = static_cast<int>(value.as_int64());
            } else if (name == "headers") {
                if (!value.is_array()) return where + ": \"headers\" is not an array of \"Name: value\" strings";
                for (const auto& h : value.as_array()) {
                    const auto colon = h.is_string() ? h.as_string().find(':') : std::string_view::npos;
                    if (colon == std::string_view::npos)
                        return where + ": a header is not a \"Name: value\" string";
                    std::string_view text = h.as_string();
                    std::string_view v = text.substr(colon + 1);
                    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
                    e.response.headers.push_back({std::string(text.substr(0, colon)), std::string(v)});
                }
            } else if (name == "body") e.response.body = std::string(value.as_string());
            else if (name == "body_file") {
                bool ok = false;
                const auto file = folder / std::string(value.as_string());
                e.response.body = read_file(file, ok);
                if (!ok) return where + ": cannot read body_file " + file.string();
            } else if (name != "comment") {
                return where + ": unknown member \"" + name +
                       "\" (known: method, target, request_body, status, headers, body, body_file, comment)";
            }
        }
        if (e.target.empty() || e.target.front() != '/') return where + ": \"target\" must be a path starting with /";
        if (e.response.status == 0) return where + ": \"status\" is missing";
        if (o.contains("body") && o.contains("body_file")) return where + ": both \"body\" and \"body_file\"";
        if (!find_header(e.response.headers, "Content-Type") && !e.response.body.empty()) {
            const bool json = e.response.body.find_first_not_of(" \t\r\n") != std::string::npos &&
                              (e.response.body[e.response.body.find_first_not_of(" \t\r\n")] == '{' ||
                               e.response.body[e.response.body.find_first_not_of(" \t\r\n")] == '[');
            e.response.headers.push_back({"Content-Type", json ? "application/json" : "text/html; charset=utf-8"});
        }
        out.push_back(std::move(e));
    }
    return out;
}

boost::system::result<std::vector<Exchange>, std::string> load_exchanges(const std::filesystem::path& path) {
    const auto file = std::filesystem::is_directory(path) ? path / "cassette.json" : path;
    bool ok = false;
    const std::string text = read_file(file, ok);
    if (!ok) return "cannot read " + file.string();
    boost::system::error_code ec;
    auto index = boost::json::parse(text, ec);
    if (ec) return file.string() + ": not JSON (" + ec.message() + ")";
    auto read = read_exchanges(index, file.parent_path());
    if (!read) return file.string() + ": " + read.error();
    return read;
}

}  // namespace callbridge::testing
