import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A floating pill over the top of the conversation: "Jump to first unread (12)". Shown while the
// "New messages" marker is above what the person sees.
AbstractButton {
    id: root

    // Unread messages in the conversation (0 hides the number).
    property int unreadCount: 0

    text: root.unreadCount > 0 ? qsTr("Jump to first unread (%1)").arg(root.unreadCount)
                               : qsTr("Jump to first unread")
    implicitWidth: contentItem.implicitWidth + leftPadding + rightPadding
    implicitHeight: contentItem.implicitHeight + topPadding + bottomPadding
    leftPadding: Theme.spacingLarge
    rightPadding: Theme.spacingLarge
    topPadding: Theme.spacingSmall + 2
    bottomPadding: Theme.spacingSmall + 2
    focusPolicy: Qt.TabFocus
    Accessible.role: Accessible.Button
    Accessible.name: root.text

    contentItem: Label {
        text: "↑ " + root.text
        textFormat: Text.PlainText
        color: Theme.textOnAccent
        font.pixelSize: Theme.fontSizeSmall
        font.bold: true
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }

    background: Rectangle {
        radius: height / 2
        color: root.down ? Theme.accentPressed : root.hovered ? Theme.accentHover : Theme.accent
        border.width: root.visualFocus ? 2 : 0
        border.color: Theme.textOnAccent
    }
}
