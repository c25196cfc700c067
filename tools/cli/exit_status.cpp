#include "cli/exit_status.hpp"

#include <callbridge/sync/sync_error.hpp>

#include <boost/asio/error.hpp>

#include <iostream>

namespace callbridge::cli {

ExitStatus exit_status_for(const Error& error) noexcept {
    if (!error) return exit_success;
    if (error.code() == boost::asio::error::operation_aborted) return exit_interrupted;
    if (error.code().category() == sync_error_category()) {
        switch (static_cast<sync_errc>(error.code().value())) {
            case sync_errc::store_unavailable:
            case sync_errc::store_failed: return exit_store;
            case sync_errc::checkpoint_mismatch:
            case sync_errc::invalid_checkpoint: return exit_usage;
            case sync_errc::lease_lost: return exit_success;  // another worker goes on with the source
        }
        return exit_failure;
    }
    if (error.code().category() != error_category()) return exit_failure;
    switch (static_cast<errc>(error.code().value())) {
        case errc::invalid_query:
        case errc::unsupported_filter:
        case errc::invalid_option: return exit_usage;
        case errc::unauthorized: return exit_unauthorized;
        case errc::rejected_by_vendor: return exit_rejected;
        case errc::transport: return exit_transport;
        case errc::rate_limited:
        case errc::vendor_unavailable: return exit_vendor_failing;
        case errc::malformed_response: return exit_malformed;
    }
    return exit_failure;
}

std::string hint_for(const Error& error, std::string_view token_env) {
    if (error.code().category() != error_category()) return {};
    switch (static_cast<errc>(error.code().value())) {
        case errc::unauthorized:
            return token_env.empty() ? "check the token" : "check the token in " + std::string(token_env);
        case errc::rejected_by_vendor: return "check the filters";
        case errc::transport:
            return error.details().stage == TransportStage::tls_handshake
                       ? "check the API root, or trust its certificate authority with --ca-file"
                       : "check the network and the API root";
        case errc::rate_limited:
        case errc::vendor_unavailable: return "try again later, or allow more with --max-retries";
        default: return {};
    }
}

void report(std::string_view message) {
    std::cerr << "callbridge: " << message << '\n' << std::flush;
}

}  // namespace callbridge::cli
