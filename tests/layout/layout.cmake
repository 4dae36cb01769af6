# The dependency rule of docs/architecture.md on the #include lines of generator/.
#   layout_includes           every stage includes only the stages below it
#   layout_includes_selftest  the check catches an include that points up the pipeline
add_test(NAME layout_includes COMMAND ${CMAKE_CURRENT_LIST_DIR}/check_includes.sh ${PROJECT_SOURCE_DIR})
add_test(NAME layout_includes_selftest COMMAND ${CMAKE_CURRENT_LIST_DIR}/check_includes_selftest.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(layout_includes layout_includes_selftest PROPERTIES LABELS layout)

# schemac loads libpq only when a command connects (generator/cli/libpq_load.c).
if(SCHEMAC_LIBPQ_LAZY AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
  add_test(NAME layout_libpq_lazy COMMAND ${CMAKE_CURRENT_LIST_DIR}/libpq_lazy.sh $<TARGET_FILE:schemac>)
  set_tests_properties(layout_libpq_lazy PROPERTIES LABELS layout SKIP_RETURN_CODE 77)
endif()
