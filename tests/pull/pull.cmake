# schemac pull (tests/pull/):
#   pull_roundtrip_sqlite|postgresql  every schema of tests/ir/schemas, tests/corpus,
#       tests/cgen/schemas and tests/pull/schemas: DDL -> database -> pull -> a schema
#       that checks and builds the same catalog; hand-written DDL (tests/pull/sql) pulls
#       into a schema that checks
#   pull_cli_sqlite|postgresql        the command: output file, --schema keeping names,
#       comments and order, migrate baseline on a pulled database, errors
add_executable(pull_roundtrip ${CMAKE_CURRENT_LIST_DIR}/pull_roundtrip.c)
target_compile_options(pull_roundtrip PRIVATE ${SCHEMAC_WARNINGS})
target_include_directories(pull_roundtrip PRIVATE ${SCHEMAC_TEST_DIR}/support)
target_link_libraries(pull_roundtrip PRIVATE schemac_core PkgConfig::CMOCKA)

set(SCHEMAC_PULL_ENV "SCHEMAC_TEST_DATA=${SCHEMAC_TEST_DIR}" "SCHEMAC_TEST_TMP=${CMAKE_CURRENT_BINARY_DIR}/tmp")
add_test(NAME pull_roundtrip_sqlite COMMAND pull_roundtrip sqlite)
set_tests_properties(pull_roundtrip_sqlite PROPERTIES ENVIRONMENT "${SCHEMAC_PULL_ENV}" LABELS pull)
add_test(NAME pull_roundtrip_postgresql COMMAND pull_roundtrip postgresql)
set_tests_properties(pull_roundtrip_postgresql PROPERTIES
  ENVIRONMENT "${SCHEMAC_PULL_ENV};SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url" FIXTURES_REQUIRED pg LABELS pull)
add_test(NAME pull_cli_sqlite
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_pull.sh sqlite $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(pull_cli_sqlite PROPERTIES LABELS pull)
add_test(NAME pull_cli_postgresql
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_pull.sh postgresql $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp ${SCHEMAC_PG_DIR}/url)
set_tests_properties(pull_cli_postgresql PROPERTIES FIXTURES_REQUIRED pg LABELS pull)
add_test(NAME pull_handwritten_sqlite
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_handwritten.sh sqlite $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(pull_handwritten_sqlite PROPERTIES LABELS pull)
add_test(NAME pull_handwritten_postgresql
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_handwritten.sh postgresql $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp ${SCHEMAC_PG_DIR}/url)
set_tests_properties(pull_handwritten_postgresql PROPERTIES FIXTURES_REQUIRED pg LABELS pull)
