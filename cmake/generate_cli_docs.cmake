# cmake -DCLI=<callbridge> -DOUT_DIR=<dir> -P generate_cli_docs.cmake
# Writes the bash and zsh completions and the man page, each made by the
# command from its own option tree (`callbridge generate bash|zsh|man`).
foreach(pair "bash;callbridge.bash" "zsh;_callbridge" "man;callbridge.1")
  list(GET pair 0 what)
  list(GET pair 1 file)
  execute_process(COMMAND ${CLI} generate ${what} OUTPUT_FILE ${OUT_DIR}/${file}.tmp RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "`callbridge generate ${what}` failed: ${status}")
  endif()
  file(RENAME ${OUT_DIR}/${file}.tmp ${OUT_DIR}/${file})
endforeach()
