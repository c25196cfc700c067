#include "mock/certificates.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <stdexcept>

namespace callbridge::mock {
namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("certificate generation failed: ") + what);
}

KeyPtr new_key() {
    KeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    check(extension != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
}

CertPtr new_certificate(EVP_PKEY* subject_key, const std::string& common_name, X509* issuer) {
    CertPtr cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;  // positive
    BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert.get()));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), subject_key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
    return cert;
}

std::string pem_of(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string pem_of(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

struct CertificateAuthority::Keys {
    KeyPtr key;
    CertPtr certificate;
};

CertificateAuthority::CertificateAuthority(const std::string& common_name) : keys_(std::make_unique<Keys>()) {
    keys_->key = new_key();
    keys_->certificate = new_certificate(keys_->key.get(), common_name, nullptr);
    X509* cert = keys_->certificate.get();
    add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert, cert, NID_subject_key_identifier, "hash");
    check(X509_sign(cert, keys_->key.get(), EVP_sha256()) > 0, "X509_sign");
    certificate_pem_ = pem_of(cert);
}

CertificateAuthority::~CertificateAuthority() = default;
CertificateAuthority::CertificateAuthority(CertificateAuthority&&) noexcept = default;
CertificateAuthority& CertificateAuthority::operator=(CertificateAuthority&&) noexcept = default;

KeyAndCertificate CertificateAuthority::issue(const std::vector<std::string>& dns_names,
                                              const std::vector<std::string>& ip_addresses) const {
    KeyPtr key = new_key();
    const std::string common_name = !dns_names.empty() ? dns_names.front() : ip_addresses.front();
    CertPtr cert = new_certificate(key.get(), common_name, keys_->certificate.get());
    std::string names;
    for (const auto& dns : dns_names) names += (names.empty() ? "DNS:" : ",DNS:") + dns;
    for (const auto& ip : ip_addresses) names += (names.empty() ? "IP:" : ",IP:") + ip;
    add_extension(cert.get(), keys_->certificate.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), keys_->certificate.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), keys_->certificate.get(), NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), keys_->certificate.get(), NID_subject_alt_name, names);
    add_extension(cert.get(), keys_->certificate.get(), NID_authority_key_identifier, "keyid:always");
    check(X509_sign(cert.get(), keys_->key.get(), EVP_sha256()) > 0, "X509_sign");
    return {pem_of(cert.get()), pem_of(key.get())};
}

void CertificateAuthority::write_certificate(const std::string& path) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << certificate_pem_;
    if (!out) throw std::runtime_error("cannot write " + path);
}

KeyAndCertificate loopback_certificate(const CertificateAuthority& authority) {
    return authority.issue({"localhost"}, {"127.0.0.1"});
}

}  // namespace callbridge::mock
