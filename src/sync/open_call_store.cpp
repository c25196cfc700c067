#include <callbridge/sync/open_call_store.hpp>

#include "sync/stores/postgres/postgres_store.hpp"
#include "sync/stores/sqlite/sqlite_store.hpp"

#include <regex>

namespace callbridge {

boost::system::result<std::unique_ptr<CallStore>, Error> open_call_store(std::string_view url) {
    if (url.starts_with("sqlite:")) {
        const std::string path(url.substr(7));
        if (path.empty()) return invalid_option("store", "'sqlite:' names no file; write sqlite:PATH");
        return detail::open_sqlite_store(path);
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
        return detail::open_postgres_store(std::string(url));
    return invalid_option("store", "'" + redacted_store_url(url) +
                                       "' is not a store URL; expected sqlite:PATH or postgresql://user@host:port/db");
}

std::string redacted_store_url(std::string_view url) {
    // postgresql://user:secret@host/db, and libpq's password=secret parameter.
    static const std::regex userinfo_password(R"(^([a-z]+://[^/@:?]*):[^@/?]*@)", std::regex::icase);
    static const std::regex password_parameter(R"(([?&]password=)[^&]*)", std::regex::icase);
    std::string out = std::regex_replace(std::string(url), userinfo_password, "$1:REDACTED@");
    return std::regex_replace(out, password_parameter, "$1REDACTED");
}

}  // namespace callbridge
