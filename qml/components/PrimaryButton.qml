import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The one main action of a form (Sign in, Apply), in the accent colour.
Button {
    id: root

    contentItem: Label {
        text: root.text
        font.pixelSize: Theme.fontSize
        font.bold: true
        color: root.enabled ? Theme.textOnAccent : Theme.textDisabled
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        implicitWidth: 96
        implicitHeight: 36
        radius: 6
        color: !root.enabled ? Theme.control
                             : root.down ? Theme.accentPressed : root.hovered ? Theme.accentHover : Theme.accent
        border.width: root.visualFocus ? 2 : 0
        border.color: Theme.accentPressed
    }
}
