# `schemac lint` (generator/intel/lint.c, generator/cli/cli_lint.c; rules in docs/lint.md).
#   test_lint      unit tests: every rule triggered and not, positions, ignore comments
#   lint_golden    tests/lint/cases/*.prisma -> .expected (exit code, stdout, stderr),
#                  plus the usage errors. Regenerate after an intended change:
#                  cmake --build build --target update-lint-golden (then review the diff)
#   lint_corpus_*  every corpus schema and the blog example lint without errors (exit 0),
#                  for its own datasource and for PostgreSQL
schemac_unit_test(test_lint SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_lint.c LIBS schemac_core VALGRIND LABELS lint)

add_test(NAME lint_golden COMMAND ${CMAKE_CURRENT_LIST_DIR}/lint_golden.sh $<TARGET_FILE:schemac>)
set_tests_properties(lint_golden PROPERTIES LABELS lint)
add_custom_target(update-lint-golden
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/lint_golden.sh $<TARGET_FILE:schemac> --update
  DEPENDS schemac
  COMMENT "regenerating tests/lint/cases/*.expected")

file(GLOB SCHEMAC_LINT_CORPUS CONFIGURE_DEPENDS ${SCHEMAC_TEST_DIR}/corpus/*.prisma)
list(APPEND SCHEMAC_LINT_CORPUS ${SCHEMAC_TEST_DIR}/corpus/tracker ${CMAKE_SOURCE_DIR}/examples/blog/schema.prisma)
foreach(f ${SCHEMAC_LINT_CORPUS})
  get_filename_component(n ${f} NAME_WE)
  add_test(NAME lint_corpus_${n} COMMAND $<TARGET_FILE:schemac> lint ${f})
  add_test(NAME lint_corpus_${n}_postgresql COMMAND $<TARGET_FILE:schemac> lint --dialect postgresql ${f})
  set_tests_properties(lint_corpus_${n} lint_corpus_${n}_postgresql PROPERTIES LABELS "lint;corpus")
endforeach()
