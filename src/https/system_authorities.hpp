#pragma once
// Internal: the system's certificate authorities in a TLS client context.

#include <openssl/ssl.h>

#include <string>

namespace callbridge::detail {

/// Trusts the system's certificate authorities, as OpenSSL's default paths
/// name them (SSL_CERT_FILE and SSL_CERT_DIR override them), without reading
/// them up front: parsing the whole bundle costs about 15 ms at every start.
/// The directory of certificates by subject hash (Debian's /etc/ssl/certs)
/// is looked up one file at a time as a chain needs an authority, and is
/// all there is when it holds such files and SSL_CERT_FILE is not set.
/// Otherwise the bundle file is read whole the first time a chain needs an
/// authority that the store (the CA files given) and the directory do not
/// hold: at the first handshake with most public servers, whose
/// intermediates are in neither, and never for a chain that ends at a CA
/// file's authority. The error, if any.
std::string trust_system_authorities(SSL_CTX* context);

}  // namespace callbridge::detail
