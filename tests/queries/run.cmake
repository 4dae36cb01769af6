# The generated query functions run against real rows on both engines
# (tests/queries/test_q_run.c): run/run.sql on SQLite and PostgreSQL, and
# run/pg/arrays.sql (PostgreSQL lists) on PostgreSQL, built through
# schemac_generate(QUERIES ...) like a user's project.
if(TARGET schemac_runtime)
  include(${PROJECT_SOURCE_DIR}/cmake/schemac_generate.cmake)
  set(QRUN_DIR ${CMAKE_CURRENT_LIST_DIR}/run)
  schemac_generate(TARGET q_run_db SCHEMA ${QRUN_DIR}/schema.prisma PREFIX qrun RUNTIME schemac_runtime
                   QUERIES ${QRUN_DIR}/run.sql)
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
endif()
