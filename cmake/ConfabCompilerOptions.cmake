# Compiler settings shared by every Confab target, applied through the confab_options interface.
add_library(confab_options INTERFACE)
target_compile_definitions(confab_options INTERFACE
    QT_NO_KEYWORDS
    QT_NO_CAST_FROM_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    CONFAB_VERSION="${PROJECT_VERSION}")
target_compile_options(confab_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(CONFAB_WARNINGS_AS_ERRORS)
    # Qt 6.4 only offers APIs that newer Qt deprecates (QWebSocket::error): keep those as warnings.
    target_compile_options(confab_options INTERFACE -Werror -Wno-error=deprecated-declarations)
endif()
if(CONFAB_SANITIZE)
    target_compile_options(confab_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(confab_options INTERFACE -fsanitize=address,undefined)
endif()
