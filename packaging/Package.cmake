# `cmake --install` and a Debian package (`cpack -G DEB` in the build
# directory): the tools under bin/, the plugin's two libraries together
# under lib/kthread-tidy/ (kthread-tidy.so loads the checks from its own
# directory), the documentation under share/doc/kthread-tidy/.
include(GNUInstallDirs)
install(TARGETS kthread-audit kthread-check kthread-clangd RUNTIME DESTINATION bin)
install(TARGETS kthread-tidy kthread-tidy-checks
        LIBRARY DESTINATION lib/kthread-tidy)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The plugin runs only in the clang-tidy it was built against, and the tools
# link that libclang-cpp: depend on exactly those versions.
function(kthread_installed_version Package Out)
  execute_process(COMMAND dpkg-query -W -f=\${Version} ${Package}
                  OUTPUT_VARIABLE Version RESULT_VARIABLE Failed
                  ERROR_QUIET)
  if(Failed OR Version STREQUAL "")
    message(FATAL_ERROR "${Package} is not installed (dpkg-query): the "
                        "package must depend on the version built against")
  endif()
  set(${Out} "${Version}" PARENT_SCOPE)
endfunction()
kthread_installed_version(clang-tidy-19 KTHREAD_CLANG_TIDY_VERSION)
kthread_installed_version(libclang-cpp19 KTHREAD_LIBCLANG_VERSION)
kthread_installed_version(libsqlite3-0 KTHREAD_SQLITE_VERSION)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kthread-tidy)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "kthread-tidy maintainers <kthread-tidy@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "static checks for misuse of the Linux kthread API (clang-tidy 19)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "clang-tidy-19 (= ${KTHREAD_CLANG_TIDY_VERSION}), libclang-cpp19 (= ${KTHREAD_LIBCLANG_VERSION}), libsqlite3-0 (>= ${KTHREAD_SQLITE_VERSION}), libclang-common-19-dev")
include(CPack)
