# Packaging, from a fresh install prefix: the licence, the change log, the
# completions and the man page in place, and a tiny program built with
# nothing but `pkg-config --cflags --libs callbridge` (and the build's own
# compiler flags: a sanitized library needs a sanitized program).
set(packaging_work_dir ${CMAKE_CURRENT_BINARY_DIR}/packaging)
add_test(NAME packaging_pkg_config_from_fresh_prefix
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DWORK_DIR=${packaging_work_dir}
          -DLIBDIR=${CMAKE_INSTALL_LIBDIR} -DCXX=${CMAKE_CXX_COMPILER} "-DCXX_FLAGS=${CMAKE_CXX_FLAGS}"
          -DPROGRAM=${CMAKE_CURRENT_SOURCE_DIR}/packaging/hello_callbridge.cpp -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/packaging/install_and_check.cmake)
set_tests_properties(packaging_pkg_config_from_fresh_prefix PROPERTIES LABELS packaging TIMEOUT 600)
