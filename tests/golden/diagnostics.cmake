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
# The top-level command line: usage errors for no arguments, bad flags, misspelt commands.
add_test(NAME cli_usage COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cli_usage.sh $<TARGET_FILE:schemac>)
# Schemas Prisma accepts that schemac refuses to build (sql, ir, generate, migrate diff).
add_test(NAME multischema_build COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/multischema_build.sh $<TARGET_FILE:schemac>)
