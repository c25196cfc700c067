#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <optional>
#include <thread>

extern char** environ;

namespace callbridge::test {
namespace {

// A temporary file, removed when done with.
struct TempFile {
    std::string path;
    int fd = -1;
    TempFile() {
        char name[] = "/tmp/callbridge-test-XXXXXX";
        fd = ::mkstemp(name);
        if (fd < 0) throw std::runtime_error("mkstemp failed");
        path = name;
    }
    ~TempFile() {
        ::close(fd);
        ::unlink(path.c_str());
    }
    std::string contents() const {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }
};

}  // namespace

namespace {

ProcessResult run(const std::vector<std::string>& argv, const std::string& input, const std::vector<std::string>& env,
                  std::chrono::seconds time_limit, std::optional<std::pair<std::size_t, int>> signal);
// Standard error a pseudo-terminal; `both`: standard output that same terminal.
ProcessResult run_on_terminal(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                              std::chrono::seconds time_limit, bool both);

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input,
                          const std::vector<std::string>& env, std::chrono::seconds time_limit) {
    return run(argv, input, env, time_limit, std::nullopt);
}

ProcessResult run_process_then_signal(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                      std::size_t output_bytes, int signal, std::chrono::seconds time_limit) {
    return run(argv, {}, env, time_limit, std::pair{output_bytes, signal});
}

ProcessResult run_process_on_terminal(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                      std::chrono::seconds time_limit) {
    return run_on_terminal(argv, env, time_limit, false);
}

ProcessResult run_process_on_one_terminal(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                          std::chrono::seconds time_limit) {
    return run_on_terminal(argv, env, time_limit, true);
}

namespace {

ProcessResult run_on_terminal(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                              std::chrono::seconds time_limit, bool both) {
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) throw std::runtime_error("no pseudo-terminal");
    const std::string terminal = ::ptsname(master);
    TempFile out;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, terminal.c_str(), O_RDWR | O_NOCTTY, 0);
    if (both) posix_spawn_file_actions_adddup2(&actions, 2, 1);
    else posix_spawn_file_actions_adddup2(&actions, out.fd, 1);
    std::vector<std::string> environment;
    for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);
    environment.insert(environment.end(), env.begin(), env.end());
    std::vector<std::string> args = argv;
    std::vector<char*> arg_pointers, env_pointers;
    for (auto& a : args) arg_pointers.push_back(a.data());
    arg_pointers.push_back(nullptr);
    for (auto& e : environment) env_pointers.push_back(e.data());
    env_pointers.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, args[0].c_str(), &actions, nullptr, arg_pointers.data(), env_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot start " + args[0]);

    ProcessResult result;
    const auto deadline = std::chrono::steady_clock::now() + time_limit;
    int status = 0;
    auto drain = [&] {
        pollfd poll_fd{master, POLLIN, 0};
        char chunk[4096];
        while (::poll(&poll_fd, 1, 0) > 0 && (poll_fd.revents & POLLIN)) {
            const ssize_t n = ::read(master, chunk, sizeof chunk);
            if (n <= 0) break;
            result.err.append(chunk, static_cast<std::size_t>(n));
        }
    };
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        drain();
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    drain();
    ::close(master);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (!both) result.out = out.contents();
    return result;
}

}  // namespace

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::vector<std::string> args = argv;
    std::vector<char*> pointers;
    for (auto& a : args) pointers.push_back(a.data());
    pointers.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, args[0].c_str(), &actions, nullptr, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) throw std::runtime_error("cannot start " + args[0]);
    pid_ = pid;
    out_ = pipe_fds[0];
}

BackgroundProcess::~BackgroundProcess() {
    if (pid_ > 0) stop(SIGTERM);
    if (out_ >= 0) ::close(out_);
}

std::string BackgroundProcess::read_line(std::chrono::seconds time_limit) {
    const auto deadline = std::chrono::steady_clock::now() + time_limit;
    while (buffered_.find('\n') == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline) return {};
        pollfd poll_fd{out_, POLLIN, 0};
        if (::poll(&poll_fd, 1, 50) <= 0) continue;
        char chunk[512];
        const ssize_t n = ::read(out_, chunk, sizeof chunk);
        if (n <= 0) return {};
        buffered_.append(chunk, static_cast<std::size_t>(n));
    }
    const auto end = buffered_.find('\n');
    std::string line = buffered_.substr(0, end);
    buffered_.erase(0, end + 1);
    return line;
}

int BackgroundProcess::stop(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

namespace {

ProcessResult run(const std::vector<std::string>& argv, const std::string& input, const std::vector<std::string>& env,
                  std::chrono::seconds time_limit, std::optional<std::pair<std::size_t, int>> signal) {
    TempFile in, out, err;
    if (::write(in.fd, input.data(), input.size()) != static_cast<ssize_t>(input.size()))
        throw std::runtime_error("cannot write the child's input");
    ::lseek(in.fd, 0, SEEK_SET);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.fd, 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err.fd, 2);

    std::vector<std::string> environment;
    for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);
    environment.insert(environment.end(), env.begin(), env.end());
    auto pointers = [](std::vector<std::string>& strings) {
        std::vector<char*> p;
        for (auto& s : strings) p.push_back(s.data());
        p.push_back(nullptr);
        return p;
    };
    std::vector<std::string> args = argv;
    auto arg_pointers = pointers(args);
    auto env_pointers = pointers(environment);

    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, args[0].c_str(), &actions, nullptr, arg_pointers.data(),
                                      env_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(spawned));

    ProcessResult result;
    const auto deadline = std::chrono::steady_clock::now() + time_limit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (signal && static_cast<std::size_t>(::lseek(out.fd, 0, SEEK_END)) >= signal->first) {
            ::kill(pid, signal->second);
            signal.reset();
        }
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            result.out = out.contents();
            result.err = err.contents() + "\n[killed after " + std::to_string(time_limit.count()) + " s]";
            return result;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = out.contents();
    result.err = err.contents();
    return result;
}

}  // namespace
}  // namespace callbridge::test
