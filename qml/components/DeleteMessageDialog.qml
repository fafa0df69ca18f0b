import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Templates as T
import Confab.UI

// Asks before deleting one's message: a deletion reaches every desktop in the conversation.
Dialog {
    id: root

    property real seq: 0

    signal confirmed(real seq)

    function ask(seq) {
        root.seq = seq
        root.open()
    }

    parent: T.Overlay.overlay
    anchors.centerIn: parent
    modal: true
    focus: true
    title: qsTr("Delete this message?")
    standardButtons: Dialog.Ok | Dialog.Cancel
    Component.onCompleted: root.standardButton(Dialog.Ok).text = qsTr("Delete")
    onAccepted: root.confirmed(root.seq)

    Label {
        width: Math.min(360, implicitWidth)
        wrapMode: Text.Wrap
        text: qsTr("It disappears for everyone in the conversation. This cannot be undone.")
        color: Theme.text
        font.pixelSize: Theme.fontSize
    }
}
