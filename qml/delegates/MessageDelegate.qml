import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// One chat message: the author's avatar and name, a bubble with the text and the time. One's own
// messages sit on the right in the accent colour; a message still sending is faded and says so.
// Other people's text is shown as plain text: nothing they write is interpreted as markup.
Item {
    id: root

    required property real seq
    required property string sender
    required property string text
    required property date timestamp
    required property bool isOwn
    required property string clientMsgId
    required property string status

    readonly property bool sending: root.status === "sending"
    // The locale's short time format, without seconds (the C locale's short format has them).
    readonly property string timeText: Qt.formatTime(root.timestamp,
                                                     Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, ""))
    readonly property real maxBubbleWidth: Math.max(120, Math.min(560, root.width * 0.7))
    readonly property int bubblePadding: 12

    implicitHeight: row.implicitHeight + 2 * Theme.spacingSmall + 2
    implicitWidth: 400

    Accessible.role: Accessible.ListItem
    Accessible.name: root.isOwn ? qsTr("You at %1: %2").arg(root.timeText).arg(root.text)
                                : qsTr("%1 at %2: %3").arg(root.sender).arg(root.timeText).arg(root.text)
    Accessible.description: root.sending ? qsTr("Sending") : ""

    Row {
        id: row
        y: Theme.spacingSmall
        x: root.isOwn ? root.width - width - Theme.spacingLarge : Theme.spacingLarge
        spacing: Theme.spacing + 2
        layoutDirection: Qt.LeftToRight

        Avatar {
            visible: !root.isOwn
            name: root.sender
        }

        Column {
            spacing: 3

            Label {
                objectName: "senderLabel"
                visible: !root.isOwn
                text: root.sender
                textFormat: Text.PlainText
                color: Theme.colorForName(root.sender)
                font.pixelSize: Theme.fontSizeSmall + 1
                font.bold: true
            }

            Rectangle {
                id: bubble
                objectName: "bubble"
                width: Math.max(body.width, meta.implicitWidth) + 2 * root.bubblePadding
                height: body.height + meta.implicitHeight + 2 + 2 * root.bubblePadding - 4
                radius: Theme.bubbleRadius
                color: root.isOwn ? Theme.accent : Theme.surface
                border.width: root.isOwn ? 0 : 1
                border.color: Theme.border
                opacity: root.sending ? 0.7 : 1.0

                Text {
                    id: body
                    objectName: "messageText"
                    x: root.bubblePadding
                    y: root.bubblePadding - 2
                    width: Math.min(implicitWidth, root.maxBubbleWidth - 2 * root.bubblePadding)
                    text: root.text
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: root.isOwn ? Theme.textOnAccent : Theme.text
                    font.pixelSize: Theme.fontSize
                }

                Row {
                    id: meta
                    anchors.right: parent.right
                    anchors.rightMargin: root.bubblePadding
                    anchors.top: body.bottom
                    anchors.topMargin: 2
                    spacing: Theme.spacingSmall

                    Text {
                        objectName: "statusText"
                        visible: root.sending
                        text: qsTr("Sending…")
                        color: root.isOwn ? Theme.textOnAccentMuted : Theme.textMuted
                        font.pixelSize: Theme.fontSizeSmall
                        font.italic: true
                    }
                    Text {
                        objectName: "timeText"
                        text: root.timeText
                        color: root.isOwn ? Theme.textOnAccentMuted : Theme.textMuted
                        font.pixelSize: Theme.fontSizeSmall
                    }
                }
            }
        }
    }
}
