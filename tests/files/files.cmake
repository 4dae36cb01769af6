# Files schemac reads from users (FIFOs, devices, oversized files refused
# without blocking) and outputs written all or nothing (generate, fmt
# --write, the SQLite backup before a data-loss migration on a full disk).
add_test(NAME hostile_files COMMAND ${CMAKE_CURRENT_LIST_DIR}/hostile_files.sh $<TARGET_FILE:schemac>
         ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(hostile_files PROPERTIES LABELS "files;migrate;cgen")
