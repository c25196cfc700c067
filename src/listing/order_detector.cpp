#include "listing/order_detector.hpp"

#include <algorithm>

namespace callbridge::detail {
namespace {

std::optional<Timestamp> first_time(const CallPage& page) noexcept {
    if (page.info.first_created_at) return page.info.first_created_at;
    if (page.records.empty()) return std::nullopt;
    return page.records.front().created_at;
}

std::optional<Timestamp> last_time(const CallPage& page) noexcept {
    if (page.info.last_created_at) return page.info.last_created_at;
    if (page.records.empty()) return std::nullopt;
    return page.records.back().created_at;
}

}  // namespace

PageOrder order_of(const CallPage& page) noexcept {
    return page.info.order != PageOrder::unknown ? page.info.order : order_of(page.records);
}

std::optional<Timestamp> oldest_time(const CallPage& page) noexcept {
    const auto first = first_time(page);
    const auto last = last_time(page);
    if (!first || !last) return first ? first : last;
    return std::min(*first, *last);
}

std::optional<WalkPlan> OrderDetector::read_first(const CallPage& first) {
    const auto& next = first.info.next;
    numbered_ = first.info.total && first.info.last_page && (!next || (next->token.empty() && next->page == 2));
    last_page_ = first.info.last_page;
    const PageOrder order = order_of(first);
    if (order != PageOrder::unknown || !next || next->page == 1) return plan(order);  // page 1 again tells nothing
    first_page_last_time_ = last_time(first);
    second_ = next;
    return std::nullopt;
}

WalkPlan OrderDetector::read_second(const CallPage& second) {
    PageOrder order = order_of(second);
    const auto after = first_time(second);
    if (order == PageOrder::unknown && first_page_last_time_ && after)
        order = *after < *first_page_last_time_   ? PageOrder::newest_first
                : *after > *first_page_last_time_ ? PageOrder::oldest_first
                                                  : PageOrder::unknown;
    return plan(order);
}

WalkPlan OrderDetector::plan(PageOrder order) const {
    WalkPlan plan;
    plan.order = order;
    plan.numbered = numbered_;
    switch (order) {
        case PageOrder::unknown:  // most vendors list newest first; nothing here says otherwise
        case PageOrder::newest_first: plan.walk = Walk::forward; break;
        case PageOrder::oldest_first:
            plan.walk = numbered_ && last_page_ ? Walk::backward : Walk::in_order;
            if (plan.walk == Walk::backward) plan.start = PageCursor{*last_page_, {}};
            break;
        case PageOrder::unordered: plan.walk = Walk::in_order; break;
    }
    return plan;
}

bool OrderDetector::breaks_forward(const CallPage& page) noexcept {
    const PageOrder order = order_of(page);
    return order == PageOrder::oldest_first || order == PageOrder::unordered;
}

}  // namespace callbridge::detail
