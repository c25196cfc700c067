#include "https/gzip_inflater.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace callbridge {

// What one turn of inflate() may write.
constexpr std::size_t turn_bytes = 64 * 1024;

struct GzipInflater::Stream {
    z_stream z{};
    bool ready = false;
    // Inflated into here, then appended: growing the body by a turn's room
    // each time would fill that room with zeros first (and fault in fresh
    // pages for them) only to be written over.
    std::unique_ptr<char[]> scratch{new char[turn_bytes]};
    ~Stream() {
        if (ready) inflateEnd(&z);
    }
};

GzipInflater::GzipInflater(std::string& out, std::size_t cap) : stream_(std::make_unique<Stream>()), out_(out), cap_(cap) {
    // 16 + MAX_WBITS: a gzip wrapper, not zlib's nor raw deflate.
    if (inflateInit2(&stream_->z, 16 + MAX_WBITS) == Z_OK)
        stream_->ready = true;
    else
        error_ = "cannot start inflating the gzip body";
}

GzipInflater::~GzipInflater() = default;

// Each turn gives zlib room for one byte past the cap, so that a body that
// inflates to exactly the cap is taken and one byte more is refused.
int GzipInflater::turn() {
    z_stream& z = stream_->z;
    const std::size_t room = std::min<std::size_t>(turn_bytes, cap_ + 1 - out_.size());
    z.next_out = reinterpret_cast<Bytef*>(stream_->scratch.get());
    z.avail_out = static_cast<uInt>(room);
    const int status = inflate(&z, Z_NO_FLUSH);
    out_.append(stream_->scratch.get(), room - z.avail_out);
    if (out_.size() > cap_) {
        out_.resize(cap_);
        over_cap_ = true;
        error_ = "the response body inflates past the size cap of " + std::to_string(cap_) + " bytes";
        return Z_MEM_ERROR;
    }
    return status;
}

bool GzipInflater::feed(std::string_view compressed) {
    if (!error_.empty()) return false;
    z_stream& z = stream_->z;
    while (!compressed.empty()) {
        const auto take = std::min<std::size_t>(compressed.size(), std::numeric_limits<uInt>::max());
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
        z.avail_in = static_cast<uInt>(take);
        while (z.avail_in > 0) {
            in_member_ = true;
            const int status = turn();
            if (!error_.empty()) return false;
            if (status == Z_STREAM_END) {
                // A member ended; another may follow (RFC 1952, 2.2).
                in_member_ = false;
                inflateReset(&z);
            } else if (status != Z_OK) {
                error_ = std::string("the gzip body is corrupt (") + (z.msg != nullptr ? z.msg : "inflate failed") + ")";
                return false;
            }
        }
        compressed.remove_prefix(take);
    }
    return true;
}

bool GzipInflater::finish() {
    if (!error_.empty()) return false;
    // What zlib still holds comes out now; a member that cannot end was cut.
    while (in_member_) {
        const std::size_t before = out_.size();
        const int status = turn();
        if (!error_.empty()) return false;
        if (status == Z_STREAM_END) {
            in_member_ = false;
        } else if (status != Z_OK || out_.size() == before) {
            error_ = "the gzip body is cut short (its last member does not end)";
            return false;
        }
    }
    return true;
}

}  // namespace callbridge
