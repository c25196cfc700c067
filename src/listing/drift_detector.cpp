#include "listing/drift_detector.hpp"

#include <algorithm>

namespace callbridge::detail {
namespace {

// A page served before the page ahead of it is fetched again once; calls
// deleted meanwhile make the page before it read again, up to three times.
constexpr int max_frontier_refetches = 1;
constexpr int max_boundary_rereads = 3;

}  // namespace

std::optional<std::string> DriftDetector::on_arrival(const PageInfo& info) {
    if (!info.total) return std::nullopt;
    if (!first_total_) first_total_ = info.total;
    largest_total_ = std::max(largest_total_, *info.total);
    // A list that grows faster than it is read has no end to reach: more
    // calls created meanwhile than existed at the start (plus slack) is a
    // vendor gone wrong, not a busy account.
    const std::uint64_t slack = 10 * concurrency_ * std::uint64_t{page_size_};
    if (largest_total_ > 2 * *first_total_ + slack)
        return "the vendor's list grew by " + std::to_string(growth()) + " calls while it was read (from " +
               std::to_string(*first_total_) + "); stopping rather than chasing it";
    return std::nullopt;
}

DriftDetector::Verdict DriftDetector::check_frontier(const CallPage& page, const PageCursor& frontier,
                                                     const WalkPlan& plan) {
    using Action = Verdict::Action;
    const bool forward = plan.walk != Walk::backward;
    const PageInfo& info = page.info;
    if (forward && plan.numbered && previous_total_ && info.total && *info.total < *previous_total_) {
        if (frontier_refetches_ < max_frontier_refetches) {
            ++frontier_refetches_;
            return {Action::fetch_again, {}};
        }
        if (boundary_rereads_ < max_boundary_rereads && frontier.page > 1) {
            ++boundary_rereads_;
            frontier_refetches_ = 0;
            return {Action::reread_previous, {}};
        }
        return {Action::fail, "the vendor's list kept shrinking while it was read (calls deleted meanwhile?); "
                              "stopping rather than risk missing calls"};
    }
    // An empty vendor page ends a forward walk, whatever the vendor says of
    // more pages (a broken paginator would otherwise be walked page by empty
    // page) - unless the same response counts calls on it.
    if (forward && info.vendor_records == 0 && info.total && info.per_page &&
        std::uint64_t{info.page - 1} * *info.per_page < *info.total)
        return {Action::fail, "the page is empty but the vendor counts " + std::to_string(*info.total) + " calls, " +
                                  std::to_string(*info.per_page) + " a page"};
    return {Action::deliver, {}};
}

std::optional<std::string> DriftDetector::after_delivery(const CallPage& page, std::size_t added,
                                                         const std::optional<PageCursor>& next,
                                                         const PageCursor& frontier, const WalkPlan& plan) {
    previous_total_ = page.info.total;
    frontier_refetches_ = 0;
    boundary_rereads_ = 0;
    if (next && plan.walk != Walk::backward && *next == frontier)  // a cursor that does not move would be fetched for ever
        return "the vendor's next page is the page just read; stopping rather than reading it again";

    // A page moves the walk when it brings a call not listed before, or one
    // older than any listed (its calls may all be filtered out here). A page
    // with no calls at all says nothing either way.
    const auto oldest = oldest_time(page);
    const bool older = oldest && (!oldest_ || *oldest < *oldest_);
    if (older) oldest_ = oldest;
    if (added > 0 || older)
        still_pages_ = 0;
    else if (oldest)
        ++still_pages_;
    if (!next || still_pages_ == 0) return std::nullopt;
    // Calls created meanwhile push at most growth / per_page whole pages of
    // calls already listed onto the pages ahead.
    const std::uint64_t per_page = std::max<std::uint64_t>(1, page.info.per_page.value_or(page_size_));
    const std::uint64_t explained = (growth() + per_page - 1) / per_page;
    if (still_pages_ <= explained + 1) return std::nullopt;
    std::string why = "the page holds only calls already listed (none new, none older) ";
    if (page.info.total)
        why += "while the vendor counts " + std::to_string(*page.info.total) + " calls" +
               (page.info.last_page ? " on " + std::to_string(*page.info.last_page) + " pages" : std::string());
    else
        why += "while the vendor names a next page";
    why += ", " + std::to_string(still_pages_) +
           " pages in a row; it seems to ignore the page asked for (or a cache in front of it drops the query); "
           "stopping rather than end the listing short";
    return why;
}

}  // namespace callbridge::detail
