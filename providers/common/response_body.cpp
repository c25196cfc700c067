#include "common/response_body.hpp"

#include "common/error_body.hpp"
#include "detail/shared_arena.hpp"
#include "detail/field_reader.hpp"
#include "detail/json_reader.hpp"

#include <boost/json/error.hpp>


namespace callbridge::providers {

Error malformed(std::string_view provider, const PageContext& context, std::string field, std::string message) {
    ErrorDetails details;
    details.source = context.source;
    details.provider = std::string(provider);
    if (context.page != 0) details.page = context.page;
    details.field = std::move(field);
    details.message = std::move(message);
    return {errc::malformed_response, std::move(details)};
}

Error at_page(Error error, std::string_view provider, const PageContext& context) {
    error.details().source = context.source;
    error.details().provider = std::string(provider);
    if (context.page != 0) error.details().page = context.page;
    return error;
}

boost::system::result<boost::json::object, Error> parse_body_object(std::string_view body, std::string_view provider,
                                                                     const PageContext& context) {
    boost::json::parse_options options;
    options.max_depth = max_body_depth;
    boost::system::error_code ec;
    boost::json::value value = detail::read_json(
        body, ec, boost::json::make_shared_resource<detail::SharedArena>(std::max<std::size_t>(body.size(), 4096)),
        options);
    if (ec) {
        std::string why = ec == boost::json::error::too_deep
                              ? "nested deeper than " + std::to_string(max_body_depth) + " levels"
                              : "not JSON (" + ec.message() + ")";
        Error error = malformed(provider, context, "", std::move(why));
        error.details().body_excerpt = body_excerpt(body);
        return error;
    }
    if (!value.is_object()) {
        Error error = malformed(provider, context, "",
                                "expected a JSON object, got " + std::string(detail::describe_kind(value)));
        error.details().body_excerpt = body_excerpt(body);
        return error;
    }
    return std::move(value.get_object());
}

}  // namespace callbridge::providers
