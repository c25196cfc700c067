#pragma once
// Where records go: standard output, or a file named by --output.

#include <callbridge/error.hpp>

#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace callbridge::cli {

class OutputFile {
public:
    /// Empty path or "-": standard output. A file is created or truncated.
    /// `error` is set when the file cannot be opened.
    OutputFile(const std::string& path, Error& error);

    std::ostream& stream() noexcept { return *stream_; }

    /// Flushes; false when anything could not be written.
    bool close();

private:
    std::unique_ptr<std::ofstream> file_;
    std::ostream* stream_;
};

}  // namespace callbridge::cli
