# Warnings for every target of ours; dependencies come in as SYSTEM includes.
function(callbridge_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough)
  if(CALLBRIDGE_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
