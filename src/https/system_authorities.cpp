#include "https/system_authorities.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

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
        // As OpenSSL's default paths: a bundle that is not there adds nothing.
        if (X509_STORE_load_file(store, bundle->path.c_str()) != 1) ERR_clear_error();
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

const char* env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : fallback;
}

}  // namespace

std::string trust_system_authorities(SSL_CTX* context) {
    X509_STORE* store = SSL_CTX_get_cert_store(context);
    // The directory first: one small file per authority a chain needs.
    // SSL_CERT_DIR may name several, ':'-separated.
    if (X509_STORE_load_path(store, env_or(X509_get_default_cert_dir_env(), X509_get_default_cert_dir())) != 1)
        return openssl_error();
    X509_LOOKUP_METHOD* method = lazy_bundle_method();
    X509_LOOKUP* lookup = method != nullptr ? X509_STORE_add_lookup(store, method) : nullptr;
    if (lookup == nullptr) return openssl_error();
    auto bundle = std::make_unique<LazyBundle>();
    bundle->path = env_or(X509_get_default_cert_file_env(), X509_get_default_cert_file());
    if (X509_LOOKUP_set_method_data(lookup, bundle.get()) != 1) return openssl_error();
    bundle.release();  // freed with the lookup, with the store
    return {};
}

}  // namespace callbridge::detail
