# QML files of the conversation, notification centre and search, relative to qml/.
set(CONFAB_UI_CHAT_QML
    pages/ChatPage.qml
    components/Composer.qml
    components/RoomHeader.qml
    delegates/MessageDelegate.qml
)
