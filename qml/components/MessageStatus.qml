import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The line under a message about its state: "(edited)", "Sending…" while it waits in the outbox,
// or "Failed: <reason>" with Retry and Discard when the relay refused it.
Flow {
    id: root

    property bool edited: false
    // "sent" | "sending" | "failed"
    property string status: "sent"
    property string error

    signal retryClicked()
    signal discardClicked()

    spacing: Theme.spacing

    Label {
        objectName: "editedLabel"
        visible: root.edited
        text: qsTr("(edited)")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSizeSmall
    }

    Label {
        objectName: "statusText"
        visible: root.status === "sending"
        text: "◷ " + qsTr("Sending…")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSizeSmall
        font.italic: true
        Accessible.name: qsTr("Sending")
    }

    Label {
        objectName: "failedText"
        visible: root.status === "failed"
        height: retryButton.implicitHeight
        verticalAlignment: Text.AlignVCenter
        text: root.error.length > 0 ? qsTr("Failed: %1").arg(root.error) : qsTr("Failed to send")
        textFormat: Text.PlainText
        color: Theme.errorText
        font.pixelSize: Theme.fontSizeSmall
    }

    StatusButton {
        id: retryButton
        objectName: "retryButton"
        visible: root.status === "failed"
        text: qsTr("Retry")
        onClicked: root.retryClicked()
    }

    StatusButton {
        objectName: "discardButton"
        visible: root.status === "failed"
        text: qsTr("Discard")
        onClicked: root.discardClicked()
    }

    component StatusButton: Button {
        id: button
        flat: true
        padding: 2
        leftPadding: Theme.spacing
        rightPadding: Theme.spacing
        focusPolicy: Qt.TabFocus
        Accessible.name: button.text
        contentItem: Label {
            text: button.text
            color: Theme.link
            font.pixelSize: Theme.fontSizeSmall
            font.bold: true
            font.underline: button.hovered
        }
        background: Rectangle {
            radius: Theme.radius / 2
            color: button.down ? Theme.hover : "transparent"
            border.width: button.visualFocus ? 1 : 0
            border.color: Theme.accent
        }
    }
}
