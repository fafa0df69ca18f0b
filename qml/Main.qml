import QtQuick
import QtQuick.Controls.Basic
import Confab.ViewModels

// The main window: one chat page on the room given by the root view model.
ApplicationWindow {
    id: window

    required property RootViewModel root

    width: 960
    height: 680
    minimumWidth: 420
    minimumHeight: 360
    visible: true
    title: window.root.roomName.length > 0 ? qsTr("#%1 – Confab").arg(window.root.roomName) : qsTr("Confab")
    color: Theme.window
    font.pixelSize: Theme.fontSize

    ChatPage {
        anchors.fill: parent
        viewModel: window.root
    }
}
