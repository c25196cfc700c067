// The README's in-process mock, as a test would start it.

#include "in_process_mock.includes.inc"

#include <memory>

void readme_in_process_mock() {
#include "in_process_mock.body.inc"
}
