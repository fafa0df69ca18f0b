import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One stream in the sidebar: a kind mark (# room, presence for a direct message, a flag for a
// topic), the name (bold while unread, dimmed when muted), and a badge: mentions in the accent
// colour win over the plain unread count. The open stream is highlighted.
ItemDelegate {
    id: root

    required property int index
    required property string streamId
    required property string kind
    required property string displayName
    required property int unread
    required property int mentions
    required property string presence
    required property bool muted
    required property bool isCurrent

    signal streamActivated(string streamId)

    activeFocusOnTab: true
    highlighted: root.isCurrent
    leftPadding: Theme.spacing + 4
    rightPadding: Theme.spacing
    topPadding: 5
    bottomPadding: 5
    Accessible.role: Accessible.ListItem
    Accessible.name: {
        let name = root.kind === "room" ? qsTr("Room %1").arg(root.displayName)
                 : root.kind === "topic" ? qsTr("Topic %1").arg(root.displayName) : root.displayName
        if (root.mentions > 0)
            name += ", " + qsTr("%n mention(s)", "", root.mentions)
        else if (root.unread > 0)
            name += ", " + qsTr("%n unread", "", root.unread)
        if (root.muted)
            name += ", " + qsTr("muted")
        return name
    }
    Accessible.description: root.isCurrent ? qsTr("Open now") : ""

    onClicked: root.streamActivated(root.streamId)
    Keys.onReturnPressed: root.streamActivated(root.streamId)
    Keys.onEnterPressed: root.streamActivated(root.streamId)

    contentItem: RowLayout {
        spacing: Theme.spacing
        opacity: root.muted ? 0.55 : 1.0

        Item {
            Layout.preferredWidth: 14
            Layout.preferredHeight: 14
            Layout.alignment: Qt.AlignVCenter

            Label {
                anchors.centerIn: parent
                visible: root.kind !== "dm"
                text: root.kind === "topic" ? "⚐" : "#"
                color: Theme.textMuted
                font.pixelSize: Theme.fontSize
                font.bold: root.kind === "room"
            }
            PresenceDot {
                objectName: "presenceDot"
                anchors.centerIn: parent
                visible: root.kind === "dm"
                presence: root.presence.length > 0 ? root.presence : "offline"
            }
        }
        Label {
            objectName: "streamName"
            Layout.fillWidth: true
            text: root.displayName
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: root.isCurrent || (root.unread > 0 && !root.muted) ? Theme.text : Theme.sidebarText
            font.pixelSize: Theme.fontSize
            font.bold: root.unread > 0 && !root.muted
        }
        Badge {
            objectName: "mentionBadge"
            Layout.alignment: Qt.AlignVCenter
            count: root.mentions
            mention: true
            label: root.mentions === 1 ? "@" : ""
        }
        Badge {
            objectName: "unreadBadge"
            Layout.alignment: Qt.AlignVCenter
            count: root.mentions > 0 ? 0 : root.unread
        }
    }

    background: Rectangle {
        radius: 6
        color: root.isCurrent ? Theme.selection : (root.hovered || root.visualFocus) ? Theme.hover : "transparent"
        border.width: root.visualFocus ? 1 : 0
        border.color: Theme.accent
    }
}
