import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Where a message is written. Enter sends, Shift+Enter starts a new line, Escape cancels a reply or
// an edit, Up on an empty composer edits one's last message, "@al" offers people to mention
// (Up/Down, Tab or Enter completes). The text is trimmed; blank text sends nothing.
FocusScope {
    id: root

    property bool canSend: true
    property string placeholderText: qsTr("Write a message…")
    // Shown instead of the placeholder when sending is not possible here.
    property string disabledHint: qsTr("You cannot send messages here")
    // prefix -> names to offer after "@prefix" (the page passes chat.mentionCandidates).
    property var candidatesFor: prefix => []

    readonly property alias text: input.text
    readonly property bool hasText: input.text.trim().length > 0
    readonly property real replyToSeq: d.replyToSeq
    readonly property real editSeq: d.editSeq
    readonly property bool editing: d.editSeq > 0
    readonly property bool mentionOpen: mentionPopup.visible

    signal sendRequested(string text, real replyTo)
    signal editRequested(real seq, string text)
    signal typingActivity(bool active)
    signal editLastRequested()
    signal pageRequested(int direction)
    signal newestRequested()

    function startReply(seq, sender, preview) {
        d.editSeq = 0
        d.replyToSeq = seq
        d.replySender = sender
        d.replyPreview = preview
        input.forceActiveFocus()
    }
    function startEdit(seq, text) {
        d.replyToSeq = 0
        d.editSeq = seq
        d.quiet = true
        input.text = text
        d.quiet = false
        input.cursorPosition = input.length
        input.forceActiveFocus()
    }
    function cancel() {
        if (root.editing) {
            d.quiet = true
            input.clear()
            d.quiet = false
        }
        d.editSeq = 0
        d.replyToSeq = 0
    }
    // Sends (or saves the edit of) the trimmed text and clears the field. Returns whether it did.
    function send() {
        const message = input.text.trim()
        if (!root.canSend || message.length === 0)
            return false
        if (root.editing)
            root.editRequested(d.editSeq, message)
        else
            root.sendRequested(message, d.replyToSeq)
        d.editSeq = 0
        d.replyToSeq = 0
        d.quiet = true
        input.clear()
        d.quiet = false
        root.typingActivity(false)
        return true
    }

    implicitHeight: layout.implicitHeight + Theme.spacing + Theme.spacingSmall + Theme.spacing
    implicitWidth: 320

    QtObject {
        id: d
        property real replyToSeq: 0
        property string replySender
        property string replyPreview
        property real editSeq: 0
        // Set while the text changes by program (edit, clear, completion): no typing signal.
        property bool quiet: false
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.surface
    }

    ColumnLayout {
        id: layout
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacingLarge
        anchors.topMargin: Theme.spacing + Theme.spacingSmall
        anchors.bottomMargin: Theme.spacing
        spacing: Theme.spacingSmall

        ReplyPreview {
            objectName: "replyBar"
            Layout.fillWidth: true
            visible: d.replyToSeq > 0 || d.editSeq > 0
            closable: true
            heading: d.editSeq > 0 ? qsTr("Editing your message") : qsTr("Replying to")
            sender: d.editSeq > 0 ? "" : d.replySender
            preview: d.editSeq > 0 ? qsTr("Enter saves, Escape cancels") : d.replyPreview
            onCloseRequested: root.cancel()
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing + 2

            Rectangle {
                id: frame
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignVCenter
                // Grows with the text up to about eight lines, then scrolls.
                implicitHeight: Math.min(scroll.implicitHeight,
                                         Math.ceil(input.font.pixelSize * 1.45 * 8) + input.topPadding + input.bottomPadding)
                radius: 20
                color: root.canSend ? Theme.surfaceMuted : Theme.window
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
                        enabled: root.canSend
                        wrapMode: TextEdit.Wrap
                        textFormat: TextEdit.PlainText
                        placeholderText: root.canSend ? root.placeholderText : root.disabledHint
                        placeholderTextColor: Theme.textDisabled
                        color: Theme.text
                        selectionColor: Theme.selection
                        selectedTextColor: Theme.text
                        font.pixelSize: Theme.fontSize
                        selectByMouse: true
                        topPadding: 10
                        bottomPadding: 10
                        background: null
                        Accessible.name: root.editing ? qsTr("Edit message") : qsTr("Message")
                        Accessible.description: root.canSend
                            ? qsTr("Enter sends, Shift+Enter starts a new line, @ mentions someone")
                            : root.disabledHint

                        Keys.onPressed: event => root.handleKey(event)
                        onTextChanged: {
                            mentionPopup.update()
                            if (!d.quiet && !root.editing)
                                root.typingActivity(input.text.length > 0)
                        }
                        onCursorPositionChanged: mentionPopup.update()
                    }
                }
            }

            Button {
                id: sendButton
                objectName: "sendButton"
                Layout.alignment: Qt.AlignVCenter
                enabled: root.canSend && root.hasText
                text: root.editing ? qsTr("Save") : qsTr("Send")
                focusPolicy: Qt.NoFocus
                Accessible.name: root.editing ? qsTr("Save the edit") : qsTr("Send message")
                onClicked: root.send()

                contentItem: Label {
                    text: sendButton.text
                    color: sendButton.enabled ? Theme.textOnAccent : Theme.textDisabled
                    font.pixelSize: Theme.fontSize
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
    }

    MentionPopup {
        id: mentionPopup
        objectName: "mentionPopup"
        parent: frame
        x: 0
        y: -height - Theme.spacingSmall
        textArea: input
        candidatesFor: root.candidatesFor
        onChosen: name => mentionPopup.complete(name)
    }

    function handleKey(event) {
        const plain = !(event.modifiers & (Qt.ShiftModifier | Qt.ControlModifier | Qt.AltModifier))
        const isReturn = event.key === Qt.Key_Return || event.key === Qt.Key_Enter
        if (mentionPopup.visible) {
            event.accepted = true
            if (event.key === Qt.Key_Up)
                mentionPopup.moveUp()
            else if (event.key === Qt.Key_Down)
                mentionPopup.moveDown()
            else if ((event.key === Qt.Key_Tab || isReturn) && plain)
                mentionPopup.complete(mentionPopup.currentName)
            else if (event.key === Qt.Key_Escape)
                mentionPopup.close()
            else
                event.accepted = false
            if (event.accepted)
                return
        }
        if (isReturn) {
            // Shift+Enter falls through to the text area, which inserts the line break.
            event.accepted = !(event.modifiers & Qt.ShiftModifier)
            if (event.accepted)
                root.send()
        } else if (event.key === Qt.Key_Escape && (root.editing || d.replyToSeq > 0)) {
            root.cancel()
            event.accepted = true
        } else if (event.key === Qt.Key_Up && plain && input.length === 0 && !root.editing) {
            root.editLastRequested()
            event.accepted = true
        } else if (event.key === Qt.Key_PageUp || event.key === Qt.Key_PageDown) {
            root.pageRequested(event.key === Qt.Key_PageUp ? -1 : 1)
            event.accepted = true
        } else if (event.key === Qt.Key_End && (event.modifiers & Qt.ControlModifier)) {
            root.newestRequested()
            event.accepted = false
        } else if (event.key === Qt.Key_Tab || event.key === Qt.Key_Backtab) {
            // Tab moves on to the next control instead of typing a tab character.
            const next = input.nextItemInFocusChain(event.key === Qt.Key_Tab && !(event.modifiers & Qt.ShiftModifier))
            if (next)
                next.forceActiveFocus(Qt.TabFocusReason)
            event.accepted = true
        } else {
            event.accepted = false
        }
    }
}
