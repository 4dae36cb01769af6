# --dialect golden suite: schemas compiled for the other database than their
# datasource names, checked by dialect_golden.sh. Regenerate after an intended
# change with: cmake --build build --target update-dialect-golden (then review).
add_test(NAME dialect_golden
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/dialect_golden.sh $<TARGET_FILE:schemac>)
add_custom_target(update-dialect-golden
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/dialect_golden.sh $<TARGET_FILE:schemac> --update
  DEPENDS schemac
  COMMENT "regenerating tests/golden/dialect/*.expected")
