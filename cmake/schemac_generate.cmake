# schemac_generate.cmake - build generated C code as part of a CMake build.
#
#   include(schemac_generate)
#   schemac_generate(TARGET blog_db SCHEMA schema.prisma PREFIX blog
#                    [OUTPUT_DIR dir] [TEMPLATES dir] [RUNTIME target] [SCHEMAC path])
#
# Runs `schemac generate` at build time and declares the static library
# TARGET from the generated PREFIX.c, with PREFIX.h on its public include
# path and the schemac runtime linked publicly. The step re-runs only when
# the schema (a file, or every .prisma file of a folder), a template or the
# schemac binary changes; schemac leaves unchanged output untouched, so an
# edit that does not change the generated code recompiles nothing.
#
# Inside the schemac source tree the `schemac` executable target and the
# runtime target are used. Installed (find_package(schemac) includes this
# file as lib/cmake/schemac/schemacGenerate.cmake), schemac is the one in the
# same prefix's bin/, then on PATH, or given with SCHEMAC; RUNTIME names the
# runtime library target to link (default schemac::runtime).
include_guard(GLOBAL)

# Where this file lives: in an installed package, <prefix>/lib/cmake/schemac.
set(_SCHEMAC_GENERATE_DIR ${CMAKE_CURRENT_LIST_DIR})

function(schemac_generate)
  cmake_parse_arguments(G "" "TARGET;SCHEMA;PREFIX;OUTPUT_DIR;TEMPLATES;RUNTIME;SCHEMAC" "" ${ARGN})
  if(NOT G_TARGET OR NOT G_SCHEMA OR NOT G_PREFIX)
    message(FATAL_ERROR "schemac_generate: TARGET, SCHEMA and PREFIX are required")
  endif()
  if(G_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "schemac_generate: unknown arguments ${G_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(schema ${G_SCHEMA} ABSOLUTE)
  if(NOT G_OUTPUT_DIR)
    set(G_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/${G_TARGET}_generated)
  endif()
  file(MAKE_DIRECTORY ${G_OUTPUT_DIR})

  # The compiler: an explicit path, this build's target, or the installed one.
  set(tool_dep "")
  if(G_SCHEMAC)
    set(tool ${G_SCHEMAC})
    set(tool_dep ${G_SCHEMAC})
  elseif(TARGET schemac)
    set(tool $<TARGET_FILE:schemac>)
    set(tool_dep schemac)
  else()
    # The schemac installed next to this package wins over one on PATH.
    find_program(SCHEMAC_EXECUTABLE schemac REQUIRED
                 HINTS ${_SCHEMAC_GENERATE_DIR}/../../../bin ${_SCHEMAC_GENERATE_DIR}/../../bin)
    set(tool ${SCHEMAC_EXECUTABLE})
    set(tool_dep ${SCHEMAC_EXECUTABLE})
  endif()

  if(IS_DIRECTORY ${schema})
    file(GLOB inputs CONFIGURE_DEPENDS ${schema}/*.prisma)
  else()
    set(inputs ${schema})
  endif()
  set(extra "")
  if(G_TEMPLATES)
    get_filename_component(tpl ${G_TEMPLATES} ABSOLUTE)
    file(GLOB tpl_files CONFIGURE_DEPENDS ${tpl}/*.tpl)
    list(APPEND inputs ${tpl_files})
    set(extra --templates ${tpl})
  endif()

  set(header ${G_OUTPUT_DIR}/${G_PREFIX}.h)
  set(source ${G_OUTPUT_DIR}/${G_PREFIX}.c)
  set(stamp ${G_OUTPUT_DIR}/${G_PREFIX}.stamp)
  # The stamp carries the dependency; the sources are byproducts whose
  # timestamps only move when their content does.
  add_custom_command(
    OUTPUT ${stamp}
    BYPRODUCTS ${header} ${source}
    COMMAND ${tool} --no-color generate ${schema} -o ${G_OUTPUT_DIR} --prefix ${G_PREFIX} ${extra}
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${inputs} ${tool_dep}
    COMMENT "schemac generate ${G_SCHEMA} (${G_PREFIX})"
    VERBATIM)
  add_custom_target(${G_TARGET}_codegen DEPENDS ${stamp})

  add_library(${G_TARGET} STATIC ${source})
  add_dependencies(${G_TARGET} ${G_TARGET}_codegen)
  set_source_files_properties(${source} ${header} PROPERTIES GENERATED TRUE)
  target_include_directories(${G_TARGET} PUBLIC ${G_OUTPUT_DIR})

  set(runtime ${G_RUNTIME})
  if(NOT runtime)
    foreach(candidate schemac_runtime schemac::runtime schemac::runtime_static)
      if(TARGET ${candidate})
        set(runtime ${candidate})
        break()
      endif()
    endforeach()
  endif()
  if(NOT runtime)
    message(FATAL_ERROR "schemac_generate: no runtime target found; pass RUNTIME <target>")
  endif()
  target_link_libraries(${G_TARGET} PUBLIC ${runtime})
endfunction()
