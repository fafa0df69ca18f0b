import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// One tag of a notification ("backup", "disk"), shown as plain text in a muted chip.
Rectangle {
    id: root

    property string tag

    implicitWidth: label.implicitWidth + 2 * Theme.spacing
    implicitHeight: label.implicitHeight + 4
    radius: Theme.radius / 2
    color: Theme.surfaceMuted
    border.color: Theme.border
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("Tag %1").arg(root.tag)

    Label {
        id: label
        anchors.centerIn: parent
        text: root.tag
        textFormat: Text.PlainText
        color: Theme.textMuted
        font.pixelSize: Theme.fontSizeSmall
    }
}
