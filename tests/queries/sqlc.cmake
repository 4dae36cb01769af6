# sqlc projects (tests/queries/): sqlc.yaml read as sqlc reads it, SQL DDL
# schemas made into the model, `schemac queries --sqlc`.
#   test_sqlc_config     configuration: every key, errors located, paths, naming
#   test_sqlc_ddl        SQL DDL -> model: PostgreSQL round trip on the cluster,
#                        SQLite rebuilt from the model, domains, views, errors
#   sqlc_golden          `schemac --format json queries --sqlc` against
#                        tests/queries/expected/ (regenerate: sqlc_golden.sh SCHEMAC --update,
#                        then review the diff)
#   sqlc_cli             the command line: errors and exit codes
set(SCHEMAC_SQLC_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
schemac_unit_test(test_sqlc_config SOURCES ${SCHEMAC_SQLC_TEST_DIR}/test_sqlc_config.c LIBS schemac_core VALGRIND
                  LABELS queries)
schemac_unit_test(test_sqlc_ddl SOURCES ${SCHEMAC_SQLC_TEST_DIR}/test_sqlc_ddl.c LIBS schemac_core PG LABELS queries)
add_test(NAME sqlc_golden COMMAND sh ${SCHEMAC_SQLC_TEST_DIR}/sqlc_golden.sh $<TARGET_FILE:schemac>)
add_test(NAME sqlc_cli COMMAND sh ${SCHEMAC_SQLC_TEST_DIR}/sqlc_cli.sh $<TARGET_FILE:schemac>)
set_tests_properties(sqlc_golden sqlc_cli PROPERTIES LABELS queries)
