#pragma once
// Where records go: standard output, or a file named by --output. Written
// through a buffer of its own over the file descriptor, so that a write that
// fails says why (a full disk: "No space left on device") the moment it
// fails.

#include <callbridge/error.hpp>

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace callbridge::cli {

class OutputFile {
public:
    /// Empty path or "-": standard output. A file is created or truncated.
    /// `error` is set when the file cannot be opened.
    OutputFile(const std::string& path, Error& error);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::ostream& stream() noexcept { return stream_; }

    /// Once a write failed: "cannot write to standard output: No space left
    /// on device". Empty while every write went through.
    [[nodiscard]] std::string failure() const;

    /// Flushes and closes; false when anything could not be written.
    bool close();

private:
    class Buffer : public std::streambuf {
    public:
        explicit Buffer(int fd);
        int fd() const noexcept { return fd_; }
        int error() const noexcept { return error_; }

    protected:
        int_type overflow(int_type c) override;
        std::streamsize xsputn(const char* data, std::streamsize size) override;
        int sync() override;

    private:
        bool write_out(const char* data, std::size_t size);
        bool drain();

        int fd_;
        int error_ = 0;  // errno of the first failed write
        std::unique_ptr<char[]> space_;
    };

    std::string name_;  // for messages
    Buffer buffer_;
    std::ostream stream_;
    bool owns_fd_ = false;
    int close_error_ = 0;
};

}  // namespace callbridge::cli
