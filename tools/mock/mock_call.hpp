#pragma once
// One call as a mock vendor holds it.

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <string>

namespace callbridge::mock {

struct MockCall {
    /// As the vendor lists it.
    boost::json::object wire;
    std::chrono::sys_seconds created_at;
    /// What the vendor knows of the call but does not list (Autocalls'
    /// assistant and campaign ids), for its filters; or what only its
    /// per-call details carry (Retell's transcript).
    std::map<std::string, boost::json::value> hidden;
};

}  // namespace callbridge::mock
