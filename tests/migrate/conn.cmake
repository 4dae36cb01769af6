# Database URLs and sessions, the same through `schemac migrate` and the
# runtime: rt_probe is a minimal program opening a URL with sc_conn_open.
add_executable(rt_probe ${PROJECT_SOURCE_DIR}/tests/runtime/rt_probe.c)
target_compile_options(rt_probe PRIVATE ${SCHEMAC_WARNINGS})
target_link_libraries(rt_probe PRIVATE schemac_runtime)
add_test(NAME migrate_cli_url
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_url.sh $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(migrate_cli_url PROPERTIES LABELS "migrate;runtime")
add_test(NAME migrate_cli_url_pg
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_url_pg.sh $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp ${SCHEMAC_PG_DIR}/url)
set_tests_properties(migrate_cli_url_pg PROPERTIES LABELS "migrate;runtime" FIXTURES_REQUIRED pg)
