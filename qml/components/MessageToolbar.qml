import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The small toolbar a message shows while hovered or focused: react, reply and, on one's own
// messages, edit and delete.
Rectangle {
    id: root

    // Edit and delete are offered on one's own messages only.
    property bool own: false

    signal reactClicked()
    signal replyClicked()
    signal editClicked()
    signal deleteClicked()

    implicitWidth: buttons.implicitWidth + 2 * Theme.spacingSmall
    implicitHeight: buttons.implicitHeight + 2 * Theme.spacingSmall
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border

    Row {
        id: buttons
        anchors.centerIn: parent
        spacing: 2
        Accessible.role: Accessible.ToolBar
        Accessible.name: qsTr("Message actions")

        ToolbarButton {
            objectName: "reactButton"
            text: "☺"
            tip: qsTr("Add a reaction")
            onClicked: root.reactClicked()
        }
        ToolbarButton {
            objectName: "replyButton"
            text: "↩"
            tip: qsTr("Reply")
            onClicked: root.replyClicked()
        }
        ToolbarButton {
            objectName: "editButton"
            visible: root.own
            text: "✎"
            tip: qsTr("Edit")
            onClicked: root.editClicked()
        }
        ToolbarButton {
            objectName: "deleteButton"
            visible: root.own
            text: "✖"
            tip: qsTr("Delete")
            danger: true
            onClicked: root.deleteClicked()
        }
    }

    component ToolbarButton: ToolButton {
        id: button
        property string tip
        property bool danger: false
        implicitWidth: 30
        implicitHeight: 28
        font.pixelSize: Theme.fontSize
        focusPolicy: Qt.TabFocus
        Accessible.name: button.tip
        ToolTip.visible: button.hovered
        ToolTip.delay: 400
        ToolTip.text: button.tip
        contentItem: Label {
            text: button.text
            color: button.danger && button.hovered ? Theme.offline : Theme.textMuted
            font: button.font
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle {
            radius: Theme.radius / 2
            color: button.down || button.hovered ? Theme.hover : "transparent"
            border.width: button.visualFocus ? 2 : 0
            border.color: Theme.accent
        }
    }
}
