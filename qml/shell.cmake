# QML files of the shell (main window, sidebar, first run, settings, banner), relative to qml/.
set(CONFAB_UI_SHELL_QML
    Main.qml
    Theme.qml
    components/Avatar.qml
    components/ConnectionBar.qml
    components/ConnectionIndicator.qml
)
