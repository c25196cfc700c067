#include "https/system_authorities.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace callbridge::detail {
namespace {

// "9d3b6c5e.0": a certificate named by its subject hash, as c_rehash and
// update-ca-certificates link them.
bool is_hash_name(std::string_view name) {
    if (name.size() < 10 || name[8] != '.') return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (i != 8 && !std::isxdigit(static_cast<unsigned char>(name[i]))) return false;
    return true;
}

bool holds_hashed_certificates(const char* directory) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec))
        if (is_hash_name(it->path().filename().string())) return true;
    return false;
}

std::string openssl_error() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return code == 0 ? std::string("unknown error") : std::string(text);
}

}  // namespace

std::string trust_system_authorities(SSL_CTX* context) {
    const char* file = std::getenv(X509_get_default_cert_file_env());
    const char* directory = std::getenv(X509_get_default_cert_dir_env());
    if (file == nullptr) {
        if (directory == nullptr) directory = X509_get_default_cert_dir();
        // SSL_CERT_DIR may name several, ':'-separated: taken as given.
        const bool several = std::string_view(directory).find(':') != std::string_view::npos;
        if (several || holds_hashed_certificates(directory)) {
            if (X509_STORE_load_path(SSL_CTX_get_cert_store(context), directory) == 1) return {};
            return openssl_error();
        }
    }
    if (SSL_CTX_set_default_verify_paths(context) == 1) return {};
    return openssl_error();
}

}  // namespace callbridge::detail
