# Typed SQL (generator/queries/): signatures of a wide query set on both
# databases and located errors, as golden files (golden.sh --update rewrites them).
add_test(NAME queries_golden COMMAND ${CMAKE_CURRENT_LIST_DIR}/golden.sh $<TARGET_FILE:schemac>)
set_tests_properties(queries_golden PROPERTIES LABELS queries)
# --database-url: the queries against live databases built from their schema, then changed.
add_test(NAME queries_live_sqlite COMMAND ${CMAKE_CURRENT_LIST_DIR}/live.sh $<TARGET_FILE:schemac>
         ${CMAKE_CURRENT_BINARY_DIR}/tmp sqlite)
set_tests_properties(queries_live_sqlite PROPERTIES LABELS queries)
find_program(SCHEMAC_QUERIES_PSQL psql)
if(SCHEMAC_QUERIES_PSQL)
  add_test(NAME queries_live_postgresql COMMAND ${CMAKE_CURRENT_LIST_DIR}/live.sh $<TARGET_FILE:schemac>
           ${CMAKE_CURRENT_BINARY_DIR}/tmp postgresql ${SCHEMAC_PG_DIR}/url)
  set_tests_properties(queries_live_postgresql PROPERTIES LABELS queries FIXTURES_REQUIRED pg)
endif()
# schemac generate --queries from the command line: compiles under gcc and clang, clashes, list-outputs.
add_test(NAME queries_generate_cli COMMAND ${CMAKE_CURRENT_LIST_DIR}/qgen_cli.sh $<TARGET_FILE:schemac>
         ${PROJECT_SOURCE_DIR}/runtime/include)
set_tests_properties(queries_generate_cli PROPERTIES LABELS queries)
