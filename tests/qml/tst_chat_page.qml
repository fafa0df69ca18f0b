import QtQuick
import QtTest
import Confab.UI

// ChatPage against a stand-in ChatViewModel: sending, paging back, keeping the reading position,
// jumping, and the actions of a message reaching the view model.
TestCase {
    id: testCase
    name: "ChatPage"
    width: 700
    height: 500
    visible: true
    when: windowShown

    ListModel {
        id: messages
        // As MessageListModel: new rows were added at the end, old ones may go next.
        signal rowsAppended()
    }

    QtObject {
        id: standIn
        property string streamId: "room:general"
        property string title: "# general"
        property string kind: "room"
        property var messages: messages
        property string typingText: ""
        property real firstUnreadSeq: 0
        property int unreadCount: 0
        property bool hasOlder: false
        property bool loadingOlder: false
        property var members: ["alice", "bob", "carol"]
        property bool canSend: true
        property var calls: []

        signal positionRequested(int row)

        function record(name, args) { calls.push([name].concat(Array.prototype.slice.call(args))) }
        function send(text, replyTo) { record("send", arguments) }
        function edit(seq, text) { record("edit", arguments) }
        function remove(seq) { record("remove", arguments) }
        function toggleReaction(seq, emoji) { record("toggleReaction", arguments) }
        function loadOlder() { record("loadOlder", arguments); loadingOlder = true }
        function markAllRead() { record("markAllRead", arguments) }
        function jumpToFirstUnread() { record("jumpToFirstUnread", arguments) }
        function jumpTo(seq) { record("jumpTo", arguments) }
        function retry(key) { record("retry", arguments) }
        function discard(key) { record("discard", arguments) }
        function setTyping(active) { record("setTyping", arguments) }
        function mentionCandidates(prefix) { return members.filter(name => name.startsWith(prefix)) }
        function called(name) { return calls.filter(call => call[0] === name) }
    }

    Component {
        id: pageComponent
        ChatPage {
            anchors.fill: parent
            chat: standIn
        }
    }

    function row(seq, sender, extra) {
        const base = { seq: seq, sender: sender, text: "message " + seq, html: "<p>message " + seq + "</p>",
                       time: new Date(2024, 0, 15, 9, 0, seq), dayLabel: "Today", showDay: seq === 1,
                       showSender: true, isOwn: sender === "alice", edited: false, deleted: false, replyTo: 0,
                       replySender: "", replyPreview: "", reactions: [], status: "sent", error: "",
                       outboxKey: "", mentionsMe: false, isFirstUnread: false }
        return Object.assign(base, extra || {})
    }
    function fill(first, last) {
        for (let seq = first; seq <= last; ++seq)
            messages.append(row(seq, seq % 3 === 0 ? "alice" : "bob"))
    }
    function createPage() {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(page)
        const list = findChild(page, "messageList")
        waitForRendering(page)
        return page
    }
    // The message in the middle of the view.
    function firstVisibleSeq(list) {
        const index = list.indexAt(10, list.contentY + list.height / 2)
        return index < 0 ? -1 : list.itemAtIndex(index).seq
    }

    function init() {
        // The last test's page is destroyed later (deferred): let that happen before its model
        // changes, or its handlers run on a page half torn down.
        wait(0)
        messages.clear()
        standIn.calls = []
        standIn.hasOlder = false
        standIn.loadingOlder = false
        standIn.firstUnreadSeq = 0
        standIn.unreadCount = 0
        standIn.canSend = true
        standIn.kind = "room"
    }

    function test_opensAtTheNewestAndFollowsNewMessages() {
        fill(1, 60)
        const page = createPage()
        const list = findChild(page, "messageList")
        tryVerify(() => list.atYEnd)
        fill(61, 62)
        tryVerify(() => list.atYEnd && list.indexAt(10, list.contentY + list.height - 20) === 61)
    }

    // A flood replaces every row: the new ones come in at the end, then the old ones go. The view
    // is at the newest rows within the same update, before anything is drawn, so it builds and
    // shows only those (not first the oldest of the new rows, where the old ones were).
    function test_followsAFloodThatReplacesEveryRow() {
        fill(1, 60)
        const page = createPage()
        const list = findChild(page, "messageList")
        tryVerify(() => list.atYEnd)
        fill(61, 120)
        messages.rowsAppended()
        messages.remove(0, 60)
        list.forceLayout()
        compare(list.count, 60)
        compare(list.indexAt(10, list.contentY + list.height - 20), 59)
        compare(list.itemAtIndex(59).seq, 120)
        waitForRendering(page)
        verify(list.atYEnd)
        compare(list.itemAtIndex(59).seq, 120)
    }

    // Scrolled up to read, the view stays on what the person reads while a flood comes in.
    function test_aFloodDoesNotMoveAViewScrolledUp() {
        fill(1, 60)
        const page = createPage()
        const list = findChild(page, "messageList")
        tryVerify(() => list.atYEnd)
        page.composer.forceActiveFocus()
        keyClick(Qt.Key_PageUp)
        const before = firstVisibleSeq(list)
        fill(61, 120)
        messages.rowsAppended()
        waitForRendering(page)
        compare(firstVisibleSeq(list), before)
        verify(!list.atYEnd)
    }

    function test_readingTheNewestMarksRead() {
        fill(1, 5)
        standIn.unreadCount = 2
        const page = createPage()
        if (!page.Window.active)
            skip("the test window is not active on this platform")
        tryVerify(() => standIn.called("markAllRead").length === 1)
    }

    function test_composerSendsThroughTheViewModel() {
        fill(1, 3)
        const page = createPage()
        page.composer.forceActiveFocus()
        keyClick("h")
        keyClick("i")
        keyClick(Qt.Key_Return)
        compare(standIn.called("send").length, 1)
        compare(standIn.called("send")[0][1], "hi")
        compare(standIn.called("send")[0][2], 0)
        verify(standIn.called("setTyping").length >= 2)
    }

    function test_scrollingToTheTopLoadsOlderAndKeepsThePlace() {
        fill(41, 90)
        standIn.hasOlder = true
        const page = createPage()
        const list = findChild(page, "messageList")
        tryVerify(() => list.atYEnd)
        compare(standIn.called("loadOlder").length, 0)
        // The user scrolls up with the wheel until the view asks for older messages.
        for (let i = 0; i < 40 && standIn.called("loadOlder").length === 0; ++i) {
            mouseWheel(list, list.width / 2, list.height / 2, 0, 240)
            wait(50)
        }
        compare(standIn.called("loadOlder").length, 1)
        verify(findChild(page, "olderBusy").visible)
        list.cancelFlick()
        // A wheel flick into the top may still rebound from the edge: the place to keep is where
        // the view came to rest.
        tryVerify(() => !list.moving, 2000)
        const before = firstVisibleSeq(list)
        for (let seq = 40; seq >= 21; --seq)
            messages.insert(0, row(seq, "carol"))
        standIn.loadingOlder = false
        waitForRendering(page)
        tryVerify(() => firstVisibleSeq(list) === before, 2000, "the rows on screen stay where they were")
    }

    function test_aShortConversationFetchesOlderAtOnce() {
        fill(1, 3)
        standIn.hasOlder = true
        createPage()
        tryVerify(() => standIn.called("loadOlder").length === 1)
    }

    function test_olderRowsArrivingAtTheVeryTopDoNotPushTheView() {
        fill(41, 80)
        const page = createPage()
        const list = findChild(page, "messageList")
        tryVerify(() => list.atYEnd)
        page.composer.forceActiveFocus()
        for (let i = 0; i < 20 && !list.atYBeginning; ++i)
            keyClick(Qt.Key_PageUp)
        verify(list.atYBeginning)
        const before = firstVisibleSeq(list)
        for (let seq = 40; seq >= 11; --seq)
            messages.insert(0, row(seq, "carol"))
        tryVerify(() => firstVisibleSeq(list) === before, 2000, "the rows on screen stay where they were")
    }

    function test_positionRequestedScrollsThereAndHighlights() {
        fill(1, 50)
        const page = createPage()
        const list = findChild(page, "messageList")
        standIn.positionRequested(10)
        const item = list.itemAtIndex(10)
        verify(item)
        verify(item.highlighted)
        verify(item.y >= list.contentY && item.y + item.height <= list.contentY + list.height)
        verify(findChild(page, "jumpToNewest").visible)
    }

    function test_jumpToFirstUnreadButton() {
        fill(1, 60)
        messages.setProperty(20, "isFirstUnread", true)
        standIn.firstUnreadSeq = 21
        standIn.unreadCount = 40
        const page = createPage()
        const button = findChild(page, "jumpToUnread")
        const list = findChild(page, "messageList")
        tryVerify(() => button.visible)
        verify(button.text.indexOf("40") >= 0, button.text)
        mouseClick(button)
        compare(standIn.called("jumpToFirstUnread").length, 1)
        standIn.positionRequested(20)
        tryVerify(() => !button.visible)
    }

    function test_replyFromTheToolbarSendsAReply() {
        fill(1, 5)
        const page = createPage()
        const list = findChild(page, "messageList")
        const item = list.itemAtIndex(4)
        mouseMove(item, item.width / 2, item.height / 2)
        let reply = null
        tryVerify(() => (reply = findChild(item, "replyButton")) !== null)
        mouseClick(reply)
        keyClick("o")
        keyClick("k")
        keyClick(Qt.Key_Return)
        compare(standIn.called("send")[0][2], 5)
    }

    function test_upOnEmptyComposerEditsMyLastMessage() {
        fill(1, 10)
        const page = createPage()
        page.composer.forceActiveFocus()
        keyClick(Qt.Key_Up)
        verify(page.composer.editing)
        compare(page.composer.editSeq, 9)
        compare(page.composer.text, "message 9")
        keyClick("!")
        keyClick(Qt.Key_Return)
        compare(standIn.called("edit")[0][1], 9)
        compare(standIn.called("edit")[0][2], "message 9!")
    }

    function test_reactionsAndRetryReachTheViewModel() {
        fill(1, 3)
        messages.append(row(0, "alice", { status: "failed", error: "forbidden", outboxKey: "k-1" }))
        const page = createPage()
        const list = findChild(page, "messageList")
        tryVerify(() => list.itemAtIndex(3) !== null)
        mouseClick(findChild(list.itemAtIndex(3), "retryButton"))
        compare(standIn.called("retry")[0][1], "k-1")
        list.itemAtIndex(2).reactionToggled(3, "🎉")
        compare(standIn.called("toggleReaction")[0][1], 3)
    }

    function test_reactionPickerReacts() {
        fill(1, 5)
        const page = createPage()
        const list = findChild(page, "messageList")
        const item = list.itemAtIndex(4)
        mouseMove(item, item.width / 2, item.height / 2)
        let react = null
        tryVerify(() => (react = findChild(item, "reactButton")) !== null)
        mouseClick(react)
        const picker = findChild(page, "reactionPicker")
        verify(picker)
        tryVerify(() => picker.opened)
        const emoji = findChild(picker.contentItem, "emoji_0")
        verify(emoji)
        mouseClick(emoji)
        compare(standIn.called("toggleReaction")[0][1], 5)
        compare(standIn.called("toggleReaction")[0][2], "👍")
    }

    function test_deleteAsksFirstThenRemoves() {
        fill(1, 5)
        const page = createPage()
        const list = findChild(page, "messageList")
        const own = list.itemAtIndex(2)
        verify(own.isOwn)
        own.askDelete()
        const dialog = findChild(page, "deleteDialog")
        verify(dialog)
        tryVerify(() => dialog.opened)
        compare(standIn.called("remove").length, 0, "nothing is deleted before the answer")
        dialog.accept()
        compare(standIn.called("remove")[0][1], 3)
    }

    function test_rightClickOpensTheMessageMenu() {
        fill(1, 5)
        const page = createPage()
        const list = findChild(page, "messageList")
        const item = list.itemAtIndex(4)
        mouseClick(item, item.width / 2, item.height / 2, Qt.RightButton)
        const menu = findChild(page, "messageMenu")
        verify(menu)
        tryVerify(() => menu.opened)
        compare(menu.target, item)
        menu.close()
    }

    function test_topicCannotBeWrittenTo() {
        standIn.kind = "topic"
        standIn.canSend = false
        const page = createPage()
        const input = findChild(page.composer, "composerInput")
        verify(!input.enabled)
        verify(input.placeholderText.indexOf("curl") >= 0)
    }

    function test_pageKeysScroll() {
        fill(1, 50)
        const page = createPage()
        const list = findChild(page, "messageList")
        tryVerify(() => list.atYEnd)
        page.composer.forceActiveFocus()
        const bottom = list.contentY
        keyClick(Qt.Key_PageUp)
        verify(list.contentY < bottom - list.height / 2)
        verify(findChild(page, "jumpToNewest").visible)
        keyClick(Qt.Key_End, Qt.ControlModifier)
        tryVerify(() => list.atYEnd)
    }
}
