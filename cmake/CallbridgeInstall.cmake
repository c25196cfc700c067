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
