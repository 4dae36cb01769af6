# The SQL token scanner (migration sections and statements, SQL text from
# schemas), the model validator behind snapshots, and comment escaping.
schemac_unit_test(test_sqlscan SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sqlscan.c LIBS schemac_core VALGRIND
                  LABELS migrate)
