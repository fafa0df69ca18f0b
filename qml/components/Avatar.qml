import QtQuick
import Confab.UI

// A round badge with the first letter of a name, in a colour derived from the name, so people
// (and accounts) are recognized at a glance.
Rectangle {
    id: root

    required property string name

    implicitWidth: Theme.avatarSize
    implicitHeight: Theme.avatarSize
    radius: width / 2
    color: Theme.colorForName(root.name)
    Accessible.ignored: true

    Text {
        anchors.centerIn: parent
        text: root.name.length > 0 ? root.name.charAt(0).toUpperCase() : "?"
        textFormat: Text.PlainText
        color: "#ffffff"
        font.pixelSize: Math.round(root.height * 0.44)
        font.bold: true
    }
}
