# Tests of `schemac diagram` (tests/diagram/):
#   test_diagram     unit tests: cardinality, Mermaid and HTML escaping, types, whole small diagrams
#   diagram_golden   Mermaid and DOT of the blog example and tests/ir schemas against golden/
#                    (regenerate: cmake --build build --target update-diagram-golden, then review;
#                    where graphviz is installed, every DOT output must also lay out cleanly)
#   diagram_cli      formats, dialects, and bad input reported exactly as `schemac sql` reports it
set(SCHEMAC_DIAGRAM_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})

schemac_unit_test(test_diagram SOURCES ${SCHEMAC_DIAGRAM_TEST_DIR}/test_diagram.c LIBS schemac_core VALGRIND
                  LABELS diagram)

add_test(NAME diagram_golden COMMAND sh ${SCHEMAC_DIAGRAM_TEST_DIR}/golden.sh $<TARGET_FILE:schemac>)
add_test(NAME diagram_cli COMMAND sh ${SCHEMAC_DIAGRAM_TEST_DIR}/cli.sh $<TARGET_FILE:schemac>)
set_tests_properties(diagram_golden diagram_cli PROPERTIES LABELS diagram)
add_custom_target(update-diagram-golden
  COMMAND sh ${SCHEMAC_DIAGRAM_TEST_DIR}/golden.sh $<TARGET_FILE:schemac> --update
  DEPENDS schemac
  COMMENT "regenerating tests/diagram/golden/")
