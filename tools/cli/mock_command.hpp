#pragma once
// `callbridge mock`: a local sandbox of the three vendors' list APIs, and
// `callbridge demo`: the main job against it, in one command.

#include "mock/vendor_mock.hpp"

#include <CLI/App.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace callbridge::cli {

struct MockCommandOptions {
    std::uint16_t port = 0;
    bool plain = false;
    bool no_gzip = false;
    std::string ca_out;
    /// What the mock serves; the flags below become its other members.
    mock::MockOptions mock;
    std::vector<std::string> calls_from;  // VENDOR=FILE
    int latency_ms = 0;
    int rate_window_seconds = 60;
    bool no_retry_after = false;
    /// Written once listening: {"url", "port", "scheme", "ca_file"} as JSON.
    std::string ready_file;
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
