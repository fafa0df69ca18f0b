import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A small coloured dot for a connection phase ("connected", "connecting", "waiting", "offline",
// "stopped", "idle"), with the phase in words beside it unless `showText` is off (then as a
// tooltip). `transportText` ("via HTTP fallback") says how a connection runs when that matters.
Row {
    id: root

    required property string phase
    property bool showText: true
    property string transportText: ""

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
        case "connected": return root.transportText !== "" ? qsTr("Connected %1").arg(root.transportText)
                                                          : qsTr("Connected")
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

    HoverHandler {
        id: hover
    }
    ToolTip.visible: !root.showText && hover.hovered
    ToolTip.text: root.stateText
    ToolTip.delay: 500

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
