#pragma once
// Test helpers for the end-to-end vendor suites: a vendor mock behind a TLS
// server with its own certificate authority, and what the command prints.

#include <callbridge/call_record.hpp>

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include "support/temp_file.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace callbridge::test {

/// The vendor mock served over TLS; `ca` is the file the command trusts.
struct MockVendorServer {
    mock::CertificateAuthority authority;
    TempFile ca{authority.certificate_pem()};
    std::shared_ptr<mock::VendorMock> vendors;
    mock::HttpServer server;

    explicit MockVendorServer(mock::MockOptions options)
        : vendors(std::make_shared<mock::VendorMock>(std::move(options))),
          server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                 [v = vendors](const mock::ServerRequest& r) { return v->handle(r); }) {}
};

/// The records of JSON lines; the test fails on a line that is not one.
inline std::vector<CallRecord> records_of(const std::string& jsonl) {
    std::vector<CallRecord> records;
    std::istringstream lines(jsonl);
    for (std::string line; std::getline(lines, line);) {
        auto record = record_from_json(line);
        REQUIRE_MESSAGE(record.has_value(), line);
        records.push_back(std::move(*record));
    }
    return records;
}

inline std::vector<std::string> ids(const std::vector<CallRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
}

}  // namespace callbridge::test
