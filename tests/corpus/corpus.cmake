# The corpus: realistic schemas that must pass `schemac check` and survive a
# `schemac fmt` round trip (same tree, idempotent). One test of each kind
# per schema. The ~300-model schema is generated into the build tree by
# gen_large.sh first (fixture corpus_large). The corpus is formatted except
# ecommerce.prisma, kept as typed by hand so the round trip realigns columns.
set(SCHEMAC_CORPUS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(SCHEMAC_CORPUS_OUT ${CMAKE_CURRENT_BINARY_DIR}/corpus)
file(MAKE_DIRECTORY ${SCHEMAC_CORPUS_OUT})

add_test(NAME corpus_generate_large
         COMMAND ${SCHEMAC_CORPUS_DIR}/gen_large.sh ${SCHEMAC_CORPUS_OUT}/large.prisma)
set_tests_properties(corpus_generate_large PROPERTIES FIXTURES_SETUP corpus_large LABELS corpus)

# schemac_corpus_schema(NAME PATH [FIXTURE f])
function(schemac_corpus_schema name path)
  cmake_parse_arguments(C "" "FIXTURE" "" ${ARGN})
  add_test(NAME corpus_check_${name} COMMAND $<TARGET_FILE:schemac> check ${path})
  add_test(NAME corpus_fmt_${name} COMMAND $<TARGET_FILE:test_fmt> ${path})
  foreach(t corpus_check_${name} corpus_fmt_${name})
    set_tests_properties(${t} PROPERTIES LABELS corpus)
    if(C_FIXTURE)
      set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED ${C_FIXTURE})
    endif()
  endforeach()
endfunction()

file(GLOB SCHEMAC_CORPUS_FILES CONFIGURE_DEPENDS ${SCHEMAC_CORPUS_DIR}/*.prisma)
foreach(f ${SCHEMAC_CORPUS_FILES})
  get_filename_component(n ${f} NAME_WE)
  schemac_corpus_schema(${n} ${f})
endforeach()
# Multi-file schemas: every folder below tests/corpus.
file(GLOB SCHEMAC_CORPUS_DIRS LIST_DIRECTORIES true ${SCHEMAC_CORPUS_DIR}/*)
foreach(d ${SCHEMAC_CORPUS_DIRS})
  if(IS_DIRECTORY ${d})
    get_filename_component(n ${d} NAME)
    schemac_corpus_schema(${n} ${d})
  endif()
endforeach()
schemac_corpus_schema(large ${SCHEMAC_CORPUS_OUT}/large.prisma FIXTURE corpus_large)

# The blog example must check clean and already be formatted.
schemac_corpus_schema(example_blog ${CMAKE_SOURCE_DIR}/examples/blog/schema.prisma)
add_test(NAME corpus_fmt_check_example_blog
         COMMAND $<TARGET_FILE:schemac> fmt --check ${CMAKE_SOURCE_DIR}/examples/blog/schema.prisma)
set_tests_properties(corpus_fmt_check_example_blog PROPERTIES LABELS corpus)

# Round trips (roundtrip.sh): check, the migration applies to a fresh database
# with no drift afterwards, and the generated C compiles under the build's
# compiler and clang (when present) at -std=c11 and -std=gnu11 with -Werror.
# The schemas are real-application-shaped folders of gen_app.sh (subfolders,
# extensions, models without @id, names that collide in C, names beyond
# ASCII): a small one compiled source by source, a split one and a large
# PostgreSQL one compiled as one unit (syntax only) to keep the run short.
find_program(CORPUS_CLANG clang)
set(corpus_ccs ${CMAKE_C_COMPILER})
if(CORPUS_CLANG AND NOT CMAKE_C_COMPILER MATCHES "clang")
  list(APPEND corpus_ccs ${CORPUS_CLANG})
endif()
# schemac_corpus_roundtrip(NAME ENGINE MODE GEN_ARGS|PATH)
function(schemac_corpus_roundtrip name engine mode source)
  set(work ${SCHEMAC_CORPUS_OUT}/rt_${name})
  if(source MATCHES "^gen:")
    string(REGEX REPLACE "^gen:" "" areas ${source})
    set(path ${SCHEMAC_CORPUS_OUT}/app_${name})
    set(prep "bash ${SCHEMAC_CORPUS_DIR}/gen_app.sh ${path} ${engine} ${areas} && ")
  else()
    set(path ${source})
    set(prep "")
  endif()
  string(REPLACE ";" " " ccs "${corpus_ccs}")
  add_test(NAME corpus_roundtrip_${name}
           COMMAND bash -c "${prep}bash ${SCHEMAC_CORPUS_DIR}/roundtrip.sh $<TARGET_FILE:schemac> ${PROJECT_SOURCE_DIR}/runtime/include ${work} ${path} ${engine} ${mode} ${ccs}")
  set_tests_properties(corpus_roundtrip_${name} PROPERTIES LABELS "corpus;cgen;migrate")
  if(engine STREQUAL "postgresql")
    set_tests_properties(corpus_roundtrip_${name} PROPERTIES FIXTURES_REQUIRED pg
                         ENVIRONMENT "SCHEMAC_TEST_PG_URLFILE=${SCHEMAC_PG_DIR}/url")
  endif()
endfunction()
schemac_corpus_roundtrip(app_sqlite sqlite full gen:3)
schemac_corpus_roundtrip(app_sqlite_split sqlite unity gen:8)
schemac_corpus_roundtrip(app_postgresql postgresql unity gen:25)
schemac_corpus_roundtrip(tracker postgresql full ${SCHEMAC_CORPUS_DIR}/tracker)
# Integer defaults at the limits of their types (the C of *_init()).
schemac_corpus_roundtrip(limits sqlite full ${SCHEMAC_CORPUS_DIR}/limits.prisma)
