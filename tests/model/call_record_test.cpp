#include <callbridge/call_record.hpp>

#include "json/json_reader.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <charconv>
#include <cstring>

using namespace callbridge;
using namespace std::chrono;

namespace {

Timestamp at(int y, unsigned mo, unsigned d, int h, int mi, int s) {
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) + seconds(s);
}

boost::json::object object(std::string_view json) { return boost::json::parse(json).as_object(); }

// The vendor's documented example call, as the Autocalls dialect maps it.
CallRecord full_record() {
    CallRecord r;
    r.source = "main";
    r.provider = "autocalls";
    r.id = "123";
    r.direction = Direction::outbound;
    r.status = CallStatus::completed;
    r.provider_status = "completed";
    r.ended_by = EndedBy::customer;
    r.answered_by = AnsweredBy::human;
    r.agent = {std::nullopt, "Sales Assistant", std::nullopt};
    r.campaign = CampaignRef{std::nullopt, "Q4 Outreach Campaign"};
    r.agent_number = "+1234567890";
    r.customer_number = "+1987654321";
    r.duration_s = 245;
    r.created_at = at(2025, 8, 4, 14, 30, 0);
    r.updated_at = at(2025, 8, 4, 14, 34, 5);
    r.transcript = "Hello, this is Sarah.\n\"Quoted\"\ttab";
    r.variables = object(R"({"customer_name":"John Smith","interest_level":"high"})");
    r.evaluation = object(R"({"sentiment":"positive","score":8.5})");
    r.webhook_response = object(R"({"status":"success","data":{"crm_contact_id":"abc123"}})");
    r.carrier_cost = Decimal::parse("0.02");
    r.total_cost = Decimal::parse("0.025");
    r.recording_url = "https://recordings.autocalls.ai/calls/123.mp3";
    r.is_test = false;
    r.raw = object(R"({"id":123,"extra_vendor_field":[1,2]})");
    return r;
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("to_json writes every spec field in order") {
    CHECK(to_json(full_record()) ==
          R"({"source":"main","provider":"autocalls","id":"123","provider_call_sid":null,)"
          R"("direction":"outbound","status":"completed","provider_status":"completed",)"
          R"("ended_by":"customer","answered_by":"human",)"
          R"("agent":{"id":null,"name":"Sales Assistant","label":null},)"
          R"("campaign":{"id":null,"name":"Q4 Outreach Campaign"},)"
          R"("agent_number":"+1234567890","customer_number":"+1987654321","duration_s":245,)"
          R"("created_at":"2025-08-04T14:30:00Z","updated_at":"2025-08-04T14:34:05Z",)"
          R"("transcript":"Hello, this is Sarah.\n\"Quoted\"\ttab",)"
          R"("variables":{"customer_name":"John Smith","interest_level":"high"},)"
          R"("evaluation":{"sentiment":"positive","score":8.5},)"
          R"("webhook_response":{"status":"success","data":{"crm_contact_id":"abc123"}},)"
          R"("carrier_cost":0.02,"total_cost":0.025,)"
          R"("recording_url":"https://recordings.autocalls.ai/calls/123.mp3","is_test":false,)"
          R"("started_at":null,"ended_at":null,"end_reason":null,"summary":null,"currency":null})");
}

TEST_CASE("The fields later vendors send follow is_test") {
    CallRecord r = full_record();
    r.started_at = at(2025, 8, 4, 14, 30, 3);
    r.ended_at = at(2025, 8, 4, 14, 34, 5);
    r.end_reason = "customer-ended-call";
    r.summary = "Booked a visit.";
    r.currency = "USD";
    CHECK(to_json(r).ends_with(R"("is_test":false,"started_at":"2025-08-04T14:30:03Z",)"
                               R"("ended_at":"2025-08-04T14:34:05Z","end_reason":"customer-ended-call",)"
                               R"("summary":"Booked a visit.","currency":"USD"})"));
    auto back = record_from_json(to_json(r));
    REQUIRE(back.has_value());
    CHECK(*back == [&] { auto copy = r; copy.raw = {}; return copy; }());
}

TEST_CASE("Canonical JSON written before started_at and the rest reads with them null") {
    // A line as callbridge 0.1 wrote it, with no started_at, ended_at,
    // end_reason, summary or currency.
    auto old = record_from_json(
        R"({"source":"main","provider":"autocalls","id":"123","provider_call_sid":null,)"
        R"("direction":"outbound","status":"completed","provider_status":"completed",)"
        R"("ended_by":null,"answered_by":null,"agent":{"id":null,"name":null,"label":null},)"
        R"("campaign":null,"agent_number":null,"customer_number":null,"duration_s":5,)"
        R"("created_at":"2025-08-04T14:30:00Z","updated_at":"2025-08-04T14:34:05Z",)"
        R"("transcript":null,"variables":{},"evaluation":null,"webhook_response":null,)"
        R"("carrier_cost":null,"total_cost":null,"recording_url":null,"is_test":false})");
    REQUIRE(old.has_value());
    CHECK(old->duration_s == 5);
    CHECK_FALSE(old->started_at.has_value());
    CHECK_FALSE(old->ended_at.has_value());
    CHECK_FALSE(old->end_reason.has_value());
    CHECK_FALSE(old->summary.has_value());
    CHECK_FALSE(old->currency.has_value());
}

TEST_CASE("Null rules: optional fields are null variables is always an object") {
    CallRecord r;
    r.source = "tk";
    r.provider = "talkover";
    r.id = "call-uuid-1";
    r.provider_status = "weird";
    const auto json = object(to_json(r));
    for (const char* key : {"provider_call_sid", "ended_by", "answered_by", "campaign", "agent_number",
                            "customer_number", "transcript", "evaluation", "webhook_response", "carrier_cost",
                            "total_cost", "recording_url", "started_at", "ended_at", "end_reason", "summary",
                            "currency"}) {
        CAPTURE(key);
        REQUIRE(json.contains(key));
        CHECK(json.at(key).is_null());
    }
    CHECK(json.at("variables").is_object());
    CHECK(json.at("variables").as_object().empty());
    CHECK(json.at("agent") == object(R"({"id":null,"name":null,"label":null})"));
    CHECK(json.at("status") == "unknown");
    CHECK(json.at("provider_status") == "weird");
    CHECK(json.at("is_test") == false);
    CHECK(json.at("duration_s") == 0);
    CHECK_FALSE(json.contains("raw"));
    CHECK(json.size() == 29);
}

TEST_CASE("Money is a plain decimal number never an exponent") {
    CallRecord r = full_record();
    r.carrier_cost = Decimal::parse("0.0000001");
    r.total_cost = Decimal::parse("1234567.5");
    const std::string json = to_json(r);
    CHECK(json.find(R"("carrier_cost":0.0000001,)") != std::string::npos);
    CHECK(json.find(R"("total_cost":1234567.5,)") != std::string::npos);
    r.carrier_cost = Decimal::parse("0");
    CHECK(to_json(r).find(R"("carrier_cost":0,)") != std::string::npos);
}

TEST_CASE("Numbers inside vendor objects are written plainly") {
    CallRecord r = full_record();
    r.evaluation = object(
        R"({"score":8.5,"big":1e21,"large":1e20,"tiny":0.0001,"tinier":1.5e-7,"smallest":-2.5e-8,"whole":3.0,)"
        R"("n":-3,"u":18446744073709551615})");
    CHECK(to_json(r).find(R"("evaluation":{"score":8.5,"big":1e+21,"large":100000000000000000000,"tiny":0.0001,)"
                          R"("tinier":1.5e-7,"smallest":-2.5e-8,"whole":3,"n":-3,"u":18446744073709551615})") !=
          std::string::npos);
    // -0 is written as 0 (as ECMAScript does): "-0" would read back as the
    // integer 0 and write differently the second time. Found by fuzzing.
    r.evaluation = object(R"({"z":-0.0})");
    CHECK(to_json(r).find(R"("evaluation":{"z":0})") != std::string::npos);
}

TEST_CASE("Control characters and unicode in strings") {
    CallRecord r = full_record();
    r.transcript = std::string("a\x01" "b\\c/d \xc3\xa9 \xe2\x80\xa8");
    const std::string json = to_json(r);
    CHECK(json.find(R"("transcript":"a\u0001b\\c/d é )") != std::string::npos);
    // What we write, any JSON parser reads back the same.
    CHECK(object(json).at("transcript").as_string() == *r.transcript);
}

TEST_CASE("Escapes are found at every offset of long strings") {
    // The writer skips clean text eight bytes at a time, the last eight
    // overlapping the block before; an escape may sit anywhere in such a
    // block, in the overlap, or in both, or in a text shorter than eight.
    for (char special : {'"', '\\', '\n', '\x1f', '\x01'}) {
        for (std::size_t length = 1; length <= 24; ++length) {
            for (std::size_t at = 0; at < length; ++at) {
                const std::string text = std::string(at, 'x') + special + "\xc3\xa9" + std::string(length - at - 1, 'x');
                for (const std::string& written : {text, text + special}) {
                    CallRecord r = full_record();
                    r.transcript = written;
                    const auto back = object(to_json(r));
                    REQUIRE(back.at("transcript").as_string() == written);
                }
            }
        }
    }
}

TEST_CASE("raw is written only when asked after the canonical fields") {
    const CallRecord r = full_record();
    CHECK(to_json(r).find("\"raw\"") == std::string::npos);
    const std::string with_raw = to_json(r, {.include_raw = true});
    CHECK(with_raw.ends_with(R"(,"currency":null,"raw":{"id":123,"extra_vendor_field":[1,2]}})"));
}

TEST_CASE("Canonical JSON reads back into the same record") {
    const CallRecord original = full_record();
    auto back = record_from_json(to_json(original, {.include_raw = true}));
    REQUIRE(back.has_value());
    CHECK(*back == original);

    CallRecord sparse;
    sparse.source = "s";
    sparse.provider = "talkover";
    sparse.id = "x";
    sparse.provider_status = "answered";
    sparse.status = CallStatus::in_progress;
    sparse.direction = Direction::inbound;
    sparse.is_test = true;
    auto sparse_back = record_from_json(to_json(sparse));
    REQUIRE(sparse_back.has_value());
    CHECK(*sparse_back == sparse);

    // append_json appends without disturbing what is there.
    std::string line = "prefix ";
    append_json(line, original);
    CHECK(line == "prefix " + to_json(original));
}

TEST_CASE("JSON numbers read as the correctly rounded double") {
    // Boost.JSON 1.81 alone gets the first two wrong.
    for (const char* text : {"2.1e-75", "99999999999099.09", "0.024444444444444444", "0.3", "-123.456",
                             "0.000000000000001", "1e22", "1.7976931348623157e308", "5e-324", "-0.0"}) {
        CAPTURE(text);
        boost::system::error_code ec;
        const boost::json::value v = detail::read_json(text, ec);
        REQUIRE_FALSE(ec);
        double exact = 0;
        std::from_chars(text, text + std::strlen(text), exact);
        CHECK(v.as_double() == exact);
    }
    boost::system::error_code ec;
    CHECK(detail::read_json(R"({"n":12,"u":18446744073709551615,"s":"x"})", ec) ==
          boost::json::parse(R"({"n":12,"u":18446744073709551615,"s":"x"})"));
    CHECK_FALSE(ec);
    CHECK(detail::read_json("{} x", ec).is_null());
    CHECK(ec == boost::json::error::extra_data);
    CHECK(detail::read_json("[1,", ec).is_null());
    CHECK(ec);
    boost::json::parse_options shallow;
    shallow.max_depth = 2;
    detail::read_json("[[[1]]]", ec, {}, shallow);
    CHECK(ec == boost::json::error::too_deep);
}

TEST_CASE("Numbers read correctly rounded so writing and reading again changes nothing") {
    // Found by fuzz_canonical_json: Boost.JSON 1.81 reads 2.1e-75 one unit in
    // the last place low, so each write and read moved the number.
    CallRecord r = full_record();
    r.variables = object(R"({"tiny":1})");
    r.variables["tiny"] = 2.1e-75;
    r.variables["rate"] = 0.024444444444444446;
    r.variables["big"] = 4.4444444444444444e+23;
    r.total_cost = Decimal::parse("0.024444444444444446");
    const std::string written = to_json(r, {.include_raw = true});
    auto back = record_from_json(written);
    REQUIRE(back.has_value());
    CHECK(back->variables.at("tiny").as_double() == 2.1e-75);
    CHECK(back->variables.at("rate").as_double() == 0.024444444444444446);
    CHECK(back->variables.at("big").as_double() == 4.4444444444444444e+23);
    CHECK(back->total_cost == r.total_cost);
    CHECK(*back == r);
    CHECK(to_json(*back, {.include_raw = true}) == written);
}

TEST_CASE("Reading canonical JSON names the field at fault") {
    auto json = object(to_json(full_record()));
    json["status"] = "done";
    auto bad_status = record_from_json(json);
    REQUIRE(bad_status.has_error());
    CHECK(bad_status.error().is(errc::malformed_response));
    CHECK(bad_status.error().details().field == "status");

    json = object(to_json(full_record()));
    json.erase("id");
    CHECK(record_from_json(json).error().details().field == "id");

    json = object(to_json(full_record()));
    json["created_at"] = "yesterday";
    CHECK(record_from_json(json).error().details().field == "created_at");

    json = object(to_json(full_record()));
    json["total_cost"] = "lots";
    CHECK(record_from_json(json).error().details().field == "total_cost");

    CHECK(record_from_json("[1,2]").error().is(errc::malformed_response));
    CHECK(record_from_json("{not json").error().is(errc::malformed_response));
}

}  // TEST_SUITE
