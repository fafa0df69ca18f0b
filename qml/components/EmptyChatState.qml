import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// What the content area shows before any conversation is open: a hint where to start.
Rectangle {
    id: root

    signal switcherRequested()

    color: Theme.window

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spacingLarge, 420)
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("No conversation open")
            color: Theme.text
            font.pixelSize: Theme.fontSizeTitle
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Pick one in the sidebar, or press Ctrl+K to jump to any room, person or topic.")
            wrapMode: Text.Wrap
            color: Theme.textMuted
        }
        Button {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Jump to a conversation…")
            Accessible.name: qsTr("Jump to a conversation")
            onClicked: root.switcherRequested()
        }
    }
}
