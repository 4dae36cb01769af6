# Tests of `schemac generate`: golden generated code, the generated code
# compiled by gcc and clang with warnings as errors, and integration programs
# that call every generated function on SQLite and PostgreSQL.

# The embedded templates (a no-op once generator/CMakeLists.txt includes it).
include(${PROJECT_SOURCE_DIR}/generator/cgen/templates.cmake)

set(CGEN_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CGEN_RUNTIME_INCLUDE ${PROJECT_SOURCE_DIR}/runtime/include)

# The generator's pieces: names, literals, templates, refusals.
schemac_unit_test(test_cgen_unit SOURCES ${CGEN_DIR}/test_cgen_unit.c LIBS schemac_core VALGRIND LABELS cgen)

# Golden generated code: tests/cgen/golden.sh SCHEMAC --update rewrites it.
add_test(NAME cgen_golden COMMAND sh ${CGEN_DIR}/golden.sh $<TARGET_FILE:schemac>)
set_tests_properties(cgen_golden PROPERTIES LABELS cgen)

# The generated code compiles cleanly under both compilers.
find_program(CGEN_GCC gcc)
find_program(CGEN_CLANG clang)
foreach(cc ${CGEN_GCC} ${CGEN_CLANG})
  get_filename_component(ccname ${cc} NAME)
  foreach(case "blog;${PROJECT_SOURCE_DIR}/examples/blog/schema.prisma"
               "kitchen;${CGEN_DIR}/schemas/kitchen.prisma"
               "itest;${CGEN_DIR}/schemas/itest.prisma"
               "wide;${CGEN_DIR}/schemas/wide.prisma"
               "lists;${CGEN_DIR}/schemas/lists.prisma"
               "names;${CGEN_DIR}/schemas/names.prisma")
    list(GET case 0 prefix)
    list(GET case 1 schema)
    add_test(NAME cgen_compile_${ccname}_${prefix}
             COMMAND sh ${CGEN_DIR}/compile.sh $<TARGET_FILE:schemac> ${cc} ${CGEN_RUNTIME_INCLUDE} ${schema} ${prefix})
    set_tests_properties(cgen_compile_${ccname}_${prefix} PROPERTIES LABELS cgen)
  endforeach()
  # The same schemas split into one source per model.
  foreach(case "kitchen;${CGEN_DIR}/schemas/kitchen.prisma" "lists;${CGEN_DIR}/schemas/lists.prisma"
               "names;${CGEN_DIR}/schemas/names.prisma")
    list(GET case 0 prefix)
    list(GET case 1 schema)
    add_test(NAME cgen_compile_${ccname}_${prefix}_split
             COMMAND sh ${CGEN_DIR}/compile.sh $<TARGET_FILE:schemac> ${cc} ${CGEN_RUNTIME_INCLUDE} ${schema} ${prefix} --split)
    set_tests_properties(cgen_compile_${ccname}_${prefix}_split PROPERTIES LABELS cgen)
  endforeach()
endforeach()

# `generate` writes nothing when the output would not change, and
# `--templates DIR` replaces the built-in templates.
add_test(NAME cgen_cli COMMAND sh ${CGEN_DIR}/cli.sh $<TARGET_FILE:schemac>)
set_tests_properties(cgen_cli PROPERTIES LABELS cgen)

# Integration: the generated code of schemas/itest.prisma on SQLite and on
# PostgreSQL, built through schemac_generate() like a user's project.
if(TARGET schemac_runtime)
  include(${PROJECT_SOURCE_DIR}/cmake/schemac_generate.cmake)
  schemac_generate(TARGET cgen_itest_db SCHEMA ${CGEN_DIR}/schemas/itest.prisma PREFIX itest
                   RUNTIME schemac_runtime)
  target_compile_options(cgen_itest_db PRIVATE ${SCHEMAC_WARNINGS})
  foreach(d sqlite postgresql)
    set(ddl ${CMAKE_CURRENT_BINARY_DIR}/cgen_itest_${d}.sql)
    add_custom_command(OUTPUT ${ddl}
      COMMAND $<TARGET_FILE:schemac> --no-color sql --dialect ${d} ${CGEN_DIR}/schemas/itest.prisma > ${ddl}
      DEPENDS ${CGEN_DIR}/schemas/itest.prisma schemac
      COMMENT "schemac sql --dialect ${d} itest.prisma")
    list(APPEND CGEN_ITEST_DDL ${ddl})
  endforeach()
  add_custom_target(cgen_itest_ddl ALL DEPENDS ${CGEN_ITEST_DDL})
  schemac_unit_test(test_cgen_db_sqlite SOURCES ${CGEN_DIR}/test_cgen_db.c LIBS cgen_itest_db
                    ARGS sqlite ${CMAKE_CURRENT_BINARY_DIR}/cgen_itest_sqlite.sql VALGRIND LABELS cgen)
  schemac_unit_test(test_cgen_db_pg SOURCES ${CGEN_DIR}/test_cgen_db.c LIBS cgen_itest_db
                    ARGS pg ${CMAKE_CURRENT_BINARY_DIR}/cgen_itest_postgresql.sql PG VALGRIND LABELS cgen)
  add_dependencies(test_cgen_db_sqlite cgen_itest_ddl)
  # The batch functions (create_many by COPY, create_many_ids and update_many in a pipeline) on both engines.
  schemac_unit_test(test_cgen_batch_sqlite SOURCES ${CGEN_DIR}/test_cgen_batch.c LIBS cgen_itest_db
                    ARGS sqlite ${CMAKE_CURRENT_BINARY_DIR}/cgen_itest_sqlite.sql VALGRIND LABELS cgen)
  schemac_unit_test(test_cgen_batch_pg SOURCES ${CGEN_DIR}/test_cgen_batch.c LIBS cgen_itest_db
                    ARGS pg ${CMAKE_CURRENT_BINARY_DIR}/cgen_itest_postgresql.sql PG VALGRIND LABELS cgen)
  add_dependencies(test_cgen_batch_sqlite cgen_itest_ddl)

  # A schema's generated library, its DDL for DIALECT, and test_cgen_NAME run against that DDL
  # (PostgreSQL: on the test cluster).
  function(cgen_schema_test name prefix dialect)
    schemac_generate(TARGET cgen_${name}_db SCHEMA ${CGEN_DIR}/schemas/${name}.prisma PREFIX ${prefix} RUNTIME schemac_runtime)
    target_compile_options(cgen_${name}_db PRIVATE ${SCHEMAC_WARNINGS})
    set(ddl ${CMAKE_CURRENT_BINARY_DIR}/cgen_${name}_${dialect}.sql)
    add_custom_command(OUTPUT ${ddl}
      COMMAND $<TARGET_FILE:schemac> --no-color sql --dialect ${dialect} ${CGEN_DIR}/schemas/${name}.prisma > ${ddl}
      DEPENDS ${CGEN_DIR}/schemas/${name}.prisma schemac
      COMMENT "schemac sql --dialect ${dialect} ${name}.prisma")
    add_custom_target(cgen_${name}_ddl ALL DEPENDS ${ddl})
    set(pg)
    if(dialect STREQUAL "postgresql")
      set(pg PG)
    endif()
    schemac_unit_test(test_cgen_${name} SOURCES ${CGEN_DIR}/test_cgen_${name}.c LIBS cgen_${name}_db
                      ARGS ${ddl} ${pg} VALGRIND LABELS cgen)
    add_dependencies(test_cgen_${name} cgen_${name}_ddl)
  endfunction()

  # Statements longer than a C string literal: kept in pieces, joined at run time.
  cgen_schema_test(wide wide sqlite)
  # PostgreSQL scalar lists.
  cgen_schema_test(lists lists postgresql)
  # Models in two PostgreSQL schemas (multi-schema): every statement qualified with its schema.
  cgen_schema_test(mschema ms postgresql)
endif()

# The installed product as a new user meets it: `cmake --install` into a
# temporary prefix, then a separate project using find_package(schemac) +
# schemac_generate(), and the same program built through pkg-config.
if(TARGET schemac_runtime)
  set(cgen_consumer_flags "")
  if(SCHEMAC_SANITIZE)
    set(cgen_consumer_flags "-fsanitize=address,undefined -fno-omit-frame-pointer")
  endif()
  add_test(NAME cgen_installed_consumer
           COMMAND sh ${CGEN_DIR}/consumer.sh ${PROJECT_BINARY_DIR} ${CMAKE_C_COMPILER} "${cgen_consumer_flags}")
  set_tests_properties(cgen_installed_consumer PROPERTIES LABELS cgen
    ENVIRONMENT "SCHEMAC_TEST_TMP=${PROJECT_BINARY_DIR}/tests/tmp")
  # A schema split into one source per model (schemac_generate SPLIT ON) from
  # the installed package: it builds, its integration test passes on both
  # engines, and adding or removing a model re-lists the sources.
  add_test(NAME cgen_split_consumer
           COMMAND sh ${CGEN_DIR}/split.sh ${PROJECT_BINARY_DIR} ${CMAKE_C_COMPILER} "${cgen_consumer_flags}")
  set_tests_properties(cgen_split_consumer PROPERTIES LABELS cgen FIXTURES_REQUIRED pg TIMEOUT 600
    ENVIRONMENT "SCHEMAC_TEST_TMP=${PROJECT_BINARY_DIR}/tests/tmp;SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url")
endif()
