import QtQuick
import QtQuick.Controls.Basic
import Confab.UI
import Confab.ViewModels

// A small pill with a coloured dot and the connection state in words.
Rectangle {
    id: root

    required property int connectionState

    readonly property color dotColor: {
        switch (root.connectionState) {
        case RootViewModel.Connected: return Theme.online
        case RootViewModel.Connecting: return Theme.connecting
        default: return Theme.offline
        }
    }
    readonly property string stateText: {
        switch (root.connectionState) {
        case RootViewModel.Connected: return qsTr("Connected")
        case RootViewModel.Connecting: return qsTr("Connecting…")
        default: return qsTr("Disconnected")
        }
    }

    implicitWidth: row.implicitWidth + 2 * Theme.spacing + 4
    implicitHeight: row.implicitHeight + Theme.spacing
    radius: height / 2
    color: Theme.surfaceMuted
    border.color: Theme.border
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("Connection: %1").arg(root.stateText)

    Row {
        id: row
        anchors.centerIn: parent
        spacing: 6

        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 8
            height: 8
            radius: 4
            color: root.dotColor
        }
        Label {
            objectName: "connectionStateLabel"
            text: root.stateText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSizeSmall + 1
        }
    }
}
