# The generated query functions run against real rows on both engines
# (tests/queries/test_q_run.c): run/run.sql on SQLite and PostgreSQL, and
# run/pg/arrays.sql (PostgreSQL lists) on PostgreSQL, built through
# schemac_generate(QUERIES ...) like a user's project.
if(TARGET schemac_runtime)
  include(${PROJECT_SOURCE_DIR}/cmake/schemac_generate.cmake)
  set(QRUN_DIR ${CMAKE_CURRENT_LIST_DIR}/run)
  schemac_generate(TARGET q_run_db SCHEMA ${QRUN_DIR}/schema.prisma PREFIX qrun RUNTIME schemac_runtime
                   QUERIES ${QRUN_DIR}/run.sql ${QRUN_DIR}/typedsql)
  schemac_generate(TARGET q_run_pg_db SCHEMA ${QRUN_DIR}/pg/schema.prisma PREFIX qpg RUNTIME schemac_runtime
                   QUERIES ${QRUN_DIR}/pg)
  target_compile_options(q_run_db PRIVATE ${SCHEMAC_WARNINGS})
  target_compile_options(q_run_pg_db PRIVATE ${SCHEMAC_WARNINGS})
  set(QRUN_DDL "")
  foreach(d sqlite postgresql)
    set(ddl ${CMAKE_CURRENT_BINARY_DIR}/q_run_${d}.sql)
    add_custom_command(OUTPUT ${ddl}
      COMMAND $<TARGET_FILE:schemac> --no-color sql --dialect ${d} ${QRUN_DIR}/schema.prisma > ${ddl}
      DEPENDS ${QRUN_DIR}/schema.prisma schemac
      COMMENT "schemac sql --dialect ${d} (queries run)")
    list(APPEND QRUN_DDL ${ddl})
  endforeach()
  set(qpg_ddl ${CMAKE_CURRENT_BINARY_DIR}/q_run_pg_arrays.sql)
  add_custom_command(OUTPUT ${qpg_ddl}
    COMMAND $<TARGET_FILE:schemac> --no-color sql --dialect postgresql ${QRUN_DIR}/pg/schema.prisma > ${qpg_ddl}
    DEPENDS ${QRUN_DIR}/pg/schema.prisma schemac
    COMMENT "schemac sql (queries run, PostgreSQL lists)")
  add_custom_target(q_run_ddl ALL DEPENDS ${QRUN_DDL} ${qpg_ddl})
  schemac_unit_test(test_q_run_sqlite SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_q_run.c LIBS q_run_db q_run_pg_db
                    ARGS sqlite ${CMAKE_CURRENT_BINARY_DIR}/q_run_sqlite.sql VALGRIND LABELS queries)
  add_dependencies(test_q_run_sqlite q_run_ddl)
  schemac_unit_test(test_q_run_pg SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_q_run.c LIBS q_run_db q_run_pg_db
                    ARGS pg ${CMAKE_CURRENT_BINARY_DIR}/q_run_postgresql.sql ${qpg_ddl} PG VALGRIND LABELS queries)
  add_dependencies(test_q_run_pg q_run_ddl)
  # The generated PostgreSQL readers called directly (the test compiles the generated source itself).
  schemac_unit_test(test_q_pgread SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_q_pgread.c LIBS q_run_db
                    ARGS ${CMAKE_CURRENT_BINARY_DIR}/q_run_postgresql.sql PG VALGRIND LABELS queries)
  add_dependencies(test_q_pgread q_run_ddl)
endif()

# A sqlc project of our own, built unchanged by `schemac generate --sqlc` and run on both engines.
if(TARGET schemac_runtime)
  set(QSQLC_DIR ${CMAKE_CURRENT_LIST_DIR}/sqlc_run)
  set(QSQLC_OUT ${CMAKE_CURRENT_BINARY_DIR}/q_sqlc_generated)
  set(QSQLC_FILES ${QSQLC_OUT}/lite.c ${QSQLC_OUT}/lite_queries.c ${QSQLC_OUT}/pg.c ${QSQLC_OUT}/pg_queries.c)
  file(GLOB QSQLC_INPUTS CONFIGURE_DEPENDS ${QSQLC_DIR}/*.yaml ${QSQLC_DIR}/*.sql ${QSQLC_DIR}/schema/*/*.sql)
  add_custom_command(OUTPUT ${QSQLC_FILES}
    COMMAND $<TARGET_FILE:schemac> --no-color generate --sqlc ${QSQLC_DIR}/sqlc.yaml -o ${QSQLC_OUT}
    DEPENDS ${QSQLC_INPUTS} schemac
    COMMENT "schemac generate --sqlc (sqlc_run)")
  add_library(q_sqlc_db STATIC ${QSQLC_FILES})
  target_compile_options(q_sqlc_db PRIVATE ${SCHEMAC_WARNINGS})
  target_include_directories(q_sqlc_db PUBLIC ${QSQLC_OUT})
  target_link_libraries(q_sqlc_db PUBLIC schemac_runtime)
  schemac_unit_test(test_q_sqlc_sqlite SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_q_sqlc.c LIBS q_sqlc_db
                    ARGS sqlite ${QSQLC_DIR}/schema/sqlite/001_init.sql VALGRIND LABELS queries)
  schemac_unit_test(test_q_sqlc_pg SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_q_sqlc.c LIBS q_sqlc_db
                    ARGS pg ${QSQLC_DIR}/schema/postgresql/001_init.sql PG VALGRIND LABELS queries)
endif()
