#pragma once
// Internal: the system's certificate authorities in a TLS client context.

#include <openssl/ssl.h>

#include <string>

namespace callbridge::detail {

/// Trusts the system's certificate authorities, as OpenSSL's default paths
/// name them (SSL_CERT_FILE and SSL_CERT_DIR override them), without reading
/// them up front: parsing the whole bundle costs about 15 ms at every start,
/// and a chain that ends at an authority already trusted (a CA file given)
/// needs none of it. The directory of certificates by subject hash
/// (Debian's /etc/ssl/certs) is looked up one file at a time as a chain
/// needs an authority; the bundle file is read whole the first time a chain
/// needs one the store and the directory do not hold. The error, if any.
std::string trust_system_authorities(SSL_CTX* context);

}  // namespace callbridge::detail
