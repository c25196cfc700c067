#include "cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

namespace callbridge::cli {

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() { clear(); }

std::string ProgressLine::render(const ListingProgress& progress) {
    std::uint64_t pages = 0, known_pages = 0, retries = 0, refetches = 0;
    std::chrono::milliseconds waited{0};
    int failed = 0, done = 0;
    for (const auto& source : progress.sources) {
        pages += source.pages;
        known_pages += source.last_page.value_or(0);
        retries += source.retries;
        refetches += source.refetches;
        waited += source.waited;
        failed += source.state == SourceProgress::State::failed ? 1 : 0;
        done += source.state == SourceProgress::State::done ? 1 : 0;
    }
    std::string line = std::to_string(progress.sources.size()) + (progress.sources.size() == 1 ? " source" : " sources");
    line += " · " + std::to_string(pages) + (known_pages > 0 ? "/" + std::to_string(known_pages) : "") + " pages";
    line += " · " + std::to_string(progress.records) + " calls";
    if (retries > 0) line += " · " + std::to_string(retries) + (retries == 1 ? " retry" : " retries");
    if (waited.count() > 0) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f s", static_cast<double>(waited.count()) / 1000.0);
        line += std::string(" · waited ") + seconds;
    }
    if (refetches > 0) line += " · " + std::to_string(refetches) + " pages fetched again (new calls)";
    if (done > 0) line += " · " + std::to_string(done) + " done";
    if (failed > 0) line += " · " + std::to_string(failed) + " failed";
    return line;
}

void ProgressLine::update(const ListingProgress& progress) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const std::string line = "\r\x1b[K" + render(progress);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    shown_ = true;
}

void ProgressLine::clear() {
    if (!shown_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    shown_ = false;
}

}  // namespace callbridge::cli
