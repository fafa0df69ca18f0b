import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One search hit: where it is, who wrote it and when, and the matching words in bold. The snippet
// is HTML the model escaped before adding the <b> highlights, so it is shown as rich text.
ItemDelegate {
    id: root

    required property int index
    required property string kind
    required property string stream
    required property string streamName
    required property real seq
    required property string sender
    required property date time
    required property string snippetHtml

    // True on the row the keyboard points at.
    property bool current: false

    signal activated()

    readonly property string whenText: root.time.toLocaleString(Qt.locale(), Locale.ShortFormat)
    readonly property string plainSnippet: root.snippetHtml.replace(/<\/?b>/g, "").replace(/&lt;/g, "<")
                                               .replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
                                               .replace(/&#39;/g, "'").replace(/&amp;/g, "&")

    implicitWidth: 480
    padding: Theme.spacing + 2
    leftPadding: Theme.spacingLarge
    rightPadding: Theme.spacingLarge
    focusPolicy: Qt.TabFocus
    Accessible.role: Accessible.ListItem
    Accessible.name: root.kind === "notification"
                     ? qsTr("Notification in %1, %2: %3").arg(root.streamName).arg(root.whenText).arg(root.plainSnippet)
                     : qsTr("%1 in %2, %3: %4").arg(root.sender).arg(root.streamName).arg(root.whenText).arg(root.plainSnippet)
    onClicked: root.activated()
    Keys.onReturnPressed: root.activated()
    Keys.onEnterPressed: root.activated()

    background: Rectangle {
        color: root.current || root.visualFocus ? Theme.selection : root.hovered ? Theme.surfaceMuted : Theme.surface
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: 1
            color: Theme.divider
        }
    }

    contentItem: ColumnLayout {
        spacing: 2

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                objectName: "streamLabel"
                text: root.kind === "notification" ? "⚑ " + root.streamName : root.streamName
                textFormat: Text.PlainText
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
                font.bold: true
            }
            Label {
                objectName: "senderLabel"
                Layout.fillWidth: true
                visible: root.sender.length > 0
                text: root.sender
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.colorForName(root.sender)
                font.pixelSize: Theme.fontSizeSmall
                font.bold: true
            }
            Item {
                Layout.fillWidth: true
                visible: root.sender.length === 0
            }
            Label {
                objectName: "timeLabel"
                text: root.whenText
                textFormat: Text.PlainText
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
            }
        }

        Text {
            objectName: "snippetText"
            Layout.fillWidth: true
            text: root.snippetHtml
            textFormat: Text.RichText
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize
        }
    }
}
