# libFuzzer target for the timestamp reader (runtime/src/timestamp.c: the
# text of timestamp columns, read through a statement's day memory and on
# its own), built only with clang and SCHEMAC_FUZZ. As for fuzz_url
# (url.cmake), the source under test is compiled into the target itself so
# it carries the coverage instrumentation; the rest of the runtime comes
# from the static library. ctest gives it a short run on a copy of the seed
# corpus (tests/fuzz/corpus_timestamp); a longer one, from the ASan tree:
#   mkdir -p /tmp/ts-corpus && cp tests/fuzz/corpus_timestamp/* /tmp/ts-corpus/
#   build-asan/tests/fuzz_timestamp -max_total_time=3600 -max_len=512 /tmp/ts-corpus
if(SCHEMAC_FUZZ AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  add_executable(fuzz_timestamp ${CMAKE_CURRENT_LIST_DIR}/fuzz_timestamp.c ${PROJECT_SOURCE_DIR}/runtime/src/timestamp.c)
  target_include_directories(fuzz_timestamp PRIVATE ${PROJECT_SOURCE_DIR}/runtime/include ${PROJECT_SOURCE_DIR}/runtime/src)
  target_compile_options(fuzz_timestamp PRIVATE ${SCHEMAC_WARNINGS} -fsanitize=fuzzer)
  target_link_options(fuzz_timestamp PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_timestamp PRIVATE schemac_runtime)

  set(SCHEMAC_FUZZ_TS_CORPUS ${CMAKE_CURRENT_BINARY_DIR}/fuzz/corpus_timestamp)
  add_test(NAME fuzz_timestamp_corpus
           COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_CURRENT_LIST_DIR}/corpus_timestamp ${SCHEMAC_FUZZ_TS_CORPUS})
  set_tests_properties(fuzz_timestamp_corpus PROPERTIES FIXTURES_SETUP fuzz_timestamp_corpus LABELS fuzz)
  add_test(NAME fuzz_timestamp
           COMMAND fuzz_timestamp -max_total_time=${SCHEMAC_FUZZ_SECONDS} -rss_limit_mb=1024 -max_len=512 -timeout=10
                   -artifact_prefix=${SCHEMAC_FUZZ_ARTIFACTS}/fuzz_timestamp- ${SCHEMAC_FUZZ_TS_CORPUS})
  set_tests_properties(fuzz_timestamp PROPERTIES FIXTURES_REQUIRED fuzz_timestamp_corpus LABELS fuzz TIMEOUT 320)
endif()
