#pragma once
// `callbridge mock`: a local sandbox of the three vendors' list APIs, and
// `callbridge demo`: the main job against it, in one command.

#include <CLI/App.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace callbridge::cli {

struct MockCommandOptions {
    std::uint16_t port = 0;
    bool plain = false;
    std::size_t calls = 250;
    std::uint64_t seed = 1;
    std::vector<std::string> tokens;
    std::string ca_out;
    std::vector<std::string> calls_from;  // VENDOR=FILE
    // Faults.
    int latency_ms = 0;
    std::optional<std::uint32_t> rate_limit;
    int rate_window_seconds = 60;
    bool no_retry_after = false;
    std::uint32_t fail_every = 0;
    std::uint32_t cut_every = 0;
    std::uint32_t insert_per_page = 0;
    bool talkover_meta = false;
};

struct DemoOptions {
    std::size_t calls = 20;
    int latency_ms = 30;
};

CLI::App* add_mock_command(CLI::App& app, MockCommandOptions& options);
CLI::App* add_demo_command(CLI::App& app, DemoOptions& options);

int run_mock(const MockCommandOptions& options);
int run_demo(const DemoOptions& options);

}  // namespace callbridge::cli
