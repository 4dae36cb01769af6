# The statement cache and call sites at their edges (test_rt_cache_edges.c),
# on SQLite (with and without a hook) and PostgreSQL, under valgrind.
schemac_unit_test(test_rt_cache_edges_sqlite SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_rt_cache_edges.c
                  LIBS schemac_runtime VALGRIND ARGS sqlite LABELS runtime)
schemac_unit_test(test_rt_cache_edges_pg SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_rt_cache_edges.c
                  LIBS schemac_runtime PG VALGRIND ARGS pg LABELS runtime)
