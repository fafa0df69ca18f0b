import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Where a message is written. Enter sends, Shift+Enter starts a new line; the text is trimmed,
// and empty text or a composer that may not send (offline) sends nothing.
FocusScope {
    id: root

    // Whether sending is possible now (connected).
    property bool canSend: true
    property string placeholderText: qsTr("Write a message…")
    readonly property alias text: input.text
    readonly property bool hasText: input.text.trim().length > 0

    signal sendRequested(string text)

    // Emits sendRequested with the trimmed text and clears the field. Returns whether it sent.
    function send() {
        const message = input.text.trim()
        if (!root.canSend || message.length === 0)
            return false
        root.sendRequested(message)
        input.clear()
        return true
    }

    implicitHeight: frame.implicitHeight + 2 * Theme.spacing + Theme.spacingSmall
    implicitWidth: 320

    Rectangle {
        anchors.fill: parent
        color: Theme.surface

        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: 1
            color: Theme.divider
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacingLarge
        anchors.topMargin: Theme.spacing + Theme.spacingSmall
        anchors.bottomMargin: Theme.spacing
        spacing: Theme.spacing + 2

        Rectangle {
            id: frame
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            implicitHeight: Math.min(scroll.implicitHeight, 160)
            radius: 20
            color: Theme.surfaceMuted
            border.color: input.activeFocus ? Theme.accent : Theme.border

            ScrollView {
                id: scroll
                anchors.fill: parent
                focus: true
                anchors.leftMargin: 6
                anchors.rightMargin: 6

                TextArea {
                    id: input
                    objectName: "composerInput"
                    focus: true
                    wrapMode: TextEdit.Wrap
                    textFormat: TextEdit.PlainText
                    placeholderText: root.placeholderText
                    placeholderTextColor: Theme.textDisabled
                    color: Theme.text
                    selectByMouse: true
                    topPadding: 10
                    bottomPadding: 10
                    background: null
                    Accessible.name: qsTr("Message")
                    Accessible.description: qsTr("Enter sends, Shift+Enter starts a new line")

                    Keys.onReturnPressed: event => root.handleReturn(event)
                    Keys.onEnterPressed: event => root.handleReturn(event)
                }
            }
        }

        Button {
            id: sendButton
            objectName: "sendButton"
            Layout.alignment: Qt.AlignVCenter
            enabled: root.canSend && root.hasText
            text: qsTr("Send")
            focusPolicy: Qt.NoFocus
            Accessible.name: qsTr("Send message")
            onClicked: root.send()

            contentItem: Label {
                text: sendButton.text
                color: sendButton.enabled ? Theme.textOnAccent : Theme.textDisabled
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                implicitWidth: 76
                implicitHeight: 40
                radius: 20
                color: !sendButton.enabled ? Theme.divider
                                           : sendButton.down ? Theme.accentPressed
                                                             : sendButton.hovered ? Theme.accentHover : Theme.accent
            }
        }
    }

    function handleReturn(event) {
        // Shift+Enter falls through to the text area, which inserts the line break.
        if (event.modifiers & Qt.ShiftModifier) {
            event.accepted = false
            return
        }
        event.accepted = true
        root.send()
    }
}
