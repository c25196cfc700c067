# Fails when a test case name holds a character doctest's filters treat
# specially (, ; * ?): ctest runs each test by name, and such a name would
# run the wrong tests or none. cmake -DTESTS_DIR=<dir> -P check_test_names.cmake
file(GLOB_RECURSE sources "${TESTS_DIR}/*.cpp")
set(bad "")
foreach(source IN LISTS sources)
  file(STRINGS "${source}" lines REGEX "TEST_CASE\\(\"")
  foreach(line IN LISTS lines)
    if(line MATCHES "TEST_CASE\\(\"[^\"]*[,;*?][^\"]*\"")
      list(APPEND bad "${line}")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "test names with , ; * or ?:\n${bad}")
endif()
