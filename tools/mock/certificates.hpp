#pragma once
// Throwaway certificates for loopback servers: a certificate authority made
// at start, and server certificates it issues, all in memory (PEM).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace callbridge::mock {

struct KeyAndCertificate {
    std::string certificate_pem;
    std::string private_key_pem;
};

class CertificateAuthority {
public:
    /// A new self-signed authority (a P-256 key) valid for a day.
    explicit CertificateAuthority(const std::string& common_name = "callbridge mock CA");
    ~CertificateAuthority();
    CertificateAuthority(CertificateAuthority&&) noexcept;
    CertificateAuthority& operator=(CertificateAuthority&&) noexcept;

    [[nodiscard]] const std::string& certificate_pem() const noexcept { return certificate_pem_; }

    /// A server certificate for these names and addresses ("127.0.0.1").
    [[nodiscard]] KeyAndCertificate issue(const std::vector<std::string>& dns_names,
                                          const std::vector<std::string>& ip_addresses) const;

    /// Writes the authority's certificate to `path` (what a client trusts).
    void write_certificate(const std::string& path) const;

private:
    struct Keys;
    std::unique_ptr<Keys> keys_;
    std::string certificate_pem_;
};

/// A certificate for 127.0.0.1 and localhost, issued by `authority`.
KeyAndCertificate loopback_certificate(const CertificateAuthority& authority);

}  // namespace callbridge::mock
