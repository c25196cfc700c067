#include <callbridge/sync/record_version.hpp>

#include <openssl/sha.h>

namespace callbridge {

std::string canonical_json_version(std::string_view canonical_json) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(canonical_json.data()), canonical_json.size(), digest);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (unsigned char byte : digest) {
        out += hex[byte >> 4];
        out += hex[byte & 0xF];
    }
    return out;
}

std::string record_version(const CallRecord& record) { return canonical_json_version(to_json(record)); }

}  // namespace callbridge
