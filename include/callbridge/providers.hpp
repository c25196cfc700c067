#pragma once
// The dialects callbridge ships. Other brands of the same platforms use the
// same dialect with another API root.

#include <callbridge/dialect.hpp>

#include <memory>
#include <span>
#include <string_view>

namespace callbridge {

/// Autocalls: `GET /user/calls` under https://app.autocalls.ai/api.
std::shared_ptr<const Dialect> autocalls_dialect();
/// ClickSpeak: the Autocalls dialect under https://app.clickspeak.ai/api.
std::shared_ptr<const Dialect> clickspeak_dialect();
/// Talkover: `GET /calls` under https://app.talkover.ai/api/v1.
std::shared_ptr<const Dialect> talkover_dialect();

/// The dialect for a shipped provider name, or nullptr.
std::shared_ptr<const Dialect> find_dialect(std::string_view provider);

/// "autocalls", "clickspeak", "talkover".
std::span<const std::string_view> shipped_providers() noexcept;

}  // namespace callbridge
