#pragma once
// callbridge's test kit under doctest.
//  - CALLBRIDGE_CHECK_CONFORMANCE(report): one CHECK per conformance check,
//    its name and why it failed in the message;
//  - results print: REQUIRE(result) on a boost::system::result<T, Error>
//    shows the error's message when it fails.

#include <callbridge/error.hpp>
#include <callbridge/testing/conformance.hpp>

#include <boost/system/result.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <string>

namespace doctest {
template <typename T>
struct StringMaker<boost::system::result<T, callbridge::Error>> {
    static String convert(const boost::system::result<T, callbridge::Error>& result) {
        if (result) return "a value";
        std::ostringstream out;
        out << "error: " << result.error();
        return out.str().c_str();
    }
};
template <>
struct StringMaker<callbridge::Error> {
    static String convert(const callbridge::Error& error) {
        std::ostringstream out;
        out << error;
        return out.str().c_str();
    }
};
}  // namespace doctest

#define CALLBRIDGE_CHECK_CONFORMANCE(report_expression)                            \
    do {                                                                           \
        const ::callbridge::testing::conformance::Report& cb_report_ = (report_expression); \
        CHECK_MESSAGE(!cb_report_.checks.empty(), cb_report_.subject << ": no check ran"); \
        for (const auto& cb_check_ : cb_report_.checks) {                          \
            INFO(cb_report_.subject << ": " << cb_check_.name);                    \
            CHECK_MESSAGE(cb_check_.passed, cb_check_.detail);                     \
        }                                                                          \
    } while (false)
