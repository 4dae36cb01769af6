# Golden tests of `schemac fmt`: tests/golden/fmt/*.prisma -> *.expected,
# plus idempotence, --check exit codes, --write, syntax errors and folders.
# Regenerate the expectations with:
#   tests/golden/fmt/run.sh build/generator/schemac /tmp/golden_fmt --update
add_test(NAME golden_fmt
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/golden/fmt/run.sh $<TARGET_FILE:schemac>
                 ${CMAKE_CURRENT_BINARY_DIR}/tmp/golden_fmt)
set_tests_properties(golden_fmt PROPERTIES LABELS "golden;fmt")
