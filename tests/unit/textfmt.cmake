# textfmt: the formatter behind arena_printf and strbuf_printf writes what
# vsnprintf writes; strbuf's integer and literal appends; arena growth in place.
schemac_unit_test(test_textfmt SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_textfmt.c LIBS schemac_core VALGRIND)
