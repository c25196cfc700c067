#include <callbridge/call_enums.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace callbridge;

namespace {

template <class Enum>
void check_round_trip(std::initializer_list<std::string_view> expected) {
    const auto values = all_values<Enum>();
    REQUIRE(values.size() == expected.size());
    std::size_t i = 0;
    for (std::string_view name : expected) {
        CAPTURE(name);
        CHECK(to_string(values[i]) == name);
        CHECK(parse<Enum>(name) == values[i]);
        ++i;
    }
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("Enum spellings match the spec and read back") {
    check_round_trip<Direction>({"inbound", "outbound", "web"});
    check_round_trip<CallStatus>(
        {"initiated", "queued", "ringing", "in_progress", "completed", "busy", "no_answer", "failed", "canceled",
         "unknown"});
    check_round_trip<EndedBy>({"customer", "assistant"});
    check_round_trip<AnsweredBy>({"human", "machine", "unknown"});
}

TEST_CASE("The final statuses are the ones a call cannot leave") {
    for (CallStatus status : all_values<CallStatus>()) {
        CAPTURE(to_string(status));
        const bool final = status == CallStatus::completed || status == CallStatus::busy ||
                           status == CallStatus::no_answer || status == CallStatus::failed ||
                           status == CallStatus::canceled;
        CHECK(is_final(status) == final);
    }
}

TEST_CASE("Enum parsing is exact") {
    CHECK_FALSE(parse<CallStatus>("no-answer").has_value());
    CHECK_FALSE(parse<CallStatus>("Completed").has_value());
    CHECK_FALSE(parse<Direction>("").has_value());
    CHECK_FALSE(parse<AnsweredBy>("voicemail").has_value());
}

}  // TEST_SUITE
