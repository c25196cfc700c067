#pragma once
// A clock tests control: every wait completes at once, is recorded, and moves
// the clock's time forward by its length.

#include <callbridge/retry_policy.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/post.hpp>

#include <mutex>
#include <vector>

namespace callbridge::testing {

class FakeClock final : public Clock {
public:
    explicit FakeClock(boost::asio::any_io_executor executor,
                       std::chrono::system_clock::time_point start = std::chrono::system_clock::time_point(
                           std::chrono::seconds(1754308800)))  // 2025-08-04T12:00:00Z
        : executor_(std::move(executor)), now_(start) {}

    std::chrono::system_clock::time_point now() const override {
        std::lock_guard lock(mutex_);
        return now_;
    }

    void async_wait(std::chrono::milliseconds duration,
                    boost::asio::any_completion_handler<wait_signature> handler) override {
        {
            std::lock_guard lock(mutex_);
            waits_.push_back(duration);
            now_ += duration;
        }
        boost::asio::post(executor_, boost::asio::append(std::move(handler), boost::system::error_code()));
    }

    /// Every wait asked for, in order.
    std::vector<std::chrono::milliseconds> waits() const {
        std::lock_guard lock(mutex_);
        return waits_;
    }

private:
    boost::asio::any_io_executor executor_;
    mutable std::mutex mutex_;
    std::chrono::system_clock::time_point now_;
    std::vector<std::chrono::milliseconds> waits_;
};

}  // namespace callbridge::testing
