// Built against an install prefix with `pkg-config --cflags --libs
// callbridge` only: headers found, the library and its dependencies linked.
#include <callbridge/record_writer.hpp>
#include <callbridge/version.hpp>

#include <iostream>
#include <sstream>

int main() {
    const auto format = callbridge::parse_output_format("csv");
    if (!format) return 1;
    std::ostringstream csv;
    callbridge::make_record_writer(*format, csv, {.columns = {"id", "status"}});
    std::cout << "callbridge " << callbridge::version_string << " " << csv.str();
    return 0;
}
