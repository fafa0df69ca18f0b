import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// The open conversation: header, messages (older pages load when scrolled near the top), the
// "New messages" marker with a jump button, who is typing, and the composer. Reading the newest
// messages while the window is active marks the conversation read.
FocusScope {
    id: root

    // A ChatViewModel (or a stand-in with the same names in tests).
    required property var chat

    readonly property bool hasStream: !!root.chat && root.chat.streamId.length > 0
    property alias composer: composer
    property alias messageList: messageList

    signal searchRequested()

    readonly property bool readingNewest: root.hasStream && root.visible && root.Window.active
                                          && messageList.followNewest && root.chat.unreadCount > 0
    onReadingNewestChanged: if (root.readingNewest) markReadTimer.restart()

    // Up on an empty composer edits one's newest message still on screen (or just above it).
    function editLastOwnMessage() {
        for (let i = messageList.count - 1; i >= 0; --i) {
            lastOwn.probe = messageList.itemAtIndex(i)
            if (!lastOwn.probe)
                return
            if (lastOwn.probe.isOwn && lastOwn.probe.actionable) {
                composer.startEdit(lastOwn.probe.seq, lastOwn.probe.text)
                return
            }
        }
    }

    QtObject {
        id: lastOwn
        // A MessageDelegate being looked at.
        property var probe: null
    }

    Timer {
        id: markReadTimer
        interval: 400
        onTriggered: if (root.readingNewest) root.chat.markAllRead()
    }

    Connections {
        target: root.chat
        ignoreUnknownSignals: true
        function onOpenedChanged() { composer.cancel() }
        function onStreamIdChanged() { composer.cancel() }
        // The marker may lag behind new messages: mark again while the newest stays in view.
        function onUnreadCountChanged() { if (root.readingNewest) markReadTimer.restart() }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RoomHeader {
            Layout.fillWidth: true
            visible: root.hasStream
            title: root.hasStream ? root.chat.title : ""
            kind: root.hasStream ? root.chat.kind : ""
            subtitle: !root.hasStream ? ""
                    : root.chat.kind === "dm" ? qsTr("Direct message")
                    : root.chat.kind === "topic" ? qsTr("Notification topic")
                    : root.chat.members.length === 1 ? qsTr("1 member")
                    : qsTr("%1 members").arg(root.chat.members.length)
            onSearchRequested: root.searchRequested()
        }

        Item {
            id: listArea
            Layout.fillWidth: true
            Layout.fillHeight: true

            MessageTimeline {
                id: messageList
                objectName: "messageList"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                chat: root.chat
                availableHeight: listArea.height
                onMenuRequested: item => messageMenu.openFor(item, item.width / 2, 0)
                onEscapePressed: composer.forceActiveFocus()

                delegate: MessageDelegate {
                    width: ListView.view.width
                    onReplyRequested: (seq, sender, preview) => composer.startReply(seq, sender, preview)
                    onEditRequested: (seq, text) => composer.startEdit(seq, text)
                    onDeleteRequested: seq => deleteDialog.ask(seq)
                    onReactionToggled: (seq, emoji) => root.chat.toggleReaction(seq, emoji)
                    onRetryRequested: key => root.chat.retry(key)
                    onDiscardRequested: key => root.chat.discard(key)
                    onJumpRequested: seq => root.chat.jumpTo(seq)
                    onAttachmentFetchRequested: row => root.chat.messages.fetchAttachment(row)
                    // Optional roles: models without attachments (test models) leave them out.
                    required property var model
                    hasAttachment: !!model.hasAttachment
                    attachmentName: model.attachmentName ?? ""
                    attachmentSizeText: model.attachmentSizeText ?? ""
                    isImage: !!model.isImage
                    localUrl: model.localUrl ?? ""
                    attachmentError: model.attachmentError ?? ""
                    onContextMenuRequested: (item, x, y) => messageMenu.openFor(item, x, y)
                    onReactionPickerRequested: (seq, anchor) => reactionPicker.openFor(seq, anchor)
                }
            }

            // A few messages sit at the bottom, next to the composer, as in any chat. Delayed:
            // the height decides which delegates exist, and they decide contentHeight.
            Binding {
                target: messageList
                property: "height"
                value: Math.min(listArea.height, messageList.contentHeight + messageList.topMargin)
                delayed: true
            }

            BusyIndicator {
                objectName: "olderBusy"
                anchors.top: parent.top
                anchors.horizontalCenter: parent.horizontalCenter
                running: root.hasStream && root.chat.loadingOlder
                visible: running
                Accessible.name: qsTr("Loading older messages")
            }

            JumpToUnreadButton {
                objectName: "jumpToUnread"
                anchors.top: parent.top
                anchors.topMargin: Theme.spacing
                anchors.horizontalCenter: parent.horizontalCenter
                visible: root.hasStream && root.chat.firstUnreadSeq > 0 && !messageList.firstUnreadSeen
                unreadCount: root.hasStream ? root.chat.unreadCount : 0
                onClicked: root.chat.jumpToFirstUnread()
            }

            RoundButton {
                objectName: "jumpToNewest"
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: Theme.spacingLarge
                visible: root.hasStream && !messageList.followNewest && messageList.count > 0
                text: "↓"
                focusPolicy: Qt.TabFocus
                Accessible.name: qsTr("Jump to the newest message")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Jump to the newest message (Ctrl+End)")
                onClicked: messageList.positionAtNewest()
            }

            Column {
                anchors.centerIn: parent
                visible: messageList.count === 0 && !(root.hasStream && root.chat.loadingOlder)
                spacing: Theme.spacing

                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: root.hasStream ? qsTr("No messages yet") : qsTr("No conversation open")
                    color: Theme.text
                    font.pixelSize: Theme.fontSizeTitle
                    font.bold: true
                }
                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: root.hasStream ? qsTr("Messages in %1 will appear here.").arg(root.chat.title)
                                         : qsTr("Pick a room or a person in the sidebar.")
                    textFormat: Text.PlainText
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSize
                }
            }
        }

        TypingIndicator {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingLarge + 4
            Layout.rightMargin: Theme.spacingLarge
            visible: root.hasStream
            text: root.hasStream ? root.chat.typingText : ""
        }

        Composer {
            id: composer
            Layout.fillWidth: true
            visible: root.hasStream
            focus: true
            canSend: root.hasStream && root.chat.canSend
            placeholderText: root.hasStream ? qsTr("Message %1").arg(root.chat.title) : ""
            disabledHint: root.hasStream && root.chat.kind === "topic"
                          ? qsTr("Topics receive notifications; publish with curl")
                          : qsTr("You cannot send messages here")
            candidatesFor: prefix => root.chat.mentionCandidates(prefix)
            onSendRequested: (text, replyTo) => root.chat.send(text, replyTo)
            onEditRequested: (seq, text) => root.chat.edit(seq, text)
            onTypingActivity: active => root.chat.setTyping(active)
            onEditLastRequested: root.editLastOwnMessage()
            onPageRequested: direction => messageList.scrollPage(direction)
            onNewestRequested: messageList.positionAtNewest()
        }
    }

    MessageMenu {
        id: messageMenu
        objectName: "messageMenu"
        onCopyRequested: text => { clipboardHelper.text = text; clipboardHelper.selectAll(); clipboardHelper.copy() }
        onReactRequested: target => target.openReactionPicker()
    }

    ReactionPicker {
        id: reactionPicker
        objectName: "reactionPicker"
        property real seq: 0
        function openFor(seq, anchor) {
            reactionPicker.seq = seq
            reactionPicker.parent = anchor
            reactionPicker.x = anchor.width - reactionPicker.width - Theme.spacingLarge
            reactionPicker.y = -reactionPicker.height + Theme.spacing
            reactionPicker.open()
        }
        onPicked: emoji => root.chat.toggleReaction(reactionPicker.seq, emoji)
    }

    DeleteMessageDialog {
        id: deleteDialog
        objectName: "deleteDialog"
        onConfirmed: seq => root.chat.remove(seq)
    }

    // Copies through a text editor: QML has no clipboard of its own.
    TextEdit {
        id: clipboardHelper
        visible: false
    }
}
