# Installs the built project into a fresh prefix, builds examples/testing (a
# separate project that tests its own code with callbridge::testing and
# callbridge::mock) against that prefix alone, and runs its tests: the
# fixture client, a recording made by the installed `callbridge list
# --record` from the mock, and the in-process mock.
# cmake -DBUILD_DIR= -DSOURCE_DIR= -DWORK_DIR= [-DCXX_FLAGS= -DLINKER_FLAGS=] -P consumer_build.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix"
                RESULT_VARIABLE installed OUTPUT_QUIET)
if(NOT installed EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${installed})")
endif()
foreach(header callbridge/testing/fixture_http_client.hpp callbridge/testing/conformance.hpp
               callbridge/testing/doctest.hpp callbridge/mock/vendor_mock.hpp)
  if(NOT EXISTS "${WORK_DIR}/prefix/include/${header}")
    message(FATAL_ERROR "the install prefix has no ${header}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/testing" -B "${WORK_DIR}/testing"
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
                        # A sanitized callbridge needs a sanitized consumer.
                        "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}"
                RESULT_VARIABLE configured OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "configuring examples/testing against the prefix failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/testing"
                RESULT_VARIABLE built OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "building examples/testing against the prefix failed:\n${out}\n${err}")
endif()
execute_process(COMMAND "${WORK_DIR}/testing/call_report_tests"
                RESULT_VARIABLE passed OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT passed EQUAL 0)
  message(FATAL_ERROR "examples/testing's tests failed:\n${out}\n${err}")
endif()
