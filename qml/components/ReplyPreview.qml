import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A quoted message: an accent bar, who wrote it and the start of what they wrote. Above a reply
// it jumps to the original when clicked; in the composer it says what is being answered, with ×.
AbstractButton {
    id: root

    property string sender
    property string preview
    // Shown before the sender: "Replying to" in the composer, empty in a message.
    property string heading
    // Shows a × that emits closeRequested (the composer's reply and edit bars).
    property bool closable: false

    signal closeRequested()

    implicitHeight: Math.max(quote.implicitHeight, root.closable ? closeButton.implicitHeight : 0)
                    + topPadding + bottomPadding
    implicitWidth: 320
    topPadding: Theme.spacingSmall
    bottomPadding: Theme.spacingSmall
    leftPadding: Theme.spacing + 3
    rightPadding: Theme.spacing
    hoverEnabled: true
    focusPolicy: root.closable ? Qt.NoFocus : Qt.TabFocus
    Accessible.role: Accessible.Button
    Accessible.name: root.heading.length > 0
                     ? qsTr("%1 %2: %3").arg(root.heading).arg(root.sender).arg(root.preview)
                     : qsTr("Reply to %1: %2").arg(root.sender).arg(root.preview)

    background: Rectangle {
        radius: Theme.radius / 2
        color: root.hovered && !root.closable ? Theme.hover : Theme.surfaceMuted

        Rectangle {
            width: 3
            height: parent.height
            radius: 1.5
            color: Theme.accent
        }
    }

    // Children, not a contentItem: ids inside a contentItem defeat its deferred creation.
    contentItem: null

    Item {
        x: root.leftPadding
        y: root.topPadding
        width: root.availableWidth
        height: root.availableHeight

        Column {
            id: quote
            anchors.left: parent.left
            anchors.right: root.closable ? closeButton.left : parent.right
            anchors.verticalCenter: parent.verticalCenter
            spacing: 1

            Label {
                objectName: "replySender"
                width: parent.width
                text: root.heading.length > 0 ? root.heading + " " + root.sender : root.sender
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: root.heading.length > 0 ? Theme.textMuted : Theme.colorForName(root.sender)
                font.pixelSize: Theme.fontSizeSmall
                font.bold: true
            }
            Label {
                objectName: "replyPreview"
                width: parent.width
                text: root.preview
                textFormat: Text.PlainText
                elide: Text.ElideRight
                maximumLineCount: 1
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
            }
        }

        ToolButton {
            id: closeButton
            objectName: "replyCloseButton"
            visible: root.closable
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            text: "×"
            font.pixelSize: Theme.fontSize
            focusPolicy: Qt.NoFocus
            Accessible.name: qsTr("Cancel")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Cancel (Escape)")
            onClicked: root.closeRequested()
            background: Rectangle {
                implicitWidth: 28
                implicitHeight: 28
                radius: Theme.radius / 2
                color: closeButton.hovered ? Theme.hover : "transparent"
            }
        }
    }
}
