#pragma once
// How vendors page through their lists, as data. A ListDialect takes one.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace callbridge::kit {

/// Numbered pages with counts (Laravel, Talkover): `page=N&per_page=P`.
struct PageNumbers {
    std::string page_param = "page";
    std::string size_param = "per_page";
    /// Where the paginator object is: "" the body's top level; with several,
    /// the first present (Talkover: "pagination" or "meta").
    std::vector<std::string> paginator{""};
    /// Member names inside the paginator.
    std::string current_page = "current_page";
    std::string last_page = "last_page";
    std::string per_page = "per_page";
    std::string total = "total";
    /// A member whose null marks the last page (Laravel's next_page_url), or "".
    std::string next_url;
    /// Whether a page without last_page is malformed (otherwise next_url must be there).
    bool require_last_page = false;
};

/// An opaque cursor from each answer, sent back for the next page
/// (ElevenLabs in the query, Retell in the JSON body).
struct CursorPaging {
    enum class SentIn { query, body };
    SentIn sent_in = SentIn::query;
    /// The request's cursor member ("cursor", "pagination_key").
    std::string request_param = "cursor";
    /// The request's page-size member ("page_size", "limit").
    std::string size_param = "page_size";
    /// Where the answer keeps the next cursor ("next_cursor").
    std::string next_cursor = "next_cursor";
    /// Where the answer says whether more follow ("has_more"); "": a missing
    /// or null cursor ends the list. When it says false, the list ends
    /// whatever cursor there is; when true, a cursor must be there.
    std::string has_more = "has_more";
    /// Whether an answer without `has_more` (or with a null one) is
    /// malformed: for vendors whose answers always say it, so that a
    /// missing cursor is never taken for the end of the list.
    bool require_has_more = false;
};

/// A link to the next page, absolute or relative to the root's origin
/// (Ultravox's `next`, Twilio's `next_page_uri`), until it is null. A link
/// to another origin is never followed with the credentials: its query is
/// sent to the configured root's list path instead.
struct NextLink {
    std::string next = "next";
    std::string size_param = "pageSize";
    /// Where the answer counts the matching calls, or "".
    std::string total;
};

/// No paging on the wire (Vapi): the list is read in windows of creation
/// time, `[from, to)`, newest first. A window holding `window_size` calls may
/// have been cut, so it is halved and read again; a one-millisecond window
/// that is still full cannot be read whole and is an error.
struct TimeWindows {
    std::string from_param = "createdAtGe";  ///< inclusive, ISO 8601 with milliseconds
    std::string to_param = "createdAtLt";    ///< exclusive
    std::string size_param = "limit";
    std::uint32_t window_size = 1000;
    /// The call member windows are cut on, ISO 8601 with milliseconds.
    std::string created_field = "createdAt";
};

using Paging = std::variant<PageNumbers, CursorPaging, NextLink, TimeWindows>;

}  // namespace callbridge::kit
