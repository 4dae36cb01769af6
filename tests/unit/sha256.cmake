# sha256: the CPU's SHA instructions (where there are any) and the portable
# code give the same digests, for every split of the input into updates.
schemac_unit_test(test_sha256 SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sha256.c LIBS schemac_core)
