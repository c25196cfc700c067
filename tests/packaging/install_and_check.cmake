# cmake -DBUILD_DIR= -DWORK_DIR= -DLIBDIR= -DCXX= -DPROGRAM= -DVERSION= -P install_and_check.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}"
                RESULT_VARIABLE installed OUTPUT_QUIET)
if(NOT installed EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${installed})")
endif()

foreach(file
    bin/callbridge
    ${LIBDIR}/pkgconfig/callbridge.pc
    share/doc/callbridge/LICENSE
    share/doc/callbridge/CHANGELOG.md
    share/bash-completion/completions/callbridge
    share/zsh/site-functions/_callbridge
    share/man/man1/callbridge.1)
  if(NOT EXISTS "${prefix}/${file}")
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
file(READ "${prefix}/share/doc/callbridge/LICENSE" license)
if(NOT license MATCHES "^Boost Software License - Version 1.0")
  message(FATAL_ERROR "LICENSE is not the Boost Software License 1.0")
endif()

# The installed completion loads in bash.
execute_process(COMMAND bash --norc -c "source '${prefix}/share/bash-completion/completions/callbridge' && complete -p callbridge"
                RESULT_VARIABLE loaded OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT loaded EQUAL 0 OR NOT out MATCHES "-F _callbridge callbridge" OR NOT err STREQUAL "")
  message(FATAL_ERROR "the installed bash completion does not load: ${out}${err}")
endif()

# pkg-config, from the prefix's file only.
set(ENV{PKG_CONFIG_PATH} "${prefix}/${LIBDIR}/pkgconfig")
execute_process(COMMAND pkg-config --modversion callbridge OUTPUT_VARIABLE modversion OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE found)
if(NOT found EQUAL 0 OR NOT modversion STREQUAL VERSION)
  message(FATAL_ERROR "pkg-config --modversion callbridge: '${modversion}', expected ${VERSION}")
endif()
execute_process(COMMAND pkg-config --cflags --libs callbridge OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE found)
if(NOT found EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs callbridge failed")
endif()
# The paths are relative to the .pc file (relocatable): they must lead to
# the prefix's include and lib directories.
string(REGEX MATCH "-I([^ ]+)" include_flag "${flags}")
set(include_dir "${CMAKE_MATCH_1}")
string(REGEX MATCH "-L([^ ]+)" lib_flag "${flags}")
set(lib_dir "${CMAKE_MATCH_1}")
file(REAL_PATH "${include_dir}" include_dir)
file(REAL_PATH "${lib_dir}" lib_dir)
file(REAL_PATH "${prefix}" real_prefix)
if(NOT include_dir STREQUAL "${real_prefix}/include" OR NOT lib_dir STREQUAL "${real_prefix}/${LIBDIR}")
  message(FATAL_ERROR "pkg-config does not point into the prefix: ${flags}")
endif()
separate_arguments(flag_list UNIX_COMMAND "${flags}")
separate_arguments(build_flags UNIX_COMMAND "${CXX_FLAGS}")
execute_process(COMMAND ${CXX} -std=c++20 ${build_flags} ${PROGRAM} ${flag_list} -o "${WORK_DIR}/hello_callbridge"
                RESULT_VARIABLE built OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "building with `pkg-config --cflags --libs callbridge` failed:\n${CXX} ${flags}\n${out}${err}")
endif()
execute_process(COMMAND "${WORK_DIR}/hello_callbridge" RESULT_VARIABLE ran OUTPUT_VARIABLE out)
if(NOT ran EQUAL 0 OR NOT out MATCHES "^callbridge ${VERSION} id,status\r?\n$")
  message(FATAL_ERROR "the program built with pkg-config printed '${out}' (${ran})")
endif()
message(STATUS "pkg-config: ${flags}")
