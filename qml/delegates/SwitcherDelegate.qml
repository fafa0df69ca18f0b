import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One match in the quick switcher: kind mark, name, which account it belongs to, unread count.
ItemDelegate {
    id: root

    required property int index
    required property string streamId
    required property string kind
    required property string displayName
    required property string accountId
    required property string accountName
    required property int unread

    signal rowChosen(int row)

    highlighted: ListView.isCurrentItem
    Accessible.name: qsTr("%1 in %2").arg(root.displayName).arg(root.accountName)
    onClicked: root.rowChosen(root.index)

    contentItem: RowLayout {
        spacing: Theme.spacing

        Label {
            Layout.preferredWidth: 14
            horizontalAlignment: Text.AlignHCenter
            text: root.kind === "room" ? "#" : root.kind === "topic" ? "⚐" : "@"
            color: Theme.textMuted
        }
        Label {
            Layout.fillWidth: true
            text: root.displayName
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: Theme.text
            font.bold: root.unread > 0
        }
        Label {
            Layout.maximumWidth: 200
            text: root.accountName
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: Theme.textMuted
            font.pixelSize: Theme.fontSizeSmall
        }
        Badge {
            count: root.unread
        }
    }
    background: Rectangle {
        radius: 6
        color: root.highlighted ? Theme.selection : root.hovered ? Theme.hover : "transparent"
    }
}
