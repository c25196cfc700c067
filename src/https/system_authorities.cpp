#include "https/system_authorities.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>

namespace callbridge::detail {
namespace {

std::string openssl_error() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return code == 0 ? std::string("unknown error") : std::string(text);
}

// The bundle file behind a lookup, read into its store once.
struct LazyBundle {
    std::string path;
    std::once_flag read;
};

// Asked for an authority by subject only when the store does not hold it:
// reads the bundle into the store, then answers from the store.
int bundle_by_subject(X509_LOOKUP* lookup, X509_LOOKUP_TYPE type, const X509_NAME* name, X509_OBJECT* found) {
    auto* bundle = static_cast<LazyBundle*>(X509_LOOKUP_get_method_data(lookup));
    X509_STORE* store = X509_LOOKUP_get_store(lookup);
    std::call_once(bundle->read, [&] {
        // Into the store through this lookup (X509_STORE_load_file would add
        // a lookup to the list being walked). As OpenSSL's default paths: a
        // bundle that is not there adds nothing.
        if (X509_load_cert_crl_file(lookup, bundle->path.c_str(), X509_FILETYPE_PEM) <= 0) ERR_clear_error();
    });
    if (type != X509_LU_X509 || X509_STORE_lock(store) != 1) return 0;
    int ok = 0;
    if (X509_OBJECT* held = X509_OBJECT_retrieve_by_subject(X509_STORE_get0_objects(store), type, name)) {
        // The caller takes its own reference: lend the store's (as OpenSSL's
        // by_store lookup does).
        X509* certificate = X509_OBJECT_get0_X509(held);
        ok = X509_OBJECT_set1_X509(found, certificate);
        if (ok == 1) X509_free(certificate);
    }
    X509_STORE_unlock(store);
    return ok;
}

void free_bundle(X509_LOOKUP* lookup) { delete static_cast<LazyBundle*>(X509_LOOKUP_get_method_data(lookup)); }

X509_LOOKUP_METHOD* lazy_bundle_method() {
    static X509_LOOKUP_METHOD* const method = [] {
        X509_LOOKUP_METHOD* m = X509_LOOKUP_meth_new("callbridge lazy bundle");
        if (m != nullptr) {
            X509_LOOKUP_meth_set_get_by_subject(m, bundle_by_subject);
            X509_LOOKUP_meth_set_free(m, free_bundle);
        }
        return m;
    }();
    return method;
}

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

}  // namespace

std::string trust_system_authorities(SSL_CTX* context) {
    X509_STORE* store = SSL_CTX_get_cert_store(context);
    const char* file = std::getenv(X509_get_default_cert_file_env());
    const char* directory = std::getenv(X509_get_default_cert_dir_env());
    if (directory == nullptr) directory = X509_get_default_cert_dir();
    // The directory first: one small file per authority a chain needs.
    // SSL_CERT_DIR may name several, ':'-separated. As OpenSSL's default
    // paths, one that cannot be used is passed over.
    if (*directory != '\0' && X509_STORE_load_path(store, directory) != 1) ERR_clear_error();
    // Where the directory holds the system's authorities by hash (Debian's,
    // made by update-ca-certificates from the same set as the bundle), the
    // bundle adds nothing unless SSL_CERT_FILE names one: a public chain's
    // intermediate, in neither, would read it at the first handshake.
    const bool several = std::string_view(directory).find(':') != std::string_view::npos;
    if (file == nullptr && !several && holds_hashed_certificates(directory)) return {};
    X509_LOOKUP_METHOD* method = lazy_bundle_method();
    X509_LOOKUP* lookup = method != nullptr ? X509_STORE_add_lookup(store, method) : nullptr;
    if (lookup == nullptr) return openssl_error();
    auto bundle = std::make_unique<LazyBundle>();
    bundle->path = file != nullptr ? file : X509_get_default_cert_file();
    if (X509_LOOKUP_set_method_data(lookup, bundle.get()) != 1) return openssl_error();
    bundle.release();  // freed with the lookup, with the store
    return {};
}

}  // namespace callbridge::detail
