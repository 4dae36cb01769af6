# Multi-schema PostgreSQL (the datasource's `schemas`, @@schema) through migrate diff, apply and check.
add_test(NAME migrate_multischema_pg
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/multischema_pg.sh $<TARGET_FILE:schemac> $<TARGET_FILE:rt_probe>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp ${SCHEMAC_PG_DIR}/url)
set_tests_properties(migrate_multischema_pg PROPERTIES LABELS migrate FIXTURES_REQUIRED pg)
