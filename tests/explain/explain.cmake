# schemac explain (tests/explain/): findings on missing.prisma, none on fixed.prisma, on
# in-memory SQLite and on the PostgreSQL test server (a scratch schema, rolled back).
add_test(NAME explain_cli_sqlite
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_explain.sh sqlite $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(explain_cli_sqlite PROPERTIES LABELS explain)
add_test(NAME explain_cli_postgresql
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_explain.sh postgresql $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp ${SCHEMAC_PG_DIR}/url)
set_tests_properties(explain_cli_postgresql PROPERTIES FIXTURES_REQUIRED pg LABELS explain)
# A loader's statement longer than one C literal (kept in pieces at file scope, shared by
# load_kids and load_kids_ptrs): found, planned and reported under the loader's name.
add_test(NAME explain_wide_loader
         COMMAND schemac --no-color explain ${CMAKE_CURRENT_LIST_DIR}/wide_loader.prisma --prefix wide)
set_tests_properties(explain_wide_loader PROPERTIES LABELS explain
  PASS_REGULAR_EXPRESSION "wide_parent_load_kids: full scan of Kid \\(full-scan\\)")
