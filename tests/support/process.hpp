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

/// As run_process, sending `signal` to the program once it has written
/// `output_bytes` to standard output (so, whatever the machine's load, in
/// the middle of its work).
ProcessResult run_process_then_signal(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                      std::size_t output_bytes, int signal,
                                      std::chrono::seconds time_limit = std::chrono::seconds(60));

/// As run_process, with standard error a terminal (a pseudo-terminal whose
/// output comes back in `err`).
ProcessResult run_process_on_terminal(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                                      std::chrono::seconds time_limit = std::chrono::seconds(60));

/// As run_process, with standard output and standard error the same
/// terminal, as when a person runs the command: everything it wrote to
/// either, as the terminal got it, comes back in `err`.
ProcessResult run_process_on_one_terminal(const std::vector<std::string>& argv,
                                          const std::vector<std::string>& env = {},
                                          std::chrono::seconds time_limit = std::chrono::seconds(60));

/// A program left running while the test goes on (a server, say); stopped
/// with SIGTERM when destroyed.
class BackgroundProcess {
public:
    explicit BackgroundProcess(const std::vector<std::string>& argv);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    /// The next line it writes to standard output (without the newline);
    /// empty when none comes in time.
    std::string read_line(std::chrono::seconds time_limit = std::chrono::seconds(20));
    /// Sends `signal` and waits for it to end; its exit status.
    int stop(int signal);

private:
    int pid_ = -1;
    int out_ = -1;
    std::string buffered_;
};

}  // namespace callbridge::test
