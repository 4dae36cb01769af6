# sema: semantic checks on inline schemas (annotations, relations, diagnostics).
schemac_unit_test(test_sema SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sema.c LIBS schemac_core VALGRIND)
