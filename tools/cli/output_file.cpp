#include "cli/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>

namespace callbridge::cli {

OutputFile::OutputFile(const std::string& path, Error& error) : stream_(&std::cout) {
    if (path.empty() || path == "-") return;
    file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!*file_) {
        error = invalid_option("output", "cannot create '" + path + "': " + std::strerror(errno));
        return;
    }
    stream_ = file_.get();
}

bool OutputFile::close() {
    stream_->flush();
    const bool ok = stream_->good();
    if (file_) file_->close();
    return ok && (!file_ || !file_->fail());
}

}  // namespace callbridge::cli
