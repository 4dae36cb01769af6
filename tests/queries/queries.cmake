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

# schemac_generate(QUERIES folder) from the installed package: adding or
# deleting a query file (or a schema file of a SCHEMA folder) regenerates, an
# unchanged build never does, and a schema's `queries` setting without
# QUERIES is refused before link time; schemac_generate_sqlc() builds a sqlc
# project (tests/queries/cmake_sqlc), runs it on SQLite and regenerates when
# a query file or migration comes or goes.
if(TARGET schemac_runtime)
  set(q_cmake_flags "")
  if(SCHEMAC_SANITIZE)
    set(q_cmake_flags "-fsanitize=address,undefined -fno-omit-frame-pointer")
  endif()
  add_test(NAME queries_cmake_files
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cmake_files.sh ${PROJECT_BINARY_DIR} ${CMAKE_C_COMPILER} "${q_cmake_flags}")
  set_tests_properties(queries_cmake_files PROPERTIES LABELS queries
    ENVIRONMENT "SCHEMAC_TEST_TMP=${PROJECT_BINARY_DIR}/tests/tmp")
endif()
