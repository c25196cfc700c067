#include <callbridge/error.hpp>

#include "model/terminal_text.hpp"

#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <algorithm>
#include <ostream>
#include <string>

namespace callbridge {
namespace {

class Category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "callbridge"; }

    std::string message(int value) const override {
        return std::string(to_string(static_cast<errc>(value)));
    }
};

void append_field_errors(std::string& out, const std::vector<FieldError>& errors) {
    for (const auto& e : errors) {
        out += "; ";
        out += e.field;
        out += ": ";
        for (std::size_t i = 0; i < e.messages.size(); ++i) {
            if (i != 0) out += ' ';
            out += e.messages[i];
        }
    }
}

}  // namespace

const boost::system::error_category& error_category() noexcept {
    static const Category category;
    return category;
}

std::string_view to_string(errc e) noexcept {
    switch (e) {
        case errc::invalid_query: return "invalid query";
        case errc::unsupported_filter: return "unsupported filter";
        case errc::unauthorized: return "unauthorized";
        case errc::rejected_by_vendor: return "rejected by vendor";
        case errc::rate_limited: return "rate limited";
        case errc::vendor_unavailable: return "vendor unavailable";
        case errc::transport: return "transport failure";
        case errc::malformed_response: return "malformed response";
        case errc::invalid_option: return "invalid option";
    }
    return "unknown error";
}

std::string_view to_string(TransportStage stage) noexcept {
    switch (stage) {
        case TransportStage::resolve: return "resolving the host name";
        case TransportStage::connect: return "connecting";
        case TransportStage::tls_handshake: return "TLS handshake";
        case TransportStage::send_request: return "sending the request";
        case TransportStage::read_response: return "reading the response";
    }
    return "unknown stage";
}

std::string Error::message() const {
    if (!failed()) return "success";
    const ErrorDetails& d = details_;
    std::string out;
    if (!d.source.empty()) {
        out += "source '" + d.source + "'";
        if (!d.provider.empty() && d.provider != d.source) out += " (" + d.provider + ")";
        if (d.page) out += ", page " + std::to_string(*d.page);
        out += ": ";
    }
    out += code_.category() == error_category() ? std::string(to_string(static_cast<errc>(code_.value())))
                                                : code_.message();
    // "<kind>: <filter, option or field>: <why>"
    for (const std::string* name : {&d.filter, &d.option, &d.field})
        if (!name->empty()) out += ": " + *name;
    if (d.stage) out += std::string(" while ") + std::string(to_string(*d.stage));
    if (!d.message.empty()) out += ": " + d.message;
    if (d.cause) out += " (" + d.cause.message() + ")";
    if (!d.body_excerpt.empty() && d.message.empty()) {  // a body with a message says no more
        std::size_t shown = std::min<std::size_t>(120, d.body_excerpt.size());
        while (shown > 0 && shown < d.body_excerpt.size() && (static_cast<unsigned char>(d.body_excerpt[shown]) & 0xC0) == 0x80)
            --shown;  // not inside a character
        out += " (body: \"" + d.body_excerpt.substr(0, shown) + (d.body_excerpt.size() > shown ? "...\")" : "\")");
    }
    if (d.http_status) out += " [HTTP " + std::to_string(*d.http_status) + "]";
    if (d.retry_after) out += " [retry after " + std::to_string(d.retry_after->count()) + " s]";
    append_field_errors(out, d.field_errors);
    return detail::printable(out);  // one line, whatever the vendor's text held
}

Error invalid_query(std::string filter, std::string why) {
    ErrorDetails details;
    details.filter = std::move(filter);
    details.message = std::move(why);
    return {errc::invalid_query, std::move(details)};
}

Error unsupported_filter(std::string filter, std::string provider, std::string why) {
    ErrorDetails details;
    details.filter = std::move(filter);
    details.provider = std::move(provider);
    details.message = std::move(why);
    return {errc::unsupported_filter, std::move(details)};
}

Error at_origin(Error error, const ErrorOrigin& origin) {
    ErrorDetails& details = error.details();
    if (!origin.source.empty()) details.source = std::string(origin.source);
    if (!origin.provider.empty()) details.provider = std::string(origin.provider);
    if (origin.page != 0) details.page = origin.page;
    return error;
}

std::ostream& operator<<(std::ostream& out, const Error& error) { return out << error.message(); }

void throw_exception_from_error(const Error& error, const boost::source_location& location) {
    boost::throw_with_location(boost::system::system_error(error.code(), error.message()), location);
}

Error invalid_option(std::string option, std::string why) {
    ErrorDetails details;
    details.option = std::move(option);
    details.message = std::move(why);
    return {errc::invalid_option, std::move(details)};
}

}  // namespace callbridge
