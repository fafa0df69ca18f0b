import QtQuick
import QtTest
import Confab.UI

// Composer: Enter sends, Shift+Enter breaks the line, @mention completion, reply and edit modes.
TestCase {
    id: testCase
    name: "ChatComposer"
    width: 520
    height: 400
    visible: true
    when: windowShown

    Component {
        id: composerComponent
        Composer {
            y: 250
            width: 480
            candidatesFor: prefix => ["alice", "albert", "bob"].filter(name => name.startsWith(prefix.toLowerCase()))
        }
    }

    SignalSpy { id: sendSpy; signalName: "sendRequested" }
    SignalSpy { id: editSpy; signalName: "editRequested" }
    SignalSpy { id: typingSpy; signalName: "typingActivity" }
    SignalSpy { id: editLastSpy; signalName: "editLastRequested" }

    function createComposer(properties) {
        const composer = createTemporaryObject(composerComponent, testCase, properties || {})
        verify(composer)
        for (const spy of [sendSpy, editSpy, typingSpy, editLastSpy]) {
            spy.clear()
            spy.target = composer
        }
        composer.forceActiveFocus()
        const input = findChild(composer, "composerInput")
        verify(input)
        if (composer.canSend)
            tryVerify(() => input.activeFocus)
        return composer
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i] === " " ? Qt.Key_Space : text[i])
    }

    function test_enterSendsTrimmedTextAndClears() {
        const composer = createComposer()
        typeText(" hello ")
        keyClick(Qt.Key_Return)
        compare(sendSpy.count, 1)
        compare(sendSpy.signalArguments[0][0], "hello")
        compare(sendSpy.signalArguments[0][1], 0)
        compare(composer.text, "")
        keyClick("x")
        keyClick(Qt.Key_Enter)
        compare(sendSpy.count, 2, "keypad Enter sends too")
    }

    function test_shiftEnterInsertsNewlineWithoutSending() {
        const composer = createComposer()
        keyClick("a")
        keyClick(Qt.Key_Return, Qt.ShiftModifier)
        keyClick("b")
        compare(sendSpy.count, 0)
        compare(composer.text, "a\nb")
        keyClick(Qt.Key_Return)
        compare(sendSpy.count, 1)
        compare(sendSpy.signalArguments[0][0], "a\nb")
    }

    function test_blankTextSendsNothing() {
        const composer = createComposer()
        keyClick(Qt.Key_Return)
        typeText("   ")
        keyClick(Qt.Key_Return)
        compare(sendSpy.count, 0)
        verify(!findChild(composer, "sendButton").enabled)
    }

    function test_typingIsAnnouncedAndStopsOnSend() {
        createComposer()
        typeText("hi")
        verify(typingSpy.count >= 1)
        compare(typingSpy.signalArguments[typingSpy.count - 1][0], true)
        keyClick(Qt.Key_Return)
        compare(typingSpy.signalArguments[typingSpy.count - 1][0], false)
    }

    function test_mentionCompletesWithTab() {
        const composer = createComposer()
        typeText("hi @al")
        const popup = findChild(composer, "mentionPopup")
        tryVerify(() => popup.visible)
        compare(popup.candidates, ["alice", "albert"])
        keyClick(Qt.Key_Tab)
        compare(composer.text, "hi @alice ")
        verify(!popup.visible)
        compare(sendSpy.count, 0)
        typeText("x")
        compare(composer.text, "hi @alice x", "the cursor sits after the completion")
    }

    function test_mentionDownThenEnterCompletesWithoutSending() {
        const composer = createComposer()
        typeText("@al")
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Return)
        compare(composer.text, "@albert ")
        compare(sendSpy.count, 0)
    }

    function test_escapeClosesMentionsAndKeepsText() {
        const composer = createComposer()
        typeText("@b")
        const popup = findChild(composer, "mentionPopup")
        tryVerify(() => popup.visible)
        keyClick(Qt.Key_Escape)
        verify(!popup.visible)
        compare(composer.text, "@b")
        typeText("zz")
        verify(!popup.visible, "no one matches @bzz")
    }

    function test_emailAddressIsNoMention() {
        const composer = createComposer()
        typeText("me@al")
        verify(!findChild(composer, "mentionPopup").visible)
    }

    function test_replySendsWithTheOriginalAndEscapeCancels() {
        const composer = createComposer()
        composer.startReply(42, "bob", "the question")
        const bar = findChild(composer, "replyBar")
        verify(bar.visible)
        compare(bar.sender, "bob")
        typeText("yes")
        keyClick(Qt.Key_Return)
        compare(sendSpy.signalArguments[0][1], 42)
        verify(!bar.visible, "the reply bar goes once sent")
        composer.startReply(43, "carol", "another")
        verify(bar.visible)
        keyClick(Qt.Key_Escape)
        verify(!bar.visible)
        typeText("plain")
        keyClick(Qt.Key_Return)
        compare(sendSpy.signalArguments[1][1], 0)
    }

    function test_upOnEmptyComposerAsksToEditAndEnterSaves() {
        const composer = createComposer()
        keyClick(Qt.Key_Up)
        compare(editLastSpy.count, 1)
        composer.startEdit(9, "old text")
        verify(composer.editing)
        compare(composer.text, "old text")
        typeText("!")
        keyClick(Qt.Key_Return)
        compare(editSpy.count, 1)
        compare(editSpy.signalArguments[0][0], 9)
        compare(editSpy.signalArguments[0][1], "old text!")
        compare(sendSpy.count, 0)
        verify(!composer.editing)
        compare(composer.text, "")
    }

    function test_escapeCancelsAnEdit() {
        const composer = createComposer()
        composer.startEdit(9, "old text")
        keyClick(Qt.Key_Escape)
        verify(!composer.editing)
        compare(composer.text, "")
        compare(editSpy.count, 0)
    }

    function test_upWithTextMovesTheCursorOnly() {
        const composer = createComposer()
        typeText("abc")
        keyClick(Qt.Key_Up)
        compare(editLastSpy.count, 0)
    }

    function test_cannotSendShowsTheHint() {
        const composer = createComposer({ canSend: false, disabledHint: "Topics receive notifications" })
        const input = findChild(composer, "composerInput")
        verify(!input.enabled)
        compare(input.placeholderText, "Topics receive notifications")
        composer.startReply(1, "bob", "x")
        compare(composer.send(), false)
        compare(sendSpy.count, 0)
    }
}
