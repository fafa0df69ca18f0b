import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A small borderless button with a glyph ("+", "×"), visible as a button only under the pointer
// or the keyboard, so rows of them stay quiet. Give it an Accessible.name: the glyph says little.
ToolButton {
    id: root

    implicitWidth: 26
    implicitHeight: 24
    font.pixelSize: Theme.fontSize + 2

    contentItem: Label {
        text: root.text
        font: root.font
        color: root.hovered || root.visualFocus ? Theme.text : Theme.textMuted
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: 4
        color: root.down ? Theme.selection : root.hovered ? Theme.hover : "transparent"
        border.width: root.visualFocus ? 1 : 0
        border.color: Theme.accent
    }
}
