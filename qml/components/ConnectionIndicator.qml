import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A small coloured dot for a connection phase ("connected", "connecting", "waiting", "offline",
// "stopped", "idle"), with the phase in words beside it unless `showText` is off.
Row {
    id: root

    required property string phase
    property bool showText: true

    readonly property color dotColor: {
        switch (root.phase) {
        case "connected": return Theme.online
        case "connecting":
        case "waiting": return Theme.connecting
        case "offline":
        case "stopped": return Theme.offline
        default: return Theme.presenceOffline
        }
    }
    readonly property string stateText: {
        switch (root.phase) {
        case "connected": return qsTr("Connected")
        case "connecting": return qsTr("Connecting…")
        case "waiting": return qsTr("Reconnecting…")
        case "offline": return qsTr("Offline")
        case "stopped": return qsTr("Disconnected")
        default: return qsTr("Not connected")
        }
    }

    spacing: 6
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("Connection: %1").arg(root.stateText)

    Rectangle {
        objectName: "connectionDot"
        anchors.verticalCenter: parent.verticalCenter
        width: 8
        height: 8
        radius: 4
        color: root.dotColor
    }
    Label {
        objectName: "connectionStateLabel"
        visible: root.showText
        text: root.stateText
        color: Theme.textMuted
        font.pixelSize: Theme.fontSizeSmall
    }
}
