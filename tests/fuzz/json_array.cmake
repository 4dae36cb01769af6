# libFuzzer target for the runtime's readers of list columns and SQL text
# (runtime/src/array.c, runtime/src/sql.c: JSON arrays, placeholders,
# multi-row INSERTs), built only with clang and SCHEMAC_FUZZ. As for
# fuzz_url (url.cmake), the sources under test are compiled into the target
# itself so they carry the coverage instrumentation; the rest of the runtime
# comes from the static library. ctest gives it a short run on a copy of the
# seed corpus (tests/fuzz/corpus_json_array); a longer one, from the ASan
# build tree:
#   mkdir -p /tmp/json-corpus && cp tests/fuzz/corpus_json_array/* /tmp/json-corpus/
#   build-asan/tests/fuzz_json_array -max_total_time=3600 -max_len=4096 /tmp/json-corpus
if(SCHEMAC_FUZZ AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  add_executable(fuzz_json_array ${CMAKE_CURRENT_LIST_DIR}/fuzz_json_array.c
                 ${PROJECT_SOURCE_DIR}/runtime/src/array.c ${PROJECT_SOURCE_DIR}/runtime/src/sql.c)
  target_include_directories(fuzz_json_array PRIVATE ${PROJECT_SOURCE_DIR}/runtime/include
                             ${PROJECT_SOURCE_DIR}/runtime/src)
  target_compile_options(fuzz_json_array PRIVATE ${SCHEMAC_WARNINGS} -fsanitize=fuzzer)
  target_link_options(fuzz_json_array PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_json_array PRIVATE schemac_runtime)

  set(SCHEMAC_FUZZ_JSON_CORPUS ${CMAKE_CURRENT_BINARY_DIR}/fuzz/corpus_json_array)
  add_test(NAME fuzz_json_array_corpus
           COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_CURRENT_LIST_DIR}/corpus_json_array
                   ${SCHEMAC_FUZZ_JSON_CORPUS})
  set_tests_properties(fuzz_json_array_corpus PROPERTIES FIXTURES_SETUP fuzz_json_array_corpus LABELS fuzz)
  add_test(NAME fuzz_json_array
           COMMAND fuzz_json_array -max_total_time=${SCHEMAC_FUZZ_SECONDS} -rss_limit_mb=1024 -max_len=4096
                   -timeout=10 -artifact_prefix=${SCHEMAC_FUZZ_ARTIFACTS}/fuzz_json_array- ${SCHEMAC_FUZZ_JSON_CORPUS})
  set_tests_properties(fuzz_json_array PROPERTIES FIXTURES_REQUIRED fuzz_json_array_corpus LABELS fuzz TIMEOUT 320)
endif()
