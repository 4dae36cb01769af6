# Migrations: the engine without a database (diff, plans, safety, folder
# format, SHA-256), and the runner against SQLite files and the PostgreSQL
# fixture cluster (apply, rollback, status, check, baseline, concurrency,
# crash recovery, a long scripted evolution).
schemac_unit_test(test_migrate_unit SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_migrate_unit.c LIBS schemac_core
                  VALGRIND LABELS migrate)
# The second argument is the schemac binary: the lock and drift tests check its exit codes and messages too.
schemac_unit_test(test_migrate_sqlite SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_migrate_db.c LIBS schemac_core
                  ARGS sqlite $<TARGET_FILE:schemac> LABELS migrate)
schemac_unit_test(test_migrate_postgres SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_migrate_db.c LIBS schemac_core
                  ARGS postgresql $<TARGET_FILE:schemac> PG LABELS migrate)
add_test(NAME migrate_cli COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_migrate.sh $<TARGET_FILE:schemac>
         ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(migrate_cli PROPERTIES LABELS migrate)
# The blog example's migration history (examples/blog/migrations/<database>) on a fresh database of each kind.
add_test(NAME migrate_example_blog_sqlite
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/example_blog.sh $<TARGET_FILE:schemac> ${PROJECT_SOURCE_DIR}/examples/blog
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp sqlite)
set_tests_properties(migrate_example_blog_sqlite PROPERTIES LABELS "migrate;example")
find_program(SCHEMAC_MIGRATE_PSQL psql)
if(SCHEMAC_MIGRATE_PSQL)
  add_test(NAME migrate_example_blog_postgresql
           COMMAND ${CMAKE_CURRENT_LIST_DIR}/example_blog.sh $<TARGET_FILE:schemac> ${PROJECT_SOURCE_DIR}/examples/blog
                   ${CMAKE_CURRENT_BINARY_DIR}/tmp postgresql ${SCHEMAC_PG_DIR}/url)
  set_tests_properties(migrate_example_blog_postgresql PROPERTIES LABELS "migrate;example" FIXTURES_REQUIRED pg)
endif()
