# `cmake --install` puts the headers, the libraries and a package config in
# place, so that consumers can `find_package(callbridge)` and link
# `callbridge::callbridge` (and `callbridge::sync` to keep a store in sync).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS callbridge callbridge_plugin callbridge_sync callbridge_testing EXPORT callbridgeTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/callbridge DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/testing/include/callbridge/testing
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/callbridge)
install(FILES ${PROJECT_BINARY_DIR}/generated/include/callbridge/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/callbridge)
install(EXPORT callbridgeTargets
  NAMESPACE callbridge::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/callbridge)

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/callbridgeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/callbridgeConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/callbridge)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/callbridgeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/callbridgeConfig.cmake
  ${PROJECT_BINARY_DIR}/callbridgeConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/callbridge)

# pkg-config: callbridge.pc, for builds that do not use CMake
# (`pkg-config --cflags --libs callbridge`). A static libcallbridge needs
# its dependencies on the link line, so they are in Libs; a shared one
# carries them itself, so they are only in Libs.private.
set(pc_dl "")
foreach(lib IN LISTS CMAKE_DL_LIBS)
  string(APPEND pc_dl " -l${lib}")
endforeach()
set(pc_dependencies "$<TARGET_LINKER_FILE:Boost::json> $<TARGET_LINKER_FILE:Boost::url> \
$<TARGET_LINKER_FILE:OpenSSL::SSL> $<TARGET_LINKER_FILE:OpenSSL::Crypto> $<TARGET_LINKER_FILE:date::date-tz> -pthread${pc_dl}")
if(BUILD_SHARED_LIBS)
  set(CALLBRIDGE_PC_LIBS "")
  set(CALLBRIDGE_PC_LIBS_PRIVATE " ${pc_dependencies}")
else()
  set(CALLBRIDGE_PC_LIBS " ${pc_dependencies}")
  set(CALLBRIDGE_PC_LIBS_PRIVATE "")
endif()
# Boost's headers, where they are not in the compiler's default path.
set(CALLBRIDGE_PC_CFLAGS "$<$<NOT:$<STREQUAL:$<TARGET_PROPERTY:Boost::headers,INTERFACE_INCLUDE_DIRECTORIES>,/usr/include>>: -I$<JOIN:$<TARGET_PROPERTY:Boost::headers,INTERFACE_INCLUDE_DIRECTORIES>, -I>>")
# From <prefix>/<libdir>/pkgconfig back up to the prefix.
file(RELATIVE_PATH CALLBRIDGE_PC_UP /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" CALLBRIDGE_PC_UP "${CALLBRIDGE_PC_UP}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/callbridge.pc.in ${PROJECT_BINARY_DIR}/callbridge.pc.in @ONLY)
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/callbridge.pc INPUT ${PROJECT_BINARY_DIR}/callbridge.pc.in)
install(FILES ${PROJECT_BINARY_DIR}/callbridge.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The licence and the change log, where packagers look for them.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
