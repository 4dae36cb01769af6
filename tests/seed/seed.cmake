# schemac seed (tests/seed/):
#   seed_cli_sqlite|postgresql  tests/seed/shop.prisma (a cycle, compound uniques, checks,
#       an enum, @version, @deletedAt, many-to-many): counts, every key, unique and check
#       verified by the database, the same rows for the same seed (on PostgreSQL: the
#       same as SQLite), errors; seed from the pulled schema of a hand-written database
add_test(NAME seed_cli_sqlite
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_seed.sh sqlite $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(seed_cli_sqlite PROPERTIES LABELS seed)
add_test(NAME seed_cli_postgresql
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_seed.sh postgresql $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp ${SCHEMAC_PG_DIR}/url)
set_tests_properties(seed_cli_postgresql PROPERTIES FIXTURES_REQUIRED pg LABELS seed)
