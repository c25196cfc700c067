#include "mock/dataset.hpp"

#include <algorithm>

namespace callbridge::mock {

using namespace std::chrono;

sys_seconds Dataset::default_newest() { return sys_days(year{2025} / 8 / 4) + hours(18); }

Dataset::Dataset(const VendorModule& module, std::size_t count, std::uint64_t seed, unsigned stagger,
                 sys_seconds newest)
    : module_(&module), random_(seed ^ (static_cast<std::uint64_t>(stagger) + 1) * 0x9E3779B97F4A7C15ull) {
    calls_.reserve(count);
    sys_seconds created = newest - seconds(97 * static_cast<int>(stagger));
    // Made oldest first, so that serial numbers (ids) grow with time.
    std::vector<sys_seconds> times(count);
    for (std::size_t i = 0; i < count; ++i) {
        times[i] = created;
        created -= seconds(1 + random_.below(900));
    }
    for (std::size_t i = count; i-- > 0;) calls_.push_back(module.make_call(serial_++, times[i], random_));
    std::reverse(calls_.begin(), calls_.end());
}

Dataset::Dataset(const VendorModule& module, std::vector<MockCall> calls)
    : module_(&module), random_(0x5EED), serial_(calls.size()), calls_(std::move(calls)) {
    std::stable_sort(calls_.begin(), calls_.end(),
                     [](const MockCall& a, const MockCall& b) { return a.created_at > b.created_at; });
}

const MockCall& Dataset::add_newer_call() {
    const sys_seconds created = calls_.empty() ? default_newest() : calls_.front().created_at + seconds(1);
    calls_.insert(calls_.begin(), module_->make_call(serial_++, created, random_));
    return calls_.front();
}

}  // namespace callbridge::mock
