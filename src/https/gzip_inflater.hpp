#pragma once
// A gzip body inflated as it arrives (RFC 1952, members one after another),
// with the size cap applied to what it inflates to: a small body that would
// inflate past the cap is refused while it streams, never buffered whole.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace callbridge {

class GzipInflater {
public:
    /// Inflates into `out`, which may grow to `cap` bytes.
    GzipInflater(std::string& out, std::size_t cap);
    ~GzipInflater();
    GzipInflater(const GzipInflater&) = delete;
    GzipInflater& operator=(const GzipInflater&) = delete;

    /// Inflates the next bytes of the body; false when they cannot be
    /// (error() says why): corrupt data, or the inflated body over the cap.
    bool feed(std::string_view compressed);
    /// At the end of the body: false when the last member is incomplete.
    bool finish();

    [[nodiscard]] const std::string& error() const noexcept { return error_; }
    /// Whether the failure was the cap (the body is too large, not corrupt).
    [[nodiscard]] bool over_cap() const noexcept { return over_cap_; }

private:
    int turn();

    struct Stream;
    std::unique_ptr<Stream> stream_;
    std::string& out_;
    std::size_t cap_;
    bool in_member_ = false;
    bool over_cap_ = false;
    std::string error_;
};

}  // namespace callbridge
