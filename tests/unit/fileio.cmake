# fileio: the reader of user files (regular files only, never blocking,
# capped) and the all-or-nothing writer of output files.
schemac_unit_test(test_fileio SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fileio.c LIBS schemac_core VALGRIND)
