import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// One row of the conversation. The first message of a run by one person gets their avatar, name
// and time; the rest are compact continuation rows. The body is HTML the C++ side rendered from
// markdown with HTML turned off, so nothing a person types becomes markup here; links open in the
// browser, and hovering one shows where it really goes.
Item {
    id: root

    required property int index
    required property real seq
    required property string sender
    required property string text
    required property string html
    required property date time
    required property string dayLabel
    required property bool showDay
    required property bool showSender
    required property bool isOwn
    required property bool edited
    required property bool deleted
    required property real replyTo
    required property string replySender
    required property string replyPreview
    required property var reactions
    required property string status
    required property string error
    required property string outboxKey
    required property bool mentionsMe
    required property bool isFirstUnread
    // The attachment (the page binds these from the model's roles of the same names).
    property bool hasAttachment: false
    property string attachmentName
    property string attachmentSizeText
    property bool isImage: false
    property url localUrl
    property string attachmentError

    // True for a moment after the page jumped to this message (flash()).
    property bool highlighted: false
    // The keyboard's current row in a focused list: shows the toolbar as hovering does.
    readonly property bool keyboardCurrent: ListView.isCurrentItem && !!ListView.view && ListView.view.activeFocus

    readonly property bool stored: root.seq > 0
    readonly property bool actionable: root.stored && !root.deleted
    readonly property string timeText: Qt.formatTime(root.time,
                                                     Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, ""))
    // What a reply quotes: the start of the text on one line.
    readonly property string plainPreview: {
        const flat = root.text.replace(/\s+/g, " ").trim()
        return flat.length > 80 ? flat.substring(0, 79) + "…" : flat
    }
    readonly property int gutter: Theme.spacingLarge + Theme.avatarSize + Theme.spacing + 4

    signal replyRequested(real seq, string sender, string preview)
    signal editRequested(real seq, string text)
    signal deleteRequested(real seq)
    signal reactionToggled(real seq, string emoji)
    signal retryRequested(string key)
    signal discardRequested(string key)
    signal jumpRequested(real seq)
    signal attachmentFetchRequested(int row)
    signal contextMenuRequested(Item item, real x, real y)
    // The page opens its one ReactionPicker next to `anchor`.
    signal reactionPickerRequested(real seq, Item anchor)

    // Actions also reachable from the page's context menu (keyboard and right click).
    function reply() { if (root.actionable) root.replyRequested(root.seq, root.sender, root.plainPreview) }
    function startEdit() { if (root.actionable && root.isOwn) root.editRequested(root.seq, root.text) }
    function askDelete() { if (root.actionable && root.isOwn) root.deleteRequested(root.seq) }
    function flash() {
        root.highlighted = true
        flashTimer.restart()
    }
    function openReactionPicker() { if (root.actionable) root.reactionPickerRequested(root.seq, messageRow) }

    implicitWidth: 480
    implicitHeight: column.implicitHeight
    z: hover.hovered ? 1 : 0

    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1, %2: %3").arg(root.isOwn ? qsTr("You") : root.sender).arg(root.timeText)
                         .arg(root.deleted ? qsTr("This message was deleted") : root.text)
    Accessible.description: root.status === "sending" ? qsTr("Sending")
                          : root.status === "failed" ? qsTr("Failed: %1").arg(root.error) : ""

    HoverHandler { id: hover }

    Timer {
        id: flashTimer
        interval: 2000
        onTriggered: root.highlighted = false
    }

    Column {
        id: column
        width: parent.width

        // The parts most rows do not show are made only for the rows that show them: a flood
        // of messages replaces every row on screen at once, and each part made costs time then.
        // (What a loaded part shows is bound in onLoaded, as for the toolbar: qmllint-clean.)
        Loader {
            id: dayLoader
            width: parent.width
            active: root.showDay
            visible: active
            sourceComponent: DaySeparator {}
            onLoaded: dayLoader.item.label = Qt.binding(() => root.dayLabel)
        }

        Loader {
            width: parent.width
            active: root.isFirstUnread
            visible: active
            sourceComponent: UnreadMarker { objectName: "unreadMarker" }
        }

        Item {
            id: messageRow
            width: parent.width
            implicitHeight: Math.max(content.y + content.implicitHeight,
                                     root.showSender ? avatar.y + avatar.height : 0) + 2

            Rectangle {
                objectName: "rowBackground"
                anchors.fill: parent
                color: root.highlighted ? Theme.selection
                     : root.mentionsMe ? Theme.mentionBackground
                     : hover.hovered || root.keyboardCurrent ? Theme.surfaceMuted : "transparent"
                Behavior on color { ColorAnimation { duration: 250 } }

                Rectangle {
                    visible: root.mentionsMe
                    width: 3
                    height: parent.height
                    color: Theme.mentionText
                }
            }

            TapHandler {
                acceptedButtons: Qt.RightButton
                onTapped: (eventPoint, button) => root.contextMenuRequested(root, eventPoint.position.x,
                                                                            eventPoint.position.y)
            }

            Avatar {
                id: avatar
                objectName: "avatar"
                visible: root.showSender
                x: Theme.spacingLarge
                y: content.y + 2
                name: root.sender
            }

            Loader {
                id: gutterTimeLoader
                // Continuation rows show their time in the gutter while hovered.
                active: !root.showSender && hover.hovered
                x: Theme.spacingLarge
                width: Theme.avatarSize + Theme.spacing
                y: content.y + 2
                sourceComponent: Label {
                    textFormat: Text.PlainText
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSizeSmall - 1
                }
                onLoaded: gutterTimeLoader.item.text = Qt.binding(() => root.timeText)
            }

            Column {
                id: content
                x: root.gutter
                y: root.showSender ? Theme.spacing : 1
                width: parent.width - root.gutter - Theme.spacingLarge
                spacing: 2

                Row {
                    objectName: "senderHeader"
                    visible: root.showSender
                    spacing: Theme.spacing

                    Label {
                        id: senderLabel
                        objectName: "senderLabel"
                        text: root.sender
                        textFormat: Text.PlainText
                        color: Theme.colorForName(root.sender)
                        font.pixelSize: Theme.fontSize
                        font.bold: true
                    }
                    Label {
                        objectName: "timeText"
                        anchors.baseline: senderLabel.baseline
                        text: root.timeText
                        textFormat: Text.PlainText
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSizeSmall
                    }
                }

                Loader {
                    id: replyLoader
                    active: root.replyTo > 0
                    visible: active
                    width: Math.min(parent.width, 520)
                    sourceComponent: ReplyPreview {
                        objectName: "replyQuote"
                        onClicked: () => root.jumpRequested(root.replyTo)
                    }
                    onLoaded: {
                        replyLoader.item.sender = Qt.binding(() => root.replySender)
                        replyLoader.item.preview = Qt.binding(() => root.replyPreview)
                    }
                }

                MessageBody {
                    objectName: "messageText"
                    visible: !root.deleted && (root.text.length > 0 || !root.hasAttachment)
                    width: parent.width
                    html: root.html
                }

                Loader {
                    id: attachmentLoader
                    active: root.hasAttachment && !root.deleted
                    visible: active
                    width: Math.min(parent.width, 320)
                    sourceComponent: AttachmentView {
                        objectName: "attachment"
                        onFetchRequested: () => root.attachmentFetchRequested(root.index)
                    }
                    onLoaded: {
                        const view = attachmentLoader.item
                        view.name = Qt.binding(() => root.attachmentName)
                        view.sizeText = Qt.binding(() => root.attachmentSizeText)
                        view.isImage = Qt.binding(() => root.isImage)
                        view.localUrl = Qt.binding(() => root.localUrl)
                        view.error = Qt.binding(() => root.attachmentError)
                    }
                }

                Loader {
                    active: root.deleted
                    visible: active
                    sourceComponent: Label {
                        objectName: "deletedLabel"
                        text: qsTr("This message was deleted")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSize
                        font.italic: true
                    }
                }

                Loader {
                    id: statusLoader
                    width: parent.width
                    active: root.edited && !root.deleted || root.status !== "sent"
                    visible: active
                    sourceComponent: MessageStatus {
                        onRetryClicked: () => root.retryRequested(root.outboxKey)
                        onDiscardClicked: () => root.discardRequested(root.outboxKey)
                    }
                    onLoaded: {
                        statusLoader.item.edited = Qt.binding(() => root.edited && !root.deleted)
                        statusLoader.item.status = Qt.binding(() => root.status)
                        statusLoader.item.error = Qt.binding(() => root.error)
                    }
                }

                Loader {
                    id: reactionLoader
                    width: parent.width
                    // Reactions come as a list (a test model may hand over a ListModel).
                    active: !root.deleted && !!root.reactions
                            && (root.reactions.length ?? root.reactions.count ?? 0) > 0
                    visible: active
                    sourceComponent: ReactionBar {
                        objectName: "reactionBar"
                        onToggled: emoji => root.reactionToggled(root.seq, emoji)
                        onAddRequested: () => root.openReactionPicker()
                    }
                    onLoaded: reactionLoader.item.reactions = Qt.binding(() => root.reactions)
                }
            }

            Loader {
                id: toolbarLoader
                active: root.actionable && (hover.hovered || root.keyboardCurrent)
                anchors.right: parent.right
                anchors.rightMargin: Theme.spacingLarge
                y: 2
                onLoaded: toolbarLoader.item.own = Qt.binding(() => root.isOwn)
                sourceComponent: MessageToolbar {
                    onReactClicked: () => root.openReactionPicker()
                    onReplyClicked: () => root.reply()
                    onEditClicked: () => root.startEdit()
                    onDeleteClicked: () => root.askDelete()
                }
            }
        }
    }
}
