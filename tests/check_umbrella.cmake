# Fails when a public header is missing from the umbrella header.
# cmake -DINCLUDE_DIR=<dir> -P check_umbrella.cmake
file(READ "${INCLUDE_DIR}/callbridge/callbridge.hpp" umbrella)
file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/callbridge/*.hpp")
set(missing "")
foreach(header IN LISTS headers)
  # kit/*.hpp come through <callbridge/kit.hpp>.
  if(header MATCHES "^callbridge/kit/")
    file(READ "${INCLUDE_DIR}/callbridge/kit.hpp" kit_umbrella)
    if(NOT kit_umbrella MATCHES "#include <${header}>")
      list(APPEND missing ${header})
    endif()
  elseif(NOT header STREQUAL "callbridge/callbridge.hpp" AND NOT umbrella MATCHES "#include <${header}>")
    list(APPEND missing ${header})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "not in callbridge/callbridge.hpp: ${missing}")
endif()
