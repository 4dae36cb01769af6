# schemac_generate.cmake - build generated C code as part of a CMake build.
#
#   include(schemac_generate)
#   schemac_generate(TARGET blog_db SCHEMA schema.prisma PREFIX blog
#                    [OUTPUT_DIR dir] [TEMPLATES dir] [RUNTIME target] [SCHEMAC path]
#                    [SPLIT AUTO|ON|OFF] [QUERIES path...])
#   schemac_generate_sqlc(TARGET notes_db SQLC sqlc.yaml
#                         [OUTPUT_DIR dir] [RUNTIME target] [SCHEMAC path])
#
# (schemac_generate_sqlc, for a sqlc project, is described at its definition
# below.) find_package(schemac) also sets SCHEMAC_EXECUTABLE, the path of the
# installed schemac, for a project's own commands.
#
# QUERIES names query files or folders of them (docs/queries.md): their
# typed functions go into PREFIX_queries.h (which includes PREFIX.h) and
# PREFIX_queries.c, part of TARGET. A changed query file regenerates; the
# .sql files of a folder are globbed with CONFIGURE_DEPENDS, so adding or
# removing one re-runs the configure step, and then the generate step (a
# deleted query's function leaves the generated files). Paths are relative
# to the current source folder. (A `queries = "..."` setting in the schema's
# generator block is read by schemac too, but the build only knows the files
# named here: such a setting with no QUERIES is refused, at configure time
# when schemac lists the outputs, else when the generate step runs.)
#
# Runs `schemac generate` at build time and declares the static library
# TARGET from the generated sources, with PREFIX.h on its public include
# path and the schemac runtime linked publicly. The step re-runs only when
# the schema (a file, or every .prisma file of a folder), a template or the
# schemac binary changes, or a file is added to or removed from a schema,
# template or query folder (PREFIX.inputs, the sorted list of input files
# rewritten at configure time only when it changes, is a dependency);
# schemac leaves unchanged output untouched, so an edit that does not change
# the generated code recompiles nothing.
#
# A large schema (more than 50 models, or SPLIT ON) is generated into a
# header and a source per model besides PREFIX.h and PREFIX.c (PREFIX.h
# includes the model headers), so the build compiles it in parallel: the
# library is then a unity build of 8 model sources per compiler process
# (UNITY_BUILD, which the target may switch off).
# The file names are known at configure time: schemac lists them
# (`schemac generate --list-outputs`), and the schema is a configure
# dependency, so adding or removing a model re-runs that listing. Listing
# needs a schemac that runs at configure time: an installed one, or SCHEMAC.
# Inside the schemac source tree, where schemac is a target of the same
# build, the output is always one source (SPLIT ON is refused there).
#
# Inside the schemac source tree the `schemac` executable target and the
# runtime target are used. Installed (find_package(schemac) includes this
# file as lib/cmake/schemac/schemacGenerate.cmake), schemac is the one in the
# same prefix's bin/, then on PATH, or given with SCHEMAC; RUNTIME names the
# runtime library target to link (default schemac::runtime).
include_guard(GLOBAL)

# Where this file lives: in an installed package, <prefix>/lib/cmake/schemac.
set(_SCHEMAC_GENERATE_DIR ${CMAKE_CURRENT_LIST_DIR})

# Write FILE with the CONTENT pieces joined, leaving it untouched (its
# timestamp too) when it already holds that.
function(_schemac_write_if_changed file)
  string(CONCAT content ${ARGN})
  if(EXISTS ${file})
    file(READ ${file} old)
    if(old STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE ${file} "${content}")
endfunction()

# The schemac installed next to this package (it wins over one on PATH) into
# SCHEMAC_EXECUTABLE, its path into OUT.
function(_schemac_installed_tool out)
  find_program(SCHEMAC_EXECUTABLE schemac REQUIRED
               HINTS ${_SCHEMAC_GENERATE_DIR}/../../../bin ${_SCHEMAC_GENERATE_DIR}/../../bin)
  set(${out} ${SCHEMAC_EXECUTABLE} PARENT_SCOPE)
endfunction()

# The sorted list of the input files INPUTS... into FILE, rewritten only when
# it changes: a file deleted from a globbed folder leaves the command line
# and the other files as they were, so the generate step depends on FILE.
function(_schemac_write_inputs file)
  set(sorted ${ARGN})
  list(SORT sorted)
  list(JOIN sorted "\n" text)
  _schemac_write_if_changed(${file} "${text}\n")
endfunction()

# TARGET linked publicly to RUNTIME, or to the first runtime target that
# exists; WHO names the caller in the error when there is none.
function(_schemac_link_runtime target runtime who)
  if(NOT runtime)
    foreach(candidate schemac_runtime schemac::runtime schemac::runtime_static)
      if(TARGET ${candidate})
        set(runtime ${candidate})
        break()
      endif()
    endforeach()
  endif()
  if(NOT runtime)
    message(FATAL_ERROR "${who}: no runtime target found; pass RUNTIME <target>")
  endif()
  target_link_libraries(${target} PUBLIC ${runtime})
endfunction()

function(schemac_generate)
  cmake_parse_arguments(G "" "TARGET;SCHEMA;PREFIX;OUTPUT_DIR;TEMPLATES;RUNTIME;SCHEMAC;SPLIT" "QUERIES" ${ARGN})
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
    _schemac_installed_tool(tool)
    set(tool_dep ${tool})
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

  # Query files: each file, and the .sql files of each folder.
  set(query_args "")
  if(G_QUERIES)
    set(query_args --queries)
    foreach(q ${G_QUERIES})
      get_filename_component(qa ${q} ABSOLUTE)
      if(IS_DIRECTORY ${qa})
        file(GLOB qfiles CONFIGURE_DEPENDS ${qa}/*.sql)
        list(APPEND inputs ${qfiles})
      else()
        list(APPEND inputs ${qa})
      endif()
      list(APPEND query_args ${qa})
    endforeach()
  endif()

  # Which files generate writes: one source, or (split) one per model besides.
  if("${G_SPLIT}" STREQUAL "")
    set(G_SPLIT AUTO)
  endif()
  string(TOUPPER "${G_SPLIT}" G_SPLIT)
  if(NOT G_SPLIT MATCHES "^(AUTO|ON|OFF)$")
    message(FATAL_ERROR "schemac_generate: SPLIT must be AUTO, ON or OFF, not ${G_SPLIT}")
  endif()
  set(header ${G_OUTPUT_DIR}/${G_PREFIX}.h)
  set(sources ${G_OUTPUT_DIR}/${G_PREFIX}.c)
  set(model_headers "")
  set(split_arg --no-split)
  set(listed_outputs FALSE)
  # A queries setting in the schema with no QUERIES: PREFIX_queries.c would
  # be generated but not compiled (undefined references at link time).
  string(CONCAT no_queries_msg
    "schemac_generate(TARGET ${G_TARGET}): the generator block of ${G_SCHEMA} sets `queries`, "
    "but QUERIES names no query file or folder: name them in QUERIES too, so that "
    "${G_PREFIX}_queries.c is compiled and a changed query file regenerates it")
  if(tool_dep STREQUAL "schemac")
    # schemac is built by this same build: it cannot list files at configure time.
    if(G_SPLIT STREQUAL "ON")
      message(FATAL_ERROR "schemac_generate: SPLIT ON needs a schemac that runs at configure time "
                          "(an installed one, or SCHEMAC path); inside the schemac tree the output is one source")
    endif()
  elseif(NOT G_SPLIT STREQUAL "OFF")
    set(list_arg "")
    if(G_SPLIT STREQUAL "ON")
      set(list_arg --split)
    endif()
    execute_process(
      COMMAND ${tool} --no-color generate ${schema} --prefix ${G_PREFIX} ${extra} ${list_arg} --list-outputs
      OUTPUT_VARIABLE listed ERROR_VARIABLE list_err RESULT_VARIABLE list_rc)
    if(NOT list_rc EQUAL 0)
      message(FATAL_ERROR "schemac_generate: `schemac generate --list-outputs` failed for ${G_SCHEMA}:\n${list_err}")
    endif()
    set(listed_outputs TRUE)
    # Listing depends on the schema's models: a changed schema configures again.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${inputs} ${tool})
    string(REGEX REPLACE "\n$" "" listed "${listed}")
    string(REPLACE "\n" ";" listed "${listed}")
    set(sources "")
    set(listed_queries FALSE)
    foreach(f ${listed})
      if(f STREQUAL "${G_PREFIX}_queries.c" OR f STREQUAL "${G_PREFIX}_queries.h")
        # the typed queries' files (a queries setting in the schema): QUERIES adds them
        set(listed_queries TRUE)
      elseif(f MATCHES "\\.c$")
        list(APPEND sources ${G_OUTPUT_DIR}/${f})
      elseif(NOT f STREQUAL "${G_PREFIX}.h")
        list(APPEND model_headers ${G_OUTPUT_DIR}/${f})
      endif()
    endforeach()
    list(LENGTH sources nsources)
    if(nsources GREATER 1)
      set(split_arg --split)
    endif()
    if(listed_queries AND NOT G_QUERIES)
      message(FATAL_ERROR "${no_queries_msg}")
    endif()
  endif()
  if(G_QUERIES)
    list(APPEND model_headers ${G_OUTPUT_DIR}/${G_PREFIX}_queries.h)
    list(APPEND sources ${G_OUTPUT_DIR}/${G_PREFIX}_queries.c)
  endif()
  # The set of input files is an input too (a query, a schema file, a
  # template deleted from a globbed folder): rewritten by the configure step
  # the glob re-runs.
  set(inputs_file ${G_OUTPUT_DIR}/${G_PREFIX}.inputs)
  _schemac_write_inputs(${inputs_file} ${inputs})
  set(check_cmd "")
  if(NOT G_QUERIES AND NOT listed_outputs)
    # Nothing listed at configure time: a queries setting in the schema shows
    # when generate writes PREFIX_queries.c, which this target does not compile.
    set(check_script ${G_OUTPUT_DIR}/${G_PREFIX}.check.cmake)
    _schemac_write_if_changed(${check_script}
      "if(EXISTS [==[${G_OUTPUT_DIR}/${G_PREFIX}_queries.c]==])\n"
      "  message(FATAL_ERROR [==[${no_queries_msg}]==])\n"
      "endif()\n")
    set(check_cmd COMMAND ${CMAKE_COMMAND} -P ${check_script})
  endif()
  set(stamp ${G_OUTPUT_DIR}/${G_PREFIX}.stamp)
  # The stamp carries the dependency; the sources are byproducts whose
  # timestamps only move when their content does.
  add_custom_command(
    OUTPUT ${stamp}
    BYPRODUCTS ${header} ${model_headers} ${sources}
    COMMAND ${tool} --no-color generate ${schema} -o ${G_OUTPUT_DIR} --prefix ${G_PREFIX} ${extra} ${split_arg} ${query_args}
    ${check_cmd}
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${inputs} ${inputs_file} ${tool_dep}
    COMMENT "schemac generate ${G_SCHEMA} (${G_PREFIX})"
    VERBATIM)
  add_custom_target(${G_TARGET}_codegen DEPENDS ${stamp})

  add_library(${G_TARGET} STATIC ${sources})
  add_dependencies(${G_TARGET} ${G_TARGET}_codegen)
  list(LENGTH sources nsources)
  if(nsources GREATER 1)
    # The model sources compile in batches of 8 per compiler process (a
    # unity build): each process pays the compiler's start and the headers
    # once for 8 models, and -jN still has many batches to share out.
    # set_target_properties(TARGET PROPERTIES UNITY_BUILD OFF) compiles
    # each source alone.
    set_target_properties(${G_TARGET} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  endif()
  set_source_files_properties(${sources} ${header} ${model_headers} PROPERTIES GENERATED TRUE)
  if(G_QUERIES)
    # The queries source reads every model's header: never in a unity batch with model sources.
    set_source_files_properties(${G_OUTPUT_DIR}/${G_PREFIX}_queries.c PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endif()
  target_include_directories(${G_TARGET} PUBLIC ${G_OUTPUT_DIR})
  _schemac_link_runtime(${G_TARGET} "${G_RUNTIME}" schemac_generate)
endfunction()

# schemac_generate_sqlc - a sqlc project (docs/queries.md, "sqlc projects")
# built by `schemac generate --sqlc` as part of a CMake build.
#
#   schemac_generate_sqlc(TARGET notes_db SQLC sqlc.yaml
#                         [OUTPUT_DIR dir] [RUNTIME target] [SCHEMAC path])
#
# SQLC is the configuration (sqlc.yaml, sqlc.yml or sqlc.json, or the folder
# holding it), relative to the current source folder. Every package of the
# project is generated into OUTPUT_DIR (default
# ${CMAKE_CURRENT_BINARY_DIR}/TARGET_generated; sqlc's gen.go.out folders
# are for Go and are not used): NAME.h, NAME.c, NAME_queries.h and
# NAME_queries.c, NAME the package's gen.go.package (else its name). TARGET
# is a static library of every package's sources, with OUTPUT_DIR on its
# public include path (#include "NAME_queries.h") and the runtime linked
# publicly (RUNTIME as for schemac_generate).
#
# At configure time schemac lists the files it writes (--list-outputs) and
# the files it reads (--list-inputs: the configuration, each schema and
# query file, and the folders and glob patterns sqlc.yaml names). The
# generate step re-runs when one of those files, the configuration or the
# schemac binary changes; the folders and patterns are globbed with
# CONFIGURE_DEPENDS, so a schema or query file added to or removed from one
# re-runs the configure step, which rewrites TARGET.inputs (the sorted list
# of input files, a dependency of the generate step) and so regenerates.
# A changed configuration configures again too (its packages name the
# outputs). An unchanged build never runs schemac.
#
# Listing needs a schemac that runs at configure time: an installed one
# (find_package(schemac)), or SCHEMAC. Inside the schemac source tree, where
# schemac is a target of the same build, SCHEMAC must be given.
function(schemac_generate_sqlc)
  cmake_parse_arguments(G "" "TARGET;SQLC;OUTPUT_DIR;RUNTIME;SCHEMAC" "" ${ARGN})
  if(NOT G_TARGET OR NOT G_SQLC)
    message(FATAL_ERROR "schemac_generate_sqlc: TARGET and SQLC are required")
  endif()
  if(G_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "schemac_generate_sqlc: unknown arguments ${G_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(config ${G_SQLC} ABSOLUTE)
  if(NOT EXISTS ${config})
    message(FATAL_ERROR "schemac_generate_sqlc(TARGET ${G_TARGET}): ${G_SQLC} does not exist")
  endif()
  if(NOT G_OUTPUT_DIR)
    set(G_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/${G_TARGET}_generated)
  endif()
  get_filename_component(outdir ${G_OUTPUT_DIR} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  file(MAKE_DIRECTORY ${outdir})

  # The compiler: an explicit path or the installed one (never this build's target).
  if(G_SCHEMAC)
    set(tool ${G_SCHEMAC})
  elseif(TARGET schemac)
    message(FATAL_ERROR "schemac_generate_sqlc: the generated files are listed at configure time, which needs a "
                        "schemac that runs then: inside the schemac tree, where schemac is built by the same build, "
                        "pass SCHEMAC <path to a built or installed schemac>")
  else()
    _schemac_installed_tool(tool)
  endif()

  # What generate writes, and what it reads: one line each, as lists.
  foreach(what outputs inputs)
    execute_process(
      COMMAND ${tool} --no-color generate --sqlc ${config} --list-${what}
      OUTPUT_VARIABLE lines ERROR_VARIABLE list_err RESULT_VARIABLE list_rc)
    if(NOT list_rc EQUAL 0)
      message(FATAL_ERROR "schemac_generate_sqlc: `schemac generate --sqlc ${G_SQLC} --list-${what}` failed:\n${list_err}")
    endif()
    string(REGEX REPLACE "\n$" "" lines "${lines}")
    string(REPLACE "\n" ";" listed_${what} "${lines}")
  endforeach()

  set(sources "")
  set(headers "")
  foreach(f ${listed_outputs})
    if(f MATCHES "\\.c$")
      list(APPEND sources ${outdir}/${f})
    else()
      list(APPEND headers ${outdir}/${f})
    endif()
  endforeach()

  # Input files, and the folders and patterns they came from: the first line
  # is the configuration file (SQLC may be its folder).
  list(GET listed_inputs 0 config_file)
  set(inputs "")
  foreach(f ${listed_inputs})
    # folders and patterns are globbed only to configure again when a file comes or goes (their files are listed too)
    if(f MATCHES "/$")
      # a folder: its .sql files (sqlc reads no other)
      file(GLOB found CONFIGURE_DEPENDS "${f}*.sql")
    elseif(f MATCHES "[][*?]" AND NOT EXISTS ${f})
      # a glob pattern (its matching folders are listed as folders too)
      file(GLOB found CONFIGURE_DEPENDS LIST_DIRECTORIES true "${f}")
    else()
      list(APPEND inputs ${f})
    endif()
  endforeach()
  # The packages (so the outputs) come from the configuration.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${config_file} ${tool})

  # The set of input files is an input too (a query file deleted from a folder).
  set(inputs_file ${outdir}/${G_TARGET}.inputs)
  _schemac_write_inputs(${inputs_file} ${inputs})
  set(stamp ${outdir}/${G_TARGET}.stamp)
  add_custom_command(
    OUTPUT ${stamp}
    BYPRODUCTS ${headers} ${sources}
    COMMAND ${tool} --no-color generate --sqlc ${config} -o ${outdir}
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${inputs} ${inputs_file} ${tool}
    COMMENT "schemac generate --sqlc ${G_SQLC}"
    VERBATIM)
  add_custom_target(${G_TARGET}_codegen DEPENDS ${stamp})

  add_library(${G_TARGET} STATIC ${sources})
  add_dependencies(${G_TARGET} ${G_TARGET}_codegen)
  set_source_files_properties(${sources} ${headers} PROPERTIES GENERATED TRUE)
  target_include_directories(${G_TARGET} PUBLIC ${outdir})
  _schemac_link_runtime(${G_TARGET} "${G_RUNTIME}" schemac_generate_sqlc)
endfunction()
