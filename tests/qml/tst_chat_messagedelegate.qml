import QtQuick
import QtTest
import Confab.UI

// MessageDelegate: safe rich text, grouping, reactions, outbox states and the actions it emits.
TestCase {
    id: testCase
    name: "ChatMessageDelegate"
    width: 640
    height: 400
    visible: true
    when: windowShown

    Component {
        id: delegateComponent
        MessageDelegate {
            width: 600
            index: 0
            seq: 7
            sender: "mallory"
            text: "plain"
            html: "<p>plain</p>"
            time: new Date(2024, 0, 15, 9, 41)
            dayLabel: "Today"
            showDay: false
            showSender: true
            isOwn: false
            edited: false
            deleted: false
            replyTo: 0
            replySender: ""
            replyPreview: ""
            reactions: []
            status: "sent"
            error: ""
            outboxKey: ""
            mentionsMe: false
            isFirstUnread: false
            hasAttachment: false
            attachmentName: ""
            attachmentSizeText: ""
            isImage: false
            localUrl: ""
            attachmentError: ""
        }
    }

    SignalSpy { id: spy }

    function createDelegate(properties) {
        const item = createTemporaryObject(delegateComponent, testCase, properties)
        verify(item)
        return item
    }
    function listen(item, signalName) {
        spy.clear()
        spy.target = item
        spy.signalName = signalName
    }
    function plainText(edit) { return edit.getText(0, edit.length) }
    // Parts a row does not show may not exist at all (made only when shown).
    function shown(item, name) {
        const child = findChild(item, name)
        return !!child && child.visible
    }

    function test_imageAttachmentShowsAsPreview() {
        const item = createDelegate({ hasAttachment: true, attachmentName: "logo.png", attachmentSizeText: "2 KB",
                                      isImage: true, localUrl: Qt.resolvedUrl("../../resources/icons/confab-48.png") })
        const image = findChild(item, "attachmentImage")
        verify(image)
        tryCompare(image, "status", Image.Ready)
        verify(image.visible)
        verify(image.width <= 320 && image.height <= 240 && image.width > 0)
        compare(image.Accessible.name, "logo.png")
        verify(!findChild(item, "attachmentLink").visible)
    }

    function test_fileAttachmentIsALinkThatAsksForTheDownload() {
        const item = createDelegate({ hasAttachment: true, attachmentName: "notes.txt", attachmentSizeText: "21 bytes",
                                      isImage: false, index: 3 })
        const link = findChild(item, "attachmentLink")
        verify(link)
        verify(link.visible)
        compare(link.text, "notes.txt (21 bytes)")
        listen(item, "attachmentFetchRequested")
        mouseClick(link)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 3)
    }

    function test_rendersTheHtmlFromTheModel() {
        const item = createDelegate({ text: "**bold** words", html: "<p><b>bold</b> words</p>" })
        const body = findChild(item, "messageText")
        compare(body.textFormat, TextEdit.RichText)
        compare(plainText(body), "bold words")
        verify(body.readOnly)
        verify(body.selectByMouse)
    }

    function test_escapedMarkupFromPeopleStaysLiteralText() {
        const literal = "<span style=\"font-size:60pt\">big</span>"
        const item = createDelegate({ text: literal,
                                      html: "<p>&lt;span style=&quot;font-size:60pt&quot;&gt;big&lt;/span&gt;</p>" })
        const body = findChild(item, "messageText")
        compare(plainText(body), literal)
        // Shown as text it is one ordinary line; interpreted it would be a 60pt giant.
        compare(body.lineCount, 1)
        verify(body.height < Theme.fontSize * 3, "height " + body.height)
    }

    function test_linkShowsItsRealAddressWhenHovered() {
        const item = createDelegate({ html: "<p><a href=\"https://evil.example/x\">https://bank.example</a></p>" })
        const body = findChild(item, "messageText")
        const y = body.height / 2
        compare(body.linkAt(10, y), "https://evil.example/x")
        mouseMove(body, 10, y)
        // The tooltip shows hoveredLink: the target, not the label.
        tryCompare(body, "hoveredLink", "https://evil.example/x")
    }

    function test_headerOnlyOnTheFirstMessageOfARun() {
        const first = createDelegate({ showSender: true })
        const next = createDelegate({ showSender: false })
        verify(findChild(first, "senderHeader").visible)
        verify(findChild(first, "avatar").visible)
        compare(findChild(first, "senderLabel").text, "mallory")
        verify(findChild(first, "timeText").text.indexOf("41") >= 0)
        verify(!findChild(next, "senderHeader").visible)
        verify(!findChild(next, "avatar").visible)
        verify(next.height < first.height)
    }

    function test_daySeparatorAndUnreadMarker() {
        const plain = createDelegate({})
        const marked = createDelegate({ showDay: true, dayLabel: "Yesterday", isFirstUnread: true })
        verify(!shown(plain, "dayLabel"))
        verify(!shown(plain, "unreadMarker"))
        compare(findChild(marked, "dayLabel").text, "Yesterday")
        verify(findChild(marked, "dayLabel").visible)
        verify(findChild(marked, "unreadMarker").visible)
    }

    function test_reactionChipTogglesMyReaction() {
        const item = createDelegate({ reactions: [{ emoji: "👍", count: 2, mine: true, users: ["alice", "bob"] }] })
        const chip = findChild(item, "reactionChip")
        verify(chip)
        verify(chip.visible)
        verify(chip.mine)
        waitForRendering(item) // laid out where the click lands
        listen(item, "reactionToggled")
        mouseClick(chip)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 7)
        compare(spy.signalArguments[0][1], "👍")
        verify(!shown(createDelegate({}), "reactionBar"))
        verify(!shown(createDelegate({}), "reactionChip"))
    }

    function test_reactionTooltipEscapesTheEmoji() {
        // A reaction is anyone's short text; the tooltip must not load an image from it.
        const item = createDelegate({ reactions: [{ emoji: "<img src=x>", count: 1, mine: false, users: ["bob"] }] })
        const tip = findChild(item, "reactionChip").toolTipText
        verify(tip.indexOf("<img") < 0, tip)
        verify(tip.indexOf("&lt;img src=x&gt;") >= 0, tip)
    }

    function test_failedMessageOffersRetryAndDiscard() {
        const item = createDelegate({ seq: 0, isOwn: true, status: "failed", error: "You may not post here",
                                      outboxKey: "out-1" })
        const failed = findChild(item, "failedText")
        verify(failed.visible)
        verify(failed.text.indexOf("You may not post here") >= 0, failed.text)
        waitForRendering(item) // laid out where the clicks land
        listen(item, "retryRequested")
        mouseClick(findChild(item, "retryButton"))
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], "out-1")
        listen(item, "discardRequested")
        mouseClick(findChild(item, "discardButton"))
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], "out-1")
    }

    function test_sendingAndSentStates() {
        const sending = createDelegate({ seq: 0, isOwn: true, status: "sending", outboxKey: "out-2" })
        verify(findChild(sending, "statusText").visible)
        verify(!findChild(sending, "retryButton").visible)
        const sent = createDelegate({})
        verify(!shown(sent, "statusText"))
        verify(!shown(sent, "failedText"))
        verify(!shown(sent, "editedLabel"))
        verify(findChild(createDelegate({ edited: true }), "editedLabel").visible)
    }

    function test_deletedMessageSaysSo() {
        const item = createDelegate({ deleted: true, html: "" })
        verify(shown(item, "deletedLabel"))
        verify(!findChild(item, "messageText").visible)
    }

    function test_replyQuoteJumpsToTheOriginal() {
        const item = createDelegate({ replyTo: 3, replySender: "bob", replyPreview: "the original" })
        const quote = findChild(item, "replyQuote")
        verify(quote.visible)
        compare(findChild(quote, "replyPreview").text, "the original")
        listen(item, "jumpRequested")
        mouseClick(quote)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 3)
        verify(!shown(createDelegate({}), "replyQuote"))
    }

    function test_hoverToolbarReplies() {
        const item = createDelegate({ text: "what  do\nyou think" })
        mouseMove(item, item.width / 2, item.height / 2)
        let reply = null
        tryVerify(() => (reply = findChild(item, "replyButton")) !== null)
        verify(!findChild(item, "editButton").visible, "no edit on other people's messages")
        listen(item, "replyRequested")
        mouseClick(reply)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 7)
        compare(spy.signalArguments[0][1], "mallory")
        compare(spy.signalArguments[0][2], "what do you think")
    }

    function test_ownMessageToolbarEditsAndDeletes() {
        const item = createDelegate({ isOwn: true, sender: "alice", text: "my words" })
        mouseMove(item, item.width / 2, item.height / 2)
        let edit = null
        tryVerify(() => (edit = findChild(item, "editButton")) !== null)
        verify(edit.visible)
        waitForItemPolished(edit.parent)
        listen(item, "editRequested")
        mouseClick(edit)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][1], "my words")
        listen(item, "deleteRequested")
        mouseClick(findChild(item, "deleteButton"))
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 7)
    }

    function test_outboxRowsHaveNoActions() {
        const item = createDelegate({ seq: 0, isOwn: true, status: "sending" })
        mouseMove(item, item.width / 2, item.height / 2)
        wait(0)
        compare(findChild(item, "replyButton"), null)
    }

    function test_mentionIsHighlightedAndNamed() {
        const plain = createDelegate({})
        const mention = createDelegate({ mentionsMe: true, text: "@alice look" })
        verify(mention.Accessible.name.indexOf("mallory") >= 0)
        verify(mention.Accessible.name.indexOf("@alice look") >= 0)
        verify(findChild(mention, "rowBackground").color !== findChild(plain, "rowBackground").color)
    }
}
