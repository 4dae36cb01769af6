# fmt: layout rules, idempotence, and round trips of the golden fmt inputs.
# The corpus (tests/corpus/corpus.cmake) runs the same binary on its schemas.
schemac_unit_test(test_fmt SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fmt.c LIBS schemac_core VALGRIND
                  LABELS fmt)
