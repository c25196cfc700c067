# Warnings for every target of ours; dependencies come in as SYSTEM includes.
function(callbridge_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough
    # Designated initializers leave members at their defaults on purpose.
    -Wno-missing-field-initializers
    # GCC 12 false positives when optimising: std::string copies reported as
    # overlapping (GCC bug 105329), std::optional members as uninitialised
    # (GCC bug 80635), Asio's coroutine frames, which bring their own
    # operator new and delete, as mismatched.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict -Wno-maybe-uninitialized -Wno-mismatched-new-delete>)
  if(CALLBRIDGE_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
