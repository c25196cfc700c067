#include "cli/progress_line.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace callbridge::cli {
namespace {

std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

}  // namespace

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() { erase(); }  // the shared output may be gone by now

bool ProgressLine::records_share_terminal() {
    if (::isatty(STDOUT_FILENO) != 1 || ::isatty(STDERR_FILENO) != 1) return false;
    struct stat out {}, err {};
    if (::fstat(STDOUT_FILENO, &out) != 0 || ::fstat(STDERR_FILENO, &err) != 0) return true;  // assume the worst
    return out.st_rdev == err.st_rdev;
}

std::string ProgressLine::render(const ListingProgress& progress, std::chrono::steady_clock::duration elapsed) {
    std::uint64_t pages = 0, known_pages = 0, retries = 0, refetches = 0;
    int failed = 0, done = 0;
    for (const auto& source : progress.sources) {
        pages += source.pages;
        known_pages += source.last_page.value_or(0);
        retries += source.retries;
        refetches += source.refetches;
        failed += source.state == SourceProgress::State::failed ? 1 : 0;
        done += source.state == SourceProgress::State::done ? 1 : 0;
    }
    std::string line = std::to_string(progress.sources.size()) + (progress.sources.size() == 1 ? " source" : " sources");
    line += " · " + std::to_string(pages) + (known_pages > 0 ? "/" + std::to_string(known_pages) : "") + " pages";
    line += " · " + std::to_string(progress.records) + " calls";
    // The rate over the whole listing so far (waits included): what an
    // operator needs to guess how long the rest takes.
    const double seconds = std::chrono::duration<double>(elapsed).count();
    if (seconds >= 0.05) {
        const double rate = static_cast<double>(progress.records) / seconds;
        line += " · " + (rate >= 10 ? std::to_string(static_cast<std::uint64_t>(rate + 0.5)) : one_decimal(rate)) +
                " calls/s";
    }
    if (retries > 0) line += " · " + std::to_string(retries) + (retries == 1 ? " retry" : " retries");
    // Wall-clock: waits of several pages or sources at once count once.
    if (progress.waited.count() > 0)
        line += " · waited " + one_decimal(static_cast<double>(progress.waited.count()) / 1000.0) + " s";
    if (refetches > 0) line += " · " + std::to_string(refetches) + " pages fetched again (new calls)";
    if (done > 0) line += " · " + std::to_string(done) + " done";
    if (failed > 0) line += " · " + std::to_string(failed) + " failed";
    return line;
}

void ProgressLine::update(const ListingProgress& progress) {
    if (!enabled_) return;
    latest_ = progress;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    draw();
}

void ProgressLine::before_record() {
    if (shared_output_ != nullptr) erase();
}

void ProgressLine::idle() {
    if (enabled_ && latest_ && !shown_) draw();
}

void ProgressLine::draw() {
    if (shown_ && std::chrono::steady_clock::now() - last_draw_ < std::chrono::milliseconds(100)) return;
    // The records written so far reach the terminal before the line does:
    // each ended with its newline, so the line starts a line of its own.
    if (shared_output_ != nullptr) shared_output_->flush();
    const auto now = std::chrono::steady_clock::now();
    last_draw_ = now;
    const std::string line = "\r\x1b[K" + render(*latest_, now - started_);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    shown_ = true;
}

void ProgressLine::clear() {
    // A record cut by a full buffer is finished first, so that an error
    // line after this starts a line of its own.
    if (shared_output_ != nullptr) shared_output_->flush();
    erase();
}

void ProgressLine::erase() {
    if (!shown_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    shown_ = false;
}

}  // namespace callbridge::cli
