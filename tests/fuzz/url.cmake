# libFuzzer target for the database URL parser (runtime/src/url.c), built only
# with clang and SCHEMAC_FUZZ. The parser's sources are compiled into the
# target itself, so they carry the coverage instrumentation. ctest gives it a
# short run on a copy of the seed corpus (tests/fuzz/corpus_url); a longer
# one, from the ASan build tree:
#   mkdir -p /tmp/url-corpus && cp tests/fuzz/corpus_url/* /tmp/url-corpus/
#   build-asan/tests/fuzz_url -max_total_time=3600 -max_len=512 /tmp/url-corpus
if(SCHEMAC_FUZZ AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  add_executable(fuzz_url ${CMAKE_CURRENT_LIST_DIR}/fuzz_url.c
                 ${PROJECT_SOURCE_DIR}/runtime/src/url.c ${PROJECT_SOURCE_DIR}/runtime/src/errors.c)
  target_include_directories(fuzz_url PRIVATE ${PROJECT_SOURCE_DIR}/runtime/include
                             ${PROJECT_SOURCE_DIR}/runtime/src)
  target_compile_options(fuzz_url PRIVATE ${SCHEMAC_WARNINGS} -fsanitize=fuzzer)
  target_link_options(fuzz_url PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_url PRIVATE PkgConfig::SQLITE3 PkgConfig::LIBPQ)

  set(SCHEMAC_FUZZ_URL_CORPUS ${CMAKE_CURRENT_BINARY_DIR}/fuzz/corpus_url)
  add_test(NAME fuzz_url_corpus
           COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_CURRENT_LIST_DIR}/corpus_url
                   ${SCHEMAC_FUZZ_URL_CORPUS})
  set_tests_properties(fuzz_url_corpus PROPERTIES FIXTURES_SETUP fuzz_url_corpus LABELS fuzz)
  add_test(NAME fuzz_url
           COMMAND fuzz_url -max_total_time=30 -rss_limit_mb=1024 -max_len=512
                   ${SCHEMAC_FUZZ_URL_CORPUS})
  set_tests_properties(fuzz_url PROPERTIES FIXTURES_REQUIRED fuzz_url_corpus LABELS fuzz TIMEOUT 200)
endif()
