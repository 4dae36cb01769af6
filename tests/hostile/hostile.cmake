# The hostile-schema test (#11): the strings of tests/hostile/cases in every
# place a schema holds text, through check, sql, generate, migrate diff and
# migrate apply, on SQLite and on the PostgreSQL test cluster. Refused strings
# must be refused with a located error and nothing written; accepted ones must
# give exactly the intended catalog, C that compiles under gcc and clang, and
# a program on that C that stores and reads them back (test_hostile.c).
add_executable(test_hostile ${CMAKE_CURRENT_LIST_DIR}/test_hostile.c)
target_compile_options(test_hostile PRIVATE ${SCHEMAC_WARNINGS})
target_include_directories(test_hostile PRIVATE ${SCHEMAC_TEST_DIR}/support)
target_link_libraries(test_hostile PRIVATE schemac_runtime PkgConfig::JANSSON)

find_program(HOSTILE_GCC gcc)
find_program(HOSTILE_CLANG clang)
# The round-trip program links the runtime as built: with the sanitizers in the ASan tree.
set(hostile_link_flags "")
if(SCHEMAC_SANITIZE)
  set(hostile_link_flags "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all")
endif()
foreach(engine sqlite postgresql)
  add_test(NAME hostile_${engine}
           COMMAND test_hostile ${engine} $<TARGET_FILE:schemac> ${CMAKE_CURRENT_LIST_DIR}/cases
                   ${CMAKE_CURRENT_BINARY_DIR}/tmp/hostile_${engine} ${PROJECT_SOURCE_DIR}/runtime/include
                   $<TARGET_FILE:schemac_runtime_shared> ${CMAKE_C_COMPILER} "${hostile_link_flags}"
                   ${HOSTILE_GCC} ${HOSTILE_CLANG})
  set_tests_properties(hostile_${engine} PROPERTIES LABELS "hostile;migrate;cgen")
  if(engine STREQUAL "postgresql")
    set_tests_properties(hostile_${engine} PROPERTIES FIXTURES_REQUIRED pg
                         ENVIRONMENT "SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url")
  endif()
endforeach()
