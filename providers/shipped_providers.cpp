#include <callbridge/providers.hpp>

#include "autocalls/autocalls_dialect.hpp"
#include "talkover/talkover_dialect.hpp"

#include <array>

namespace callbridge {
namespace {

constexpr std::array<std::string_view, 3> names{"autocalls", "clickspeak", "talkover"};

}  // namespace

std::shared_ptr<const Dialect> autocalls_dialect() {
    static const auto dialect =
        std::make_shared<providers::autocalls::AutocallsDialect>("autocalls", "https://app.autocalls.ai/api");
    return dialect;
}

std::shared_ptr<const Dialect> clickspeak_dialect() {
    static const auto dialect =
        std::make_shared<providers::autocalls::AutocallsDialect>("clickspeak", "https://app.clickspeak.ai/api");
    return dialect;
}

std::shared_ptr<const Dialect> talkover_dialect() {
    static const auto dialect =
        std::make_shared<providers::talkover::TalkoverDialect>("talkover", "https://app.talkover.ai/api/v1");
    return dialect;
}

std::shared_ptr<const Dialect> find_dialect(std::string_view provider) {
    if (provider == "autocalls") return autocalls_dialect();
    if (provider == "clickspeak") return clickspeak_dialect();
    if (provider == "talkover") return talkover_dialect();
    return nullptr;
}

std::span<const std::string_view> shipped_providers() noexcept { return names; }

}  // namespace callbridge
