#include "cli/output_file.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace callbridge::cli {
namespace {

constexpr std::size_t buffer_size = 64 * 1024;

int open_output(const std::string& path, Error& error) {
    if (path.empty() || path == "-") return STDOUT_FILENO;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) error = invalid_option("output", "cannot create '" + path + "': " + std::strerror(errno));
    return fd;
}

}  // namespace

OutputFile::Buffer::Buffer(int fd) : fd_(fd), space_(new char[buffer_size]) {
    setp(space_.get(), space_.get() + buffer_size);
}

bool OutputFile::Buffer::write_out(const char* data, std::size_t size) {
    if (error_ != 0) return false;
    if (fd_ < 0) {
        error_ = EBADF;
        return false;
    }
    while (size > 0) {
        const ssize_t written = ::write(fd_, data, size);
        if (written < 0) {
            if (errno == EINTR) continue;
            error_ = errno;
            return false;
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

bool OutputFile::Buffer::drain() {
    const bool ok = write_out(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(space_.get(), space_.get() + buffer_size);
    return ok;
}

OutputFile::Buffer::int_type OutputFile::Buffer::overflow(int_type c) {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
}

std::streamsize OutputFile::Buffer::xsputn(const char* data, std::streamsize size) {
    const auto room = epptr() - pptr();
    if (size <= room) {
        std::memcpy(pptr(), data, static_cast<std::size_t>(size));
        pbump(static_cast<int>(size));
        return size;
    }
    // Larger than what is left: what is buffered, then this, straight out.
    if (!drain() || !write_out(data, static_cast<std::size_t>(size))) return 0;
    return size;
}

int OutputFile::Buffer::sync() { return drain() ? 0 : -1; }

OutputFile::OutputFile(const std::string& path, Error& error)
    : name_(path.empty() || path == "-" ? "standard output" : "'" + path + "'"),
      buffer_(open_output(path, error)),
      stream_(&buffer_),
      owns_fd_(buffer_.fd() >= 0 && buffer_.fd() != STDOUT_FILENO) {}

OutputFile::~OutputFile() { close(); }

std::string OutputFile::failure() const {
    const int error = buffer_.error() != 0 ? buffer_.error() : close_error_;
    if (error == 0) return {};
    return "cannot write to " + name_ + ": " + std::strerror(error);
}

bool OutputFile::close() {
    stream_.flush();
    if (owns_fd_) {
        owns_fd_ = false;
        if (::close(buffer_.fd()) != 0) close_error_ = errno;  // NFS, say, reports a failed write only here
    }
    return failure().empty();
}

}  // namespace callbridge::cli
