#include <callbridge/kit/list_dialect.hpp>

#include <callbridge/kit/error_body.hpp>

#include "json/json_reader.hpp"
#include "json/selective_reader.hpp"
#include "json/shared_arena.hpp"
#include "kit/mapping_kinds.hpp"
#include "kit/rule_slots.hpp"
#include "kit/time_windows.hpp"

#include <boost/json/error.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <stdexcept>

namespace callbridge::kit {
namespace {

/// Deepest nesting accepted in a body; deeper is a malformed response.
constexpr std::size_t max_body_depth = 64;

template <class... Styles>
struct Overloaded : Styles... {
    using Styles::operator()...;
};
template <class... Styles>
Overloaded(Styles...) -> Overloaded<Styles...>;

const boost::json::value* at_path(const boost::json::value& root, std::string_view path) {
    if (path.empty()) return &root;
    const auto* object = root.if_object();
    if (object == nullptr) return nullptr;
    return FieldReader(*object, "").find(path);
}

// A next link's target on the configured root: the link's own path and
// query when it points at the root's origin, else the link's query on the
// root's list path (the credentials go to no other origin).
std::string next_link_target(std::string_view link, const SourceAccess& access, const std::string& list_path) {
    if (link.starts_with('/') && !link.starts_with("//")) return std::string(link);  // relative to the origin
    const auto parsed = boost::urls::parse_uri_reference(link);
    if (!parsed) return list_path;
    const boost::urls::url_view url = *parsed;
    const Origin& root = access.root.origin();
    const auto port = url.has_port() ? url.port_number() : (url.scheme() == "http" ? 80 : 443);
    std::string host(url.host_address());
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool same_origin = url.has_authority() && url.scheme() == root.scheme && host == root.host && port == root.port;
    std::string target = same_origin ? std::string(url.encoded_path()) : list_path;
    if (url.has_query()) target += "?" + std::string(url.encoded_query());
    return target;
}

// The vendor member a canonical field is read from, for messages.
std::string vendor_path_of(const CallMapping& mapping, Field field) {
    for (const FieldRule& rule : mapping.rules)
        if (rule.field == field && !rule.paths.empty()) return rule.paths.front();
    return std::string(to_string(field));
}

}  // namespace

// What a page is read for: each record's members the rules and hooks read,
// and the body's paging members; or each record whole (raw kept).
struct ListDialect::Selections {
    detail::Selection partial;
    detail::Selection whole;
    // The list's rules with the details' rules, and the details' alone (for plan()).
    CallMapping with_details;
    CallMapping details_only;
    /// Where the list's rules find their values in a call read into slots.
    std::optional<RuleSlots> rule_slots;
};

// A page's calls: objects read whole (raw kept), or the values the dialect
// reads of each, in slots.
struct ListDialect::PageCalls {
    std::vector<boost::json::object*> whole;
    const detail::SelectedBody* slotted = nullptr;

    [[nodiscard]] std::size_t size() const {
        return slotted != nullptr ? slotted->slotted_records.size() : whole.size();
    }
};

namespace {

// One call of a page read into slots, as its FieldReader reads it.
class SlottedCall final : public FieldReader::PartialObject {
public:
    SlottedCall(const detail::PathSet& paths, const detail::SelectedBody& body, std::size_t index)
        : paths_(paths),
          slots_(body.slotted_records[index]),
          present_(body.present.data() + index * paths.slot_count()) {}

    const boost::json::value* find(std::string_view path, bool& read_for) const override {
        return detail::find_in_slots(paths_, slots_, present_, path, read_for);
    }

private:
    const detail::PathSet& paths_;
    const boost::json::value* slots_;
    const unsigned char* present_;
};

}  // namespace

namespace {

// A rule whose read cannot fill its field is the description's mistake,
// told when the dialect is made rather than on a vendor's page.
VendorDescription checked(VendorDescription description) {
    for (const auto* rules : {&description.mapping.rules, &description.detail_rules})
        for (const FieldRule& rule : *rules)
            if (!can_fill(rule.field, rule.read)) {
                const std::string which = rules == &description.detail_rules ? "detail rule" : "rule";
                const std::string where = rule.paths.empty() ? which + " for " + std::string(to_string(rule.field))
                                                             : which + " at '" + rule.paths.front() + "'";
                throw std::invalid_argument("ListDialect '" + description.provider + "': " + where + ": " +
                                            cannot_fill_message(rule.field, rule.read));
            }
    return description;
}

}  // namespace

ListDialect::ListDialect(VendorDescription description)
    : description_(checked(std::move(description))), selections_(make_selections(description_)) {}

Error ListDialect::malformed(const PageContext& context, std::string field, std::string message) const {
    return kit::malformed(description_.provider, context, std::move(field), std::move(message));
}

Error ListDialect::check_access(const SourceAccess& access) const {
    std::vector<std::string> needed = path_parameters(description_.endpoint.path);
    if (description_.auth.scheme == Auth::Scheme::basic && access.user.empty() && !description_.auth.basic_user.empty())
        needed.push_back(description_.auth.basic_user);
    for (const std::string& name : needed) {
        const auto found = access.parameters.find(name);
        if (found == access.parameters.end() || found->second.empty())
            return invalid_option(name, "is required by provider " + description_.provider + " and was not given");
    }
    return {};
}

boost::system::result<QueryPlan, Error> ListDialect::plan(const CallQuery& query) const {
    // A filter on a field only the details carry is no refusal: the source
    // reads every record's details, then checks the whole query.
    const bool has_details = !description_.detail_path.empty();
    auto planned = plan_query(query, description_.query, has_details ? selections_->with_details : description_.mapping,
                              description_.provider);
    if (!planned) return planned;
    if (has_details) {
        const CallQuery& local = planned->local;
        for (const auto& [filter, set] : {std::pair{Filter::agent_id, local.agent_id.has_value()},
                                          std::pair{Filter::campaign_id, local.campaign_id.has_value()},
                                          std::pair{Filter::customer_number, local.customer_number.has_value()},
                                          std::pair{Filter::search, local.search.has_value()}})
            if (set && record_shows(selections_->details_only, filter)) planned->needs_details = true;
    }
    if (Error e = adjust_plan(query, *planned)) return e;
    return planned;
}

HttpRequest ListDialect::page_request(const SourceAccess& access, const QueryPlan& plan, const PageCursor& cursor,
                                      int page_size) const {
    const Endpoint& endpoint = description_.endpoint;
    // check_access() has made sure of the parameters.
    const auto filled = fill_path(endpoint.path, access);
    const std::string list_path = access.root.base_path() + (filled ? *filled : endpoint.path);
    page_size = std::min(page_size, description_.max_page_size);
    boost::json::object body = plan.vendor_body;
    std::vector<std::pair<std::string, std::string>> params = plan.vendor_params;
    params.insert(params.end(), endpoint.params.begin(), endpoint.params.end());
    std::string target = list_path;

    std::visit(Overloaded{
                   [&](const PageNumbers& style) {
                       params.emplace_back(style.page_param, std::to_string(cursor.page));
                       params.emplace_back(style.size_param, std::to_string(page_size));
                   },
                   [&](const CursorPaging& style) {
                       if (style.sent_in == CursorPaging::SentIn::body) {
                           body[style.size_param] = page_size;
                           if (!cursor.token.empty()) body[style.request_param] = cursor.token;
                       } else {
                           params.emplace_back(style.size_param, std::to_string(page_size));
                           if (!cursor.token.empty()) params.emplace_back(style.request_param, cursor.token);
                       }
                   },
                   [&](const NextLink& style) {
                       if (!cursor.token.empty()) {
                           // The link carries the filters and the cursor as the vendor wrote them.
                           target = next_link_target(cursor.token, access, list_path);
                           params.clear();
                       } else {
                           params.emplace_back(style.size_param, std::to_string(page_size));
                       }
                   },
                   [&](const TimeWindows& style) {
                       // The window to read, within the query's own bounds.
                       Window window = WindowStack::decode(cursor.token).top();
                       const auto millis = [](Timestamp t) { return std::int64_t{t.time_since_epoch().count()} * 1000; };
                       if (const auto& from = plan.local.created_from)
                           window.from = std::max(window.from.value_or(INT64_MIN), millis(*from));
                       if (const auto& to = plan.local.created_to)
                           window.to = std::min(window.to.value_or(INT64_MAX), millis(*to) + 1000);
                       if (window.from) params.emplace_back(style.from_param, format_epoch_milliseconds(*window.from));
                       if (window.to) params.emplace_back(style.to_param, format_epoch_milliseconds(*window.to));
                       params.emplace_back(style.size_param, std::to_string(style.window_size));
                   },
               },
               description_.paging);
    append_query(target, params);
    const bool has_body = endpoint.method != "GET" || !body.empty();
    return make_request(endpoint.method, access, description_.auth, std::move(target), has_body ? &body : nullptr);
}


std::shared_ptr<const ListDialect::Selections> ListDialect::make_selections(const VendorDescription& d) {
    auto s = std::make_shared<ListDialect::Selections>();
    s->with_details = d.mapping;
    s->with_details.rules.insert(s->with_details.rules.end(), d.detail_rules.begin(), d.detail_rules.end());
    s->details_only.rules = d.detail_rules;
    s->partial.records = d.records;
    if (const auto dot = d.records.rfind('.'); dot != std::string::npos)
        s->partial.body.add_route(std::string_view(d.records).substr(0, dot));  // records within an object of the body
    for (const FieldRule& rule : d.mapping.rules)
        for (const std::string& path : rule.paths) s->partial.record.add(path);
    for (const std::string& path : d.read_paths) s->partial.record.add(path);
    if (!d.failure_flag.empty()) s->partial.body.add(d.failure_flag);
    std::visit(Overloaded{
                   [&](const PageNumbers& style) {
                       for (const std::string& at : style.paginator) {
                           if (!at.empty()) {
                               s->partial.body.add(at);
                               continue;
                           }
                           for (const std::string* member :
                                {&style.current_page, &style.last_page, &style.per_page, &style.total, &style.next_url})
                               if (!member->empty()) s->partial.body.add(*member);
                       }
                   },
                   [&](const CursorPaging& style) {
                       s->partial.body.add(style.next_cursor);
                       if (!style.has_more.empty()) s->partial.body.add(style.has_more);
                   },
                   [&](const NextLink& style) {
                       s->partial.body.add(style.next);
                       if (!style.total.empty()) s->partial.body.add(style.total);
                   },
                   [&](const TimeWindows& style) { s->partial.record.add(style.created_field); },
               },
               d.paging);
    s->whole = s->partial;
    s->whole.whole_records = true;
    s->partial.record_slots = true;
    s->rule_slots.emplace(d.mapping, s->partial.record);
    return s;
}

boost::system::result<CallPage, Error> ListDialect::parse_page(std::string_view text, const PageContext& context) const {
    // Read whole, a page's values all live in its memory; read for what the
    // records need, only the objects they keep.
    auto arena = boost::json::make_shared_resource<detail::SharedArena>(
        context.keep_raw ? std::max<std::size_t>(text.size(), 4096) : 4096);
    {
        // Read for what the records need; a body of another shape is read
        // whole below, to say what is wrong with it. What the mapping reads
        // and drops lives in scratch memory, which is let go of in one step
        // (page memory is shared, so Boost.JSON walks each value to free
        // it); what the records keep is copied into the page's memory.
        std::optional<boost::json::monotonic_resource> scratch;
        if (!context.keep_raw) scratch.emplace(text.size());
        const boost::json::storage_ptr read_into = scratch ? boost::json::storage_ptr(&*scratch) : arena;
        auto selected = detail::read_selected(text, context.keep_raw ? selections_->whole : selections_->partial,
                                              read_into, max_body_depth);
        if (selected && !check_failure_flag(selected->body, context)) {
            const boost::json::value body(std::move(selected->body));
            PageCalls calls;
            if (context.keep_raw) {
                calls.whole.reserve(selected->records.size());
                for (auto& call : selected->records) calls.whole.push_back(&call);
            } else {
                calls.slotted = &*selected;
            }
            return read_page(body, calls, arena, context);
        }
    }

    boost::json::parse_options options;
    options.max_depth = max_body_depth;
    boost::system::error_code ec;
    boost::json::value body = detail::read_json(text, ec, arena, options);
    if (ec) {
        Error error = malformed(context, "",
                                ec == boost::json::error::too_deep
                                    ? "nested deeper than " + std::to_string(max_body_depth) + " levels"
                                    : "not JSON (" + ec.message() + ")");
        error.details().body_excerpt = body_excerpt(text);
        return error;
    }
    const bool bare_array = description_.records.empty();
    if (!bare_array && !body.is_object()) {
        Error error = malformed(context, "", "expected a JSON object, got " + std::string(describe_kind(body)));
        error.details().body_excerpt = body_excerpt(text);
        return error;
    }
    // A bare array has no member to say it failed.
    if (Error failed = body.is_object() ? check_failure_flag(body.get_object(), context) : Error()) {
        const ErrorBody said = read_error_body(text);
        if (!said.message.empty()) failed.details().message += ": " + said.message;
        return failed;
    }

    // The records.
    boost::json::value* records_value = const_cast<boost::json::value*>(at_path(body, description_.records));
    if (records_value == nullptr || !records_value->is_array()) {
        const std::string field = bare_array ? "" : description_.records;
        if (records_value != nullptr || bare_array)
            return malformed(context, field, "expected an array, got " +
                                                 std::string(describe_kind(records_value != nullptr ? *records_value : body)));
        const ErrorBody said = read_error_body(text);
        return malformed(context, field,
                         "missing" + (said.message.empty() ? std::string() : "; the vendor said: " + said.message));
    }
    PageCalls calls;
    calls.whole.reserve(records_value->get_array().size());
    for (std::size_t i = 0; i < records_value->get_array().size(); ++i) {
        boost::json::value& call = records_value->get_array()[i];
        if (!call.is_object())
            return malformed(context, (bare_array ? "" : description_.records) + "[" + std::to_string(i) + "]",
                             "expected a call object, got " + std::string(describe_kind(call)));
        calls.whole.push_back(&call.get_object());
    }
    return read_page(body, calls, arena, context);
}

Error ListDialect::check_failure_flag(const boost::json::object& body, const PageContext& context) const {
    if (description_.failure_flag.empty()) return {};
    const auto* flag = body.if_contains(description_.failure_flag);
    if (flag == nullptr || *flag != false) return {};
    return malformed(context, description_.failure_flag, "the vendor reported a failure");
}

// The records and paging of a body read whole, or for what they need.
boost::system::result<CallPage, Error> ListDialect::read_page(const boost::json::value& body,
                                                             PageCalls& calls,
                                                             const boost::json::storage_ptr& page_memory,
                                                             const PageContext& context) const {
    CallPage page;
    page.info.page = context.page;
    page.info.vendor_records = static_cast<std::uint32_t>(calls.size());
    page.records.reserve(calls.size());
    std::vector<std::int64_t> created_millis;
    const auto* windows = std::get_if<TimeWindows>(&description_.paging);
    const std::string prefix = description_.records;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        std::string path = prefix + "[" + std::to_string(i) + "]";
        // The record's objects in the page's memory (see CallRecord::raw).
        const bool whole = calls.slotted == nullptr;
        CallRecord record{.source = context.source,
                          .provider = description_.provider,
                          .variables = boost::json::object(page_memory),
                          .raw = whole ? boost::json::object(std::move(*calls.whole[i])) : boost::json::object(page_memory)};
        std::optional<SlottedCall> slotted;
        if (!whole) slotted.emplace(selections_->partial.record, *calls.slotted, i);
        FieldReader in = whole ? FieldReader(record.raw, std::move(path))
                               : FieldReader(*slotted, std::move(path), page_memory);
        const FieldsRead fields =
            whole ? apply_prechecked_mapping(description_.mapping, in, context, record)
                  : apply_mapping_in_slots(description_.mapping, *selections_->rule_slots,
                                           calls.slotted->slotted_records[i],
                                           calls.slotted->present.data() + i * selections_->partial.record.slot_count(),
                                           in, context, record);
        if (in.ok() && !fields.contains(Field::created_at)) {
            if (description_.mapping.unlisted_without_created_at) {
                ++page.info.unlisted;
                continue;
            }
            in.fail(vendor_path_of(description_.mapping, Field::created_at), "missing");
        }
        if (in.ok()) refine(record, in, context);
        if (in.ok() && windows != nullptr) {
            const auto* value = in.find(windows->created_field);
            const auto millis = value != nullptr && value->is_string() ? read_epoch_milliseconds(value->get_string())
                                                                       : std::nullopt;
            if (millis) created_millis.push_back(*millis);
            else in.fail(windows->created_field, "not an ISO 8601 time with a zone");
        }
        if (!in.ok()) return at_origin(in.error(), {context.source, description_.provider, context.page});
        if (!listed(record, in)) {
            if (windows != nullptr) created_millis.pop_back();
            ++page.info.unlisted;
            continue;
        }
        page.records.push_back(std::move(record));
    }

    // Where the paging stands.
    const Error paging_error = std::visit(
        Overloaded{
            [&](const PageNumbers& style) -> Error {
                const boost::json::object* paginator = nullptr;
                std::string paginator_path;
                for (const std::string& path : style.paginator) {
                    const auto* found = at_path(body, path);
                    if (found == nullptr) continue;
                    if (!found->is_object()) return malformed(context, path, "expected an object");
                    paginator = &found->get_object();
                    paginator_path = path;
                    break;
                }
                if (paginator == nullptr) {
                    std::string names;
                    for (const std::string& path : style.paginator) names += (names.empty() ? "" : " nor ") + path;
                    return malformed(context, style.paginator.front(), "missing (neither " + names + ")");
                }
                FieldReader in(*paginator, paginator_path);
                const auto current = in.optional_count(style.current_page);
                const auto last = in.optional_count(style.last_page);
                const auto per_page = in.optional_count(style.per_page);
                const auto total = in.optional_count(style.total);
                const auto* next_url = style.next_url.empty() ? nullptr : paginator->if_contains(style.next_url);
                if (!in.ok()) return at_origin(in.error(), {context.source, description_.provider, context.page});
                const auto named = [&](const std::string& member) {
                    return paginator_path.empty() ? member : paginator_path + "." + member;
                };
                if (next_url != nullptr && !next_url->is_null() && !next_url->is_string())
                    return malformed(context, named(style.next_url), "expected a URL or null");
                if (!last && style.require_last_page) return malformed(context, named(style.last_page), "missing");
                if (!last && next_url == nullptr)
                    return malformed(context, named(style.last_page),
                                     "no paging information (" + style.last_page +
                                         (style.next_url.empty() ? "" : " or " + style.next_url) + ")");
                // A page that is not the one asked for would make a listing
                // repeat or skip records.
                if (current && context.page != 0 && *current != context.page)
                    return malformed(context, named(style.current_page),
                                     "asked for page " + std::to_string(context.page) + ", got page " +
                                         std::to_string(*current));
                PageInfo& info = page.info;
                info.page = current ? static_cast<std::uint32_t>(*current) : context.page;
                if (last) info.last_page = static_cast<std::uint32_t>(*last);
                if (per_page) info.per_page = static_cast<std::uint32_t>(*per_page);
                if (total) info.total = static_cast<std::uint64_t>(*total);
                if ((!last || info.page < *last) && !(next_url != nullptr && next_url->is_null()))
                    info.next = PageCursor{info.page + 1, {}};
                return {};
            },
            [&](const CursorPaging& style) -> Error {
                FieldReader in(body.get_object(), "");
                const auto more = style.has_more.empty() ? std::nullopt : in.optional_boolean(style.has_more);
                const auto cursor = in.optional_text(style.next_cursor);
                if (!in.ok()) return at_origin(in.error(), {context.source, description_.provider, context.page});
                if (!more && style.require_has_more && !style.has_more.empty())
                    return malformed(context, style.has_more, "missing; the answer does not say whether more calls follow");
                if (more == false) return {};
                if (more == true && !cursor)
                    return malformed(context, style.next_cursor,
                                     "missing, though " + style.has_more + " says more calls follow");
                if (cursor) page.info.next = PageCursor{context.page + 1, *cursor};
                return {};
            },
            [&](const NextLink& style) -> Error {
                FieldReader in(body.get_object(), "");
                const auto link = in.optional_text(style.next);
                const auto total = style.total.empty() ? std::nullopt : in.optional_count(style.total);
                if (!in.ok()) return at_origin(in.error(), {context.source, description_.provider, context.page});
                if (total) page.info.total = static_cast<std::uint64_t>(*total);
                if (link) {
                    if (!link->starts_with('/') && !boost::urls::parse_uri(*link))
                        return malformed(context, style.next, "not a URL: " + quoted_excerpt(*link));
                    page.info.next = PageCursor{context.page + 1, *link};
                }
                return {};
            },
            [&](const TimeWindows& style) -> Error {
                return read_window_answer(style, calls.size(), std::move(created_millis), context, page);
            },
        },
        description_.paging);
    if (paging_error) return paging_error;

    page.info.order = order_of(page.records);
    if (!page.records.empty()) {
        page.info.first_created_at = page.records.front().created_at;
        page.info.last_created_at = page.records.back().created_at;
    }
    return page;
}

Error ListDialect::read_window_answer(const TimeWindows& style, std::size_t answered, std::vector<std::int64_t> created,
                                      const PageContext& context, CallPage& page) const {
    auto stack = WindowStack::decode(context.cursor.token);
    const Window asked = stack.top();
    const auto describe = [](const Window& w) {
        return "[" + (w.from ? format_epoch_milliseconds(*w.from) : std::string("(open)")) + ", " +
               (w.to ? format_epoch_milliseconds(*w.to) : std::string("(open)")) + ")";
    };
    // A call outside the window asked for means the vendor did not filter
    // as asked: splitting by it could loop, and delivering it could repeat
    // or skip calls, so the listing stops.
    for (const std::int64_t at : created)
        if ((asked.from && at < *asked.from) || (asked.to && at >= *asked.to))
            return malformed(context, style.created_field,
                             "a call created at " + format_epoch_milliseconds(at) + " is outside the window asked for, " +
                                 describe(asked) + " (" + style.from_param + "/" + style.to_param +
                                 " not honoured); the vendor's list cannot be read whole");
    if (answered >= style.window_size) {
        // The window may have been cut: read it again in parts.
        if (created.empty() && (!asked.from || !asked.to))
            return malformed(context, "",
                             "the window " + describe(asked) + " came back full with no call to split it by");
        const auto [newest, oldest] = std::minmax_element(created.begin(), created.end(), std::greater<>());
        if (!stack.split(created.empty() ? 0 : *newest, created.empty() ? 0 : *oldest))
            return malformed(context, "",
                             std::to_string(answered) + " calls (the most one answer holds, " +
                                 std::to_string(style.window_size) + ") were created within one millisecond, " +
                                 describe(asked) + "; the vendor's list cannot be read whole");
        page.records.clear();
        page.info.intermediate = true;
        page.info.next = PageCursor{context.page, stack.encode()};
        return {};
    }
    // The window is whole: its calls, newest first.
    std::vector<std::size_t> order(page.records.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return created[a] > created[b]; });
    std::vector<CallRecord> sorted;
    sorted.reserve(order.size());
    for (std::size_t i : order) sorted.push_back(std::move(page.records[i]));
    page.records = std::move(sorted);
    stack.pop();
    if (!stack.empty()) page.info.next = PageCursor{context.page + (page.records.empty() ? 0 : 1), stack.encode()};
    page.info.intermediate = page.records.empty() && page.info.next.has_value();
    return {};
}

Error ListDialect::classify_error(const HttpResponse& response, const PageContext& context) const {
    return classify_error_response(response, description_.provider, context);
}

bool ListDialect::listed(const CallRecord& record, FieldReader& call) const {
    (void)record, (void)call;
    return true;
}

std::optional<HttpRequest> ListDialect::detail_request(const SourceAccess& access, const CallRecord& record) const {
    if (description_.detail_path.empty()) return std::nullopt;
    SourceAccess with_id = access;
    with_id.parameters.insert_or_assign("id", record.id);
    const auto path = fill_path(description_.detail_path, with_id);
    if (!path) return std::nullopt;
    return make_request("GET", access, description_.auth, access.root.base_path() + *path);
}

Error ListDialect::apply_details(CallRecord& record, std::string_view text, const PageContext& context) const {
    boost::system::error_code ec;
    boost::json::value body = detail::read_json(text, ec);
    if (ec || !body.is_object()) {
        Error error = malformed(context, "", ec ? "the call's details are not JSON (" + ec.message() + ")"
                                                : "the call's details are not a JSON object");
        error.details().body_excerpt = body_excerpt(text);
        return error;
    }
    FieldReader in(body.get_object(), "details");
    CallMapping details;
    details.rules = description_.detail_rules;
    details.statuses = description_.mapping.statuses;
    details.directions = description_.mapping.directions;
    details.ended_by = description_.mapping.ended_by;
    details.answered_by = description_.mapping.answered_by;
    details.currency = description_.mapping.currency;
    (void)apply_prechecked_mapping(details, in, context, record);
    if (in.ok()) refine_details(record, in, context);
    if (!in.ok()) return at_origin(in.error(), {context.source, description_.provider, context.page});
    return {};
}

}  // namespace callbridge::kit
