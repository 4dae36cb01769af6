# The diagnostics golden suite: tests/golden/diagnostics/*.prisma checked
# against their .expected stderr by diag_golden.sh. To regenerate the
# expectations after an intended change: cmake --build build --target
# update-diag-golden (then review the diff).
add_test(NAME diag_golden
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/diag_golden.sh $<TARGET_FILE:schemac>)
add_custom_target(update-diag-golden
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/diag_golden.sh $<TARGET_FILE:schemac> --update
  DEPENDS schemac
  COMMENT "regenerating tests/golden/diagnostics/*.expected")
