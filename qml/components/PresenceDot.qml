import QtQuick
import Confab.UI

// Whether a person is online (green), away (amber) or offline (grey ring). Empty presence: hidden.
Rectangle {
    id: root

    required property string presence

    readonly property color presenceColor: root.presence === "online" ? Theme.online
                                           : root.presence === "away" ? Theme.away : Theme.presenceOffline

    visible: root.presence.length > 0
    implicitWidth: 9
    implicitHeight: 9
    radius: width / 2
    color: root.presence === "offline" ? "transparent" : root.presenceColor
    border.width: root.presence === "offline" ? 2 : 0
    border.color: root.presenceColor
    Accessible.role: Accessible.StaticText
    Accessible.name: root.presence === "online" ? qsTr("Online")
                     : root.presence === "away" ? qsTr("Away") : qsTr("Offline")
}
