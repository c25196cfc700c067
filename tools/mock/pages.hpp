#pragma once
// Vendor list responses: a page of calls in the vendor's envelope and
// paginator, written as the vendor writes JSON (plain numbers, no exponents).

#include "mock/dataset.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace callbridge::mock {

struct PageShape {
    /// The list URL without query, for Laravel's *_page_url members.
    std::string list_url = "https://app.autocalls.ai/api/user/calls";
    /// Talkover: `meta` (the OpenAPI file's name) instead of `pagination`.
    bool talkover_meta = false;
};

/// Page `page` (from 1) of `matching`, `per_page` calls a page.
std::string render_page(Vendor vendor, std::span<const MockCall* const> matching, std::uint32_t page,
                        std::uint32_t per_page, const PageShape& shape = {});

}  // namespace callbridge::mock
