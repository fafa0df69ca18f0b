import QtQuick
import QtTest
import Confab.UI

TestCase {
    id: testCase
    name: "Composer"
    width: 480
    height: 200
    visible: true
    when: windowShown

    Component {
        id: composerComponent
        Composer {
            width: 400
        }
    }

    SignalSpy {
        id: sendSpy
        signalName: "sendRequested"
    }

    function createComposer() {
        const composer = createTemporaryObject(composerComponent, testCase)
        verify(composer)
        sendSpy.clear()
        sendSpy.target = composer
        composer.forceActiveFocus()
        const input = findChild(composer, "composerInput")
        verify(input)
        tryVerify(() => input.activeFocus)
        return composer
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i] === " " ? Qt.Key_Space : text[i])
    }

    function test_enterSendsAndClears() {
        const composer = createComposer()
        typeText("hello")
        compare(composer.text, "hello")
        keyClick(Qt.Key_Return)
        compare(sendSpy.count, 1)
        compare(sendSpy.signalArguments[0][0], "hello")
        compare(composer.text, "")
    }

    function test_keypadEnterSends() {
        const composer = createComposer()
        keyClick("x")
        keyClick(Qt.Key_Enter)
        compare(sendSpy.count, 1)
        compare(sendSpy.signalArguments[0][0], "x")
    }

    function test_shiftEnterInsertsNewline() {
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

    function test_emptyOrBlankInputDoesNotSend() {
        const composer = createComposer()
        const button = findChild(composer, "sendButton")
        verify(!button.enabled)
        keyClick(Qt.Key_Return)
        typeText("  ")
        verify(!button.enabled)
        keyClick(Qt.Key_Return)
        compare(sendSpy.count, 0)
        mouseClick(button)
        compare(sendSpy.count, 0)
    }

    function test_sentTextIsTrimmed() {
        const composer = createComposer()
        typeText(" ok ")
        keyClick(Qt.Key_Return)
        compare(sendSpy.count, 1)
        compare(sendSpy.signalArguments[0][0], "ok")
    }

    function test_sendButtonSends() {
        const composer = createComposer()
        const button = findChild(composer, "sendButton")
        typeText("hi")
        verify(button.enabled)
        mouseClick(button)
        compare(sendSpy.count, 1)
        compare(sendSpy.signalArguments[0][0], "hi")
        compare(composer.text, "")
    }

    function test_nothingIsSentWhileOffline() {
        const composer = createComposer()
        composer.canSend = false
        const button = findChild(composer, "sendButton")
        typeText("hi")
        verify(!button.enabled)
        keyClick(Qt.Key_Return)
        compare(sendSpy.count, 0)
        // The draft is kept for when the connection is back.
        compare(composer.text, "hi")
    }
}
