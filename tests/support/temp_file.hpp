#pragma once
// A file with given contents that is removed when the test is done with it.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace callbridge::test {

class TempFile {
public:
    explicit TempFile(const std::string& contents, const std::string& suffix = ".pem") {
        static int counter = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 ("callbridge-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + suffix))
                    .string();
        std::ofstream(path_, std::ios::binary) << contents;
    }
    ~TempFile() { std::filesystem::remove(path_); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

}  // namespace callbridge::test
