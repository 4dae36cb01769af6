schemac_unit_test(test_diag SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_diag.c LIBS schemac_core)
