#pragma once
// Running a program in a test: arguments, standard input, extra environment,
// a time limit; its exit status and output come back.

#include <chrono>
#include <string>
#include <vector>

namespace callbridge::test {

struct ProcessResult {
    int exit_code = -1;  ///< -1 when killed for running past its time limit
    std::string out;
    std::string err;
};

/// Runs `argv` (argv[0] a path) with `input` on standard input and `env`
/// ("NAME=value") added to this process's environment.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::vector<std::string>& env = {},
                          std::chrono::seconds time_limit = std::chrono::seconds(60));

}  // namespace callbridge::test
