#include <callbridge/sync/sync_error.hpp>

namespace callbridge {
namespace {

class SyncCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "callbridge.sync"; }
    std::string message(int value) const override { return std::string(to_string(static_cast<sync_errc>(value))); }
};

}  // namespace

const boost::system::error_category& sync_error_category() noexcept {
    static const SyncCategory category;
    return category;
}

std::string_view to_string(sync_errc e) noexcept {
    switch (e) {
        case sync_errc::store_unavailable: return "store unavailable";
        case sync_errc::store_failed: return "store failed";
        case sync_errc::checkpoint_mismatch: return "checkpoint mismatch";
        case sync_errc::invalid_checkpoint: return "invalid checkpoint";
        case sync_errc::lease_lost: return "lease lost";
    }
    return "unknown sync error";
}

Error sync_error(sync_errc kind, std::string why, std::string source) {
    ErrorDetails details;
    details.source = std::move(source);
    details.message = std::move(why);
    return {make_error_code(kind), std::move(details)};
}

}  // namespace callbridge
