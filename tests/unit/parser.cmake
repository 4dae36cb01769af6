# The front end: lexer (re2c), grammar (lemon), AST construction and dump.
schemac_unit_test(test_lexer SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_lexer.c LIBS schemac_core VALGRIND)
schemac_unit_test(test_parser SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_parser.c LIBS schemac_core VALGRIND)
