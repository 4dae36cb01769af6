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
