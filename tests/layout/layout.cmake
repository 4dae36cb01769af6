# The dependency rule of docs/architecture.md on the #include lines of generator/.
#   layout_includes           every stage includes only the stages below it
#   layout_includes_selftest  the check catches an include that points up the pipeline
add_test(NAME layout_includes COMMAND ${CMAKE_CURRENT_LIST_DIR}/check_includes.sh ${PROJECT_SOURCE_DIR})
add_test(NAME layout_includes_selftest COMMAND ${CMAKE_CURRENT_LIST_DIR}/check_includes_selftest.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(layout_includes layout_includes_selftest PROPERTIES LABELS layout)
