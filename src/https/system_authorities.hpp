#pragma once
// Internal: the system's certificate authorities in a TLS client context.

#include <openssl/ssl.h>

#include <string>

namespace callbridge::detail {

/// Trusts the system's certificate authorities, as OpenSSL's default paths
/// name them (SSL_CERT_FILE and SSL_CERT_DIR override them). A directory of
/// certificates by subject hash (Debian's /etc/ssl/certs) is looked up as a
/// chain needs it, one file at a time, rather than the whole bundle parsed
/// up front (about 15 ms at every start). The bundle file is read when no
/// such directory is there, or SSL_CERT_FILE names one. The error, if any.
std::string trust_system_authorities(SSL_CTX* context);

}  // namespace callbridge::detail
