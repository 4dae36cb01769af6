# The schema model, DDL and introspection (tests/ir/).
#   test_ir               unit tests: JSON form, comparison, DDL pieces, default parsing
#   test_ir_lower         lowering from in-memory schemas: implicit names, actions, join tables
#   ir_golden             tests/ir/schemas/*.prisma -> expected/*.{ir.json,sqlite.sql,postgresql.sql}
#                         (regenerate: build/tests/ir_schemas golden --update, then review the diff)
#   ir_roundtrip_sqlite   apply our DDL to fresh SQLite files, introspect, compare
#   ir_roundtrip_postgres the same on fresh databases of the throwaway cluster
#   ir_oracle_*           the same with Prisma Migrate's DDL (only where node and the oracle exist)
set(SCHEMAC_IR_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})

schemac_unit_test(test_ir SOURCES ${SCHEMAC_IR_TEST_DIR}/test_ir.c LIBS schemac_core VALGRIND LABELS ir)
schemac_unit_test(test_ir_lower SOURCES ${SCHEMAC_IR_TEST_DIR}/test_ir_lower.c LIBS schemac_core VALGRIND LABELS ir)
schemac_unit_test(test_ir_introspect SOURCES ${SCHEMAC_IR_TEST_DIR}/test_ir_introspect.c
                  LIBS schemac_core PG LABELS ir)

add_executable(ir_schemas ${SCHEMAC_IR_TEST_DIR}/ir_schemas.c)
target_compile_options(ir_schemas PRIVATE ${SCHEMAC_WARNINGS})
target_include_directories(ir_schemas PRIVATE ${SCHEMAC_TEST_DIR}/support)
target_link_libraries(ir_schemas PRIVATE schemac_core PkgConfig::CMOCKA)

set(SCHEMAC_IR_ENV "SCHEMAC_TEST_DATA=${SCHEMAC_TEST_DIR}" "SCHEMAC_TEST_TMP=${CMAKE_CURRENT_BINARY_DIR}/tmp")
add_test(NAME ir_golden COMMAND ir_schemas golden)
add_test(NAME ir_roundtrip_sqlite COMMAND ir_schemas sqlite)
add_test(NAME ir_roundtrip_postgres COMMAND ir_schemas postgresql)
set_tests_properties(ir_golden ir_roundtrip_sqlite PROPERTIES ENVIRONMENT "${SCHEMAC_IR_ENV}" LABELS ir)
set_tests_properties(ir_roundtrip_postgres PROPERTIES
  ENVIRONMENT "${SCHEMAC_IR_ENV};SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url"
  FIXTURES_REQUIRED pg LABELS ir)
# Names past PostgreSQL's 63 bytes through migrations: applied, then `migrate check` finds no
# drift (the database's cut names matched to the schema's, columns in order), and the C compiles.
add_test(NAME ir_migrate_long_names_pg
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/corpus/roundtrip.sh $<TARGET_FILE:schemac>
                 ${PROJECT_SOURCE_DIR}/runtime/include ${CMAKE_CURRENT_BINARY_DIR}/tmp/migrate_long_names_pg
                 ${SCHEMAC_IR_TEST_DIR}/schemas/long_names_cut_pg.prisma postgresql full ${CMAKE_C_COMPILER})
set_tests_properties(ir_migrate_long_names_pg PROPERTIES
  ENVIRONMENT "SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url" FIXTURES_REQUIRED pg LABELS "ir;migrate")

# Prisma's own engine as the judge of the Prisma-compatible schemas, where it
# is available: SCHEMAC_PRISMA_DDL names a command that prints the DDL Prisma
# Migrate writes for a schema (it needs node). It is tried once at configure
# time (its first run may install the engine), and the tests exist only when
# that works, so a machine without it still runs everything else.
find_program(SCHEMAC_NODE node)
set(SCHEMAC_PRISMA_DDL "${PROJECT_SOURCE_DIR}/../shared/prisma-oracle/prisma-ddl" CACHE FILEPATH
    "Command printing Prisma Migrate's DDL for a schema (optional, for compatibility tests)")
set(SCHEMAC_ORACLE_OK FALSE)
if(SCHEMAC_NODE AND EXISTS "${SCHEMAC_PRISMA_DDL}")
  execute_process(COMMAND "${SCHEMAC_PRISMA_DDL}" ${SCHEMAC_IR_TEST_DIR}/schemas/scalars_sqlite.prisma
                  RESULT_VARIABLE _oracle_rc OUTPUT_QUIET ERROR_QUIET TIMEOUT 300)
  if(_oracle_rc EQUAL 0)
    set(SCHEMAC_ORACLE_OK TRUE)
  else()
    message(STATUS "Prisma DDL oracle not usable (${_oracle_rc}): compatibility tests skipped")
  endif()
endif()
if(SCHEMAC_ORACLE_OK)
  add_test(NAME ir_oracle_sqlite COMMAND ir_schemas oracle-sqlite)
  add_test(NAME ir_oracle_postgres COMMAND ir_schemas oracle-postgresql)
  set_tests_properties(ir_oracle_sqlite PROPERTIES ENVIRONMENT "${SCHEMAC_IR_ENV};SCHEMAC_PRISMA_DDL=${SCHEMAC_PRISMA_DDL}" LABELS "ir;oracle")
  set_tests_properties(ir_oracle_postgres PROPERTIES
    ENVIRONMENT "${SCHEMAC_IR_ENV};SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url;SCHEMAC_PRISMA_DDL=${SCHEMAC_PRISMA_DDL}"
    FIXTURES_REQUIRED pg LABELS "ir;oracle")
endif()

# The two commands, end to end.
set(SCHEMAC_IR_SCHEMAS ${SCHEMAC_IR_TEST_DIR}/schemas)
add_test(NAME ir_cli_sql_sqlite
         COMMAND schemac sql --dialect sqlite ${SCHEMAC_IR_SCHEMAS}/one_to_one.prisma)
set_tests_properties(ir_cli_sql_sqlite PROPERTIES LABELS ir
  PASS_REGULAR_EXPRESSION "CONSTRAINT \"Profile_userId_fkey\" FOREIGN KEY \\(\"userId\"\\) REFERENCES \"User\" \\(\"id\"\\) ON DELETE RESTRICT ON UPDATE CASCADE")
add_test(NAME ir_cli_sql_default_dialect COMMAND schemac sql ${SCHEMAC_IR_SCHEMAS}/enums_pg.prisma)
set_tests_properties(ir_cli_sql_default_dialect PROPERTIES LABELS ir
  PASS_REGULAR_EXPRESSION "CREATE TYPE \"user_role\" AS ENUM \\('USER', 'administrator', 'GUEST'\\);")
add_test(NAME ir_cli_ir COMMAND schemac ir ${SCHEMAC_IR_SCHEMAS}/one_to_many.prisma)
set_tests_properties(ir_cli_ir PROPERTIES LABELS ir
  PASS_REGULAR_EXPRESSION "\"doc\": \"A person who writes.\"")
add_test(NAME ir_cli_bad_dialect COMMAND schemac sql --dialect oracle ${SCHEMAC_IR_SCHEMAS}/one_to_many.prisma)
set_tests_properties(ir_cli_bad_dialect PROPERTIES LABELS ir WILL_FAIL TRUE)
add_test(NAME ir_cli_missing_path COMMAND schemac ir)
set_tests_properties(ir_cli_missing_path PROPERTIES LABELS ir WILL_FAIL TRUE)
