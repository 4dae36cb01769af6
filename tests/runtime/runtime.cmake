# Runtime (libschemac) tests. Registered VALGRIND so the normal build runs
# them under valgrind; PG where they use the shared fixture cluster.
set(RT ${CMAKE_CURRENT_LIST_DIR})

schemac_unit_test(test_rt_unit SOURCES ${RT}/test_rt_unit.c
                  LIBS schemac_runtime VALGRIND LABELS runtime)
schemac_unit_test(test_rt_sqlite SOURCES ${RT}/test_rt_engine.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_pg SOURCES ${RT}/test_rt_engine.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)
# The same tests calling the library for everything (SC_NO_INLINE): the
# exported sc_stmt_* functions, as bindings from other languages use them.
schemac_unit_test(test_rt_sqlite_noinline SOURCES ${RT}/test_rt_engine.c
                  LIBS schemac_runtime_shared ARGS sqlite LABELS runtime)
target_compile_definitions(test_rt_sqlite_noinline PRIVATE SC_NO_INLINE)
schemac_unit_test(test_rt_pool SOURCES ${RT}/test_rt_pool.c
                  LIBS schemac_runtime PG VALGRIND LABELS runtime)
# Stress: modest sizes, since valgrind serialises threads.
schemac_unit_test(test_rt_stress_sqlite SOURCES ${RT}/test_rt_stress.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite 4 20 2 LABELS runtime)
schemac_unit_test(test_rt_stress_pg SOURCES ${RT}/test_rt_stress.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg 6 20 3 LABELS runtime)

# The stress and timeout tests again under ThreadSanitizer. TSan cannot
# share a process with ASan or valgrind, and the normal build's compiler may
# be gcc, so clang builds these binaries (runtime sources included) on their own.
find_program(SCHEMAC_CLANG NAMES clang clang-14)
if(SCHEMAC_CLANG AND NOT SCHEMAC_SANITIZE)
  file(GLOB RT_TSAN_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/runtime/src/*.c)
  set(RT_TSAN_INCLUDES)
  foreach(d ${PROJECT_SOURCE_DIR}/runtime/include ${SCHEMAC_TEST_DIR}/support
            ${SQLITE3_INCLUDE_DIRS} ${LIBPQ_INCLUDE_DIRS} ${CMOCKA_INCLUDE_DIRS})
    list(APPEND RT_TSAN_INCLUDES -I${d})
  endforeach()
  # schemac_tsan_test(NAME SOURCE ARGS...): NAME_sqlite and NAME_pg, each run as BIN ENGINE ARGS...
  function(schemac_tsan_test name src)
    set(bin ${CMAKE_CURRENT_BINARY_DIR}/${name})
    add_custom_command(
      OUTPUT ${bin}
      COMMAND ${SCHEMAC_CLANG} -std=c11 -O1 -g -fsanitize=thread -fno-omit-frame-pointer
              ${SCHEMAC_WARNINGS} -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE ${RT_TSAN_INCLUDES}
              ${RT_TSAN_SOURCES} ${src} -o ${bin}
              ${SQLITE3_LINK_LIBRARIES} ${LIBPQ_LINK_LIBRARIES} ${CMOCKA_LINK_LIBRARIES} -lpthread
      DEPENDS ${RT_TSAN_SOURCES} ${src} ${RT}/rt_test.h
      COMMENT "clang -fsanitize=thread ${name}"
      COMMAND_EXPAND_LISTS VERBATIM)
    add_custom_target(${name}_bin ALL DEPENDS ${bin})
    foreach(engine sqlite pg)
      add_test(NAME ${name}_${engine} COMMAND ${bin} ${engine} ${ARGN})
      set(env "SCHEMAC_TEST_TMP=${CMAKE_CURRENT_BINARY_DIR}/tmp"
              "TSAN_OPTIONS=halt_on_error=1 exitcode=66 second_deadlock_stack=1")
      if(engine STREQUAL "pg")
        list(APPEND env "SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url")
        set_tests_properties(${name}_${engine} PROPERTIES FIXTURES_REQUIRED pg)
      endif()
      set_tests_properties(${name}_${engine} PROPERTIES ENVIRONMENT "${env}"
                           LABELS "runtime;tsan")
    endforeach()
  endfunction()
  schemac_tsan_test(test_rt_stress_tsan ${RT}/test_rt_stress.c 8 100 3 tsan)
  schemac_tsan_test(test_rt_timeout_tsan ${RT}/test_rt_timeout.c timeout_tsan)
endif()

# Statement timeouts and cancellation (schemac/conn.h), on both engines.
schemac_unit_test(test_rt_timeout_sqlite SOURCES ${RT}/test_rt_timeout.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_timeout_pg SOURCES ${RT}/test_rt_timeout.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)

# PostgreSQL restart in the middle of work, on the test's own cluster.
schemac_unit_test(test_rt_fault SOURCES ${RT}/test_rt_fault.c
                  LIBS schemac_runtime VALGRIND LABELS runtime)
set_tests_properties(test_rt_fault PROPERTIES TIMEOUT 120)

# The helpers of generated code: JSON arrays, array parameters, SQL text,
# fetching, create_many and batch loaders (schemac/array.h, sql.h, rows.h).
schemac_unit_test(test_rt_gen_sqlite SOURCES ${RT}/test_rt_gen.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_gen_pg SOURCES ${RT}/test_rt_gen.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)

# PostgreSQL typed reads: every reader against every column class of the fast
# path and the generic one, text and binary results, with and without a hook.
schemac_unit_test(test_rt_pgread SOURCES ${RT}/test_rt_pgread.c
                  LIBS schemac_runtime PG VALGRIND LABELS runtime)

# The hot-path additions (binds without a copy, inline timestamp bind, cached BEGIN/COMMIT).
schemac_unit_test(test_rt_fastpath SOURCES ${RT}/test_rt_fastpath.c
                  LIBS schemac_runtime VALGRIND LABELS runtime)

# Rows described by sc_field tables (schemac/fields.h), on both engines.
schemac_unit_test(test_rt_fields_sqlite SOURCES ${RT}/test_rt_fields.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_fields_pg SOURCES ${RT}/test_rt_fields.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)

# A model's own PostgreSQL reader (sc_model.read_pg) and fetch_one's one-function path, on both engines.
schemac_unit_test(test_rt_pg_reader_sqlite SOURCES ${RT}/test_rt_pg_reader.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_pg_reader_pg SOURCES ${RT}/test_rt_pg_reader.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)

# schemac/query.h (typed queries: COPY text, :exec results, copy and batches) on both engines.
schemac_unit_test(test_rt_query_sqlite SOURCES ${RT}/test_rt_query.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_query_pg SOURCES ${RT}/test_rt_query.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)

# schemac/batch.h (create_many by COPY, pipelines of inserts and updates) on both engines.
schemac_unit_test(test_rt_batch_sqlite SOURCES ${RT}/test_rt_batch.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_batch_pg SOURCES ${RT}/test_rt_batch.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)

# A pool over a primary and a streaming replica, then a failover, on the
# test's own pair of servers (tests/support/pg_replica.sh).
schemac_unit_test(test_rt_replica SOURCES ${RT}/test_rt_replica.c
                  LIBS schemac_runtime VALGRIND LABELS runtime)
set_tests_properties(test_rt_replica PROPERTIES TIMEOUT 240)

# The runtime through PgBouncer in transaction pooling mode, started by the
# test in front of the fixture cluster (tests/support/pgbouncer.sh).
find_program(SCHEMAC_PGBOUNCER pgbouncer PATHS /usr/sbin)
if(SCHEMAC_PGBOUNCER)
  schemac_unit_test(test_rt_pgbouncer SOURCES ${RT}/test_rt_pgbouncer.c
                    LIBS schemac_runtime PG VALGRIND LABELS runtime)
else()
  message(WARNING "pgbouncer not found: test_rt_pgbouncer is not built (scripts/setup.sh installs it)")
endif()
