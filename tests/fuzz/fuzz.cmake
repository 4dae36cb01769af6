# libFuzzer target for the front end (lexer, grammar, sema), built only with
# clang and SCHEMAC_FUZZ. ctest runs it for 60 seconds on a copy of the seed
# corpus in the build tree (libFuzzer adds the inputs it finds to that copy).
if(SCHEMAC_FUZZ AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  add_executable(fuzz_frontend ${CMAKE_CURRENT_LIST_DIR}/fuzz_frontend.c)
  target_compile_options(fuzz_frontend PRIVATE ${SCHEMAC_WARNINGS} -fsanitize=fuzzer)
  target_link_options(fuzz_frontend PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_frontend PRIVATE schemac_core)
  # Coverage feedback from the code under test. The sanitizer runtimes that
  # every other test links in that build provide the coverage callbacks.
  if(SCHEMAC_SANITIZE)
    target_compile_options(schemac_core PRIVATE -fsanitize=fuzzer-no-link)
  endif()

  set(SCHEMAC_FUZZ_CORPUS ${CMAKE_CURRENT_BINARY_DIR}/fuzz/corpus)
  add_test(NAME fuzz_frontend_corpus
           COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_CURRENT_LIST_DIR}/corpus
                   ${SCHEMAC_FUZZ_CORPUS})
  set_tests_properties(fuzz_frontend_corpus PROPERTIES FIXTURES_SETUP fuzz_corpus LABELS fuzz)
  add_test(NAME fuzz_frontend
           COMMAND fuzz_frontend -max_total_time=60 -rss_limit_mb=2048 -max_len=65536
                   ${SCHEMAC_FUZZ_CORPUS})
  set_tests_properties(fuzz_frontend PROPERTIES FIXTURES_REQUIRED fuzz_corpus LABELS fuzz
                       TIMEOUT 300)
endif()
