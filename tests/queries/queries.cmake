# Typed SQL (generator/queries/): signatures of a wide query set on both
# databases and located errors, as golden files (golden.sh --update rewrites them).
add_test(NAME queries_golden COMMAND ${CMAKE_CURRENT_LIST_DIR}/golden.sh $<TARGET_FILE:schemac>)
set_tests_properties(queries_golden PROPERTIES LABELS queries)
