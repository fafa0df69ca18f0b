import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The "New messages" rule above the first message that arrived since the person last read this
// conversation: where to start reading after being away.
Item {
    id: root

    implicitHeight: label.implicitHeight + Theme.spacing
    implicitWidth: label.implicitWidth + 2 * Theme.spacingLarge
    Accessible.role: Accessible.Separator
    Accessible.name: label.text

    Rectangle {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.right: label.left
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacing
        height: 1
        color: Theme.offline
    }

    Label {
        id: label
        anchors.verticalCenter: parent.verticalCenter
        anchors.right: parent.right
        anchors.rightMargin: Theme.spacingLarge
        text: qsTr("New messages")
        color: Theme.offline
        font.pixelSize: Theme.fontSizeSmall
        font.bold: true
    }
}
