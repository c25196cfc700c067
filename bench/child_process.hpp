#pragma once
// Benchmarks' measuring of another program: run it with standard output to
// /dev/null and report its wall time and peak memory.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern char** environ;

namespace callbridge::bench {

struct ChildRun {
    double peak_mb = 0;
    double seconds = 0;
};

// The high-water mark of a running process's memory, in MB. (Its ru_maxrss
// would include this benchmark's own peak: Linux carries it across exec.)
inline double vm_hwm_mb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

/// Runs `args` with `extra_env` added (standard error too to /dev/null when
/// `quiet`); exits the benchmark if it fails.
inline ChildRun run_child(std::vector<std::string> args, const std::vector<std::string>& extra_env = {},
                          bool quiet = false) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = extra_env;
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const std::string err_file = "/tmp/callbridge-bench-stderr-" + std::to_string(getpid());
    if (quiet) posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const auto start = std::chrono::steady_clock::now();
    if (posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data()) != 0) {
        std::perror("bench: cannot start the program");
        std::exit(1);
    }
    posix_spawn_file_actions_destroy(&actions);
    ChildRun run;
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        run.peak_mb = std::max(run.peak_mb, vm_hwm_mb(pid));
        usleep(2000);
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    if (quiet) {
        if (failed) {
            std::ifstream err(err_file);
            std::fprintf(stderr, "%s", std::string(std::istreambuf_iterator<char>(err), {}).c_str());
        }
        std::remove(err_file.c_str());
    }
    if (failed) {
        std::fprintf(stderr, "bench: %s failed\n", args[0].c_str());
        std::exit(1);
    }
    return run;
}

}  // namespace callbridge::bench
