# libFuzzer targets for every reader of untrusted input, built only with
# clang and SCHEMAC_FUZZ (the ASan tree of `make test`). Each one runs for a
# short time in ctest on a copy of its seed corpus in the build tree
# (libFuzzer adds the inputs it finds to that copy); a failing input is
# written to fuzz/artifacts/ in the build tree. tests/fuzz/README.md says
# what each target reads and checks, and how to run it for longer.
# The front end runs 60 s; every other target SCHEMAC_FUZZ_SECONDS.
if(SCHEMAC_FUZZ AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  set(SCHEMAC_FUZZ_SECONDS 20 CACHE STRING "How long ctest runs each fuzz target but the front end's (seconds)")
  set(SCHEMAC_FUZZ_ARTIFACTS ${CMAKE_CURRENT_BINARY_DIR}/fuzz/artifacts)
  file(MAKE_DIRECTORY ${SCHEMAC_FUZZ_ARTIFACTS})

  # Coverage feedback from the code under test. The sanitizer runtimes that
  # every other test links in that build provide the coverage callbacks.
  if(SCHEMAC_SANITIZE)
    target_compile_options(schemac_core PRIVATE -fsanitize=fuzzer-no-link)
  endif()

  # schemac_fuzz_target(NAME SECONDS MAX_LEN CORPUS FIXTURE): the target, a
  # test that copies CORPUS (tests/fuzz/<CORPUS>) into the build tree, and
  # the run itself.
  function(schemac_fuzz_target name seconds max_len corpus fixture)
    add_executable(${name} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/${name}.c)
    target_compile_options(${name} PRIVATE ${SCHEMAC_WARNINGS} -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE schemac_core)
    set(copy ${CMAKE_CURRENT_BINARY_DIR}/fuzz/${corpus})
    add_test(NAME ${name}_corpus
             COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/${corpus} ${copy})
    set_tests_properties(${name}_corpus PROPERTIES FIXTURES_SETUP ${fixture} LABELS fuzz)
    add_test(NAME ${name}
             COMMAND ${name} -max_total_time=${seconds} -rss_limit_mb=2048 -max_len=${max_len} -timeout=10
                     -artifact_prefix=${SCHEMAC_FUZZ_ARTIFACTS}/${name}- ${copy})
    math(EXPR timeout "${seconds} + 300")
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED ${fixture} LABELS fuzz TIMEOUT ${timeout})
  endfunction()

  schemac_fuzz_target(fuzz_frontend 60 65536 corpus fuzz_corpus)
  schemac_fuzz_target(fuzz_migration_sql ${SCHEMAC_FUZZ_SECONDS} 16384 corpus_migration_sql fuzz_corpus_migration_sql)
  schemac_fuzz_target(fuzz_sqlscan ${SCHEMAC_FUZZ_SECONDS} 4096 corpus_sqlscan fuzz_corpus_sqlscan)
  schemac_fuzz_target(fuzz_snapshot ${SCHEMAC_FUZZ_SECONDS} 65536 corpus_snapshot fuzz_corpus_snapshot)
  schemac_fuzz_target(fuzz_sum ${SCHEMAC_FUZZ_SECONDS} 8192 corpus_sum fuzz_corpus_sum)
  schemac_fuzz_target(fuzz_history ${SCHEMAC_FUZZ_SECONDS} 8192 corpus_history fuzz_corpus_history)
  schemac_fuzz_target(fuzz_templates ${SCHEMAC_FUZZ_SECONDS} 16384 corpus_templates fuzz_corpus_templates)
  schemac_fuzz_target(fuzz_queries ${SCHEMAC_FUZZ_SECONDS} 8192 corpus_queries fuzz_corpus_queries)
  schemac_fuzz_target(fuzz_sqlc_config ${SCHEMAC_FUZZ_SECONDS} 8192 corpus_sqlc_config fuzz_corpus_sqlc_config)
  schemac_fuzz_target(fuzz_pg_ddl ${SCHEMAC_FUZZ_SECONDS} 8192 corpus_pg_ddl fuzz_corpus_pg_ddl)
  schemac_fuzz_target(fuzz_pull ${SCHEMAC_FUZZ_SECONDS} 65536 corpus_pull fuzz_corpus_pull)
endif()
