# confab_add_test(NAME tst_foo SOURCES tst_foo.cpp LIBS ... [TIMEOUT s] [LABELS ...]
#                 [ENVIRONMENT VAR=value ...] [WRAPPER command ...])
# One QtTest executable per tst_*.cpp, registered with CTest and always given a TIMEOUT.
# WRAPPER runs the test inside a fixture script (a private D-Bus session, Xvfb).
function(confab_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT;WRAPPER" ${ARGN})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 60)
    endif()
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test confab_options ${T_LIBS})
    add_test(NAME ${T_NAME} COMMAND ${T_WRAPPER} $<TARGET_FILE:${T_NAME}>)
    set(env
        "QT_QPA_PLATFORM=offscreen"
        "QT_FORCE_STDERR_LOGGING=1"
        "CONFAB_RELAY_BIN=${CMAKE_BINARY_DIR}/bin/confab-relay"
        "CONFAB_HEADLESS_BIN=${CMAKE_BINARY_DIR}/bin/confab-headless"
        "CONFAB_APP_BIN=${CMAKE_BINARY_DIR}/bin/confab"
        "CONFAB_NOTIFICATION_RECORDER_BIN=${CMAKE_BINARY_DIR}/bin/confab-notification-recorder"
        "CONFAB_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
        "CONFAB_TEST_OUTPUT_DIR=${CMAKE_BINARY_DIR}/test-output"
        ${T_ENVIRONMENT})
    set_tests_properties(${T_NAME} PROPERTIES
        TIMEOUT ${T_TIMEOUT}
        LABELS "${T_LABELS}"
        ENVIRONMENT "${env}")
endfunction()
