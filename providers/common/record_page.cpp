#include "common/record_page.hpp"

namespace callbridge::providers {

boost::system::result<boost::json::array*, Error> data_array(boost::json::object& body, std::string_view raw_body,
                                                             std::string_view provider, const PageContext& context) {
    auto* data = body.if_contains("data");
    if (data != nullptr && data->is_array()) return &data->get_array();
    if (data != nullptr) return malformed(provider, context, "data", "expected an array");
    const ErrorBody error = read_error_body(raw_body);
    return malformed(provider, context, "data",
                     "missing" + (error.message.empty() ? std::string() : "; the vendor said: " + error.message));
}

boost::system::result<PagingCounts, Error> read_paging_counts(const boost::json::object& paginator, std::string path,
                                                             std::string_view provider, const PageContext& context) {
    detail::FieldReader in(paginator, std::move(path));
    PagingCounts counts{in.optional_count("current_page"), in.optional_count("last_page"),
                        in.optional_count("per_page"), in.optional_count("total")};
    if (!in.ok()) return at_page(in.error(), provider, context);
    return counts;
}

boost::system::result<PageInfo, Error> page_info(const PagingCounts& counts, std::size_t vendor_records,
                                                 std::string_view provider, const PageContext& context) {
    if (counts.current_page && context.page != 0 && *counts.current_page != context.page)
        return malformed(provider, context, "current_page",
                         "asked for page " + std::to_string(context.page) + ", got page " +
                             std::to_string(*counts.current_page));
    PageInfo info;
    info.page = counts.current_page ? static_cast<std::uint32_t>(*counts.current_page) : context.page;
    if (counts.last_page) info.last_page = static_cast<std::uint32_t>(*counts.last_page);
    if (counts.per_page) info.per_page = static_cast<std::uint32_t>(*counts.per_page);
    if (counts.total) info.total = static_cast<std::uint64_t>(*counts.total);
    info.vendor_records = static_cast<std::uint32_t>(vendor_records);
    if (!counts.last_page || info.page < *counts.last_page) info.next = PageCursor{info.page + 1, {}};
    return info;
}

}  // namespace callbridge::providers
