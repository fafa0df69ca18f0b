import QtQuick
import QtTest
import Confab.UI

TestCase {
    id: testCase
    name: "MessageDelegate"
    width: 600
    height: 300
    visible: true
    when: windowShown

    Component {
        id: delegateComponent
        MessageDelegate {
            width: 600
            seq: 7
            sender: "mallory"
            text: "plain"
            timestamp: new Date(2024, 0, 15, 9, 41)
            isOwn: false
            clientMsgId: "c-7"
            status: "sent"
        }
    }

    function createDelegate(properties) {
        const item = createTemporaryObject(delegateComponent, testCase, properties)
        verify(item)
        return item
    }

    function test_showsSenderTimeAndText() {
        const item = createDelegate({ text: "Hello there" })
        compare(findChild(item, "senderLabel").text, "mallory")
        verify(findChild(item, "senderLabel").visible)
        compare(findChild(item, "messageText").text, "Hello there")
        const time = findChild(item, "timeText").text
        verify(time.indexOf("41") >= 0, time)
        verify(time.indexOf("41:00") < 0, "no seconds: " + time)
        verify(!findChild(item, "statusText").visible)
    }

    function test_htmlIsShownAsLiteralText() {
        const html = "<b>bold</b> <img src=\"http://example.invalid/x.png\"> <a href=\"x\">link</a>"
        const item = createDelegate({ text: html })
        const body = findChild(item, "messageText")
        compare(body.textFormat, Text.PlainText)
        compare(body.text, html)
        // Rendered literally, the markup takes room on screen; as rich text it would not.
        verify(body.implicitWidth > 300)
        compare(body.linkAt(body.width / 2, body.height / 2), "")
    }

    function test_ownSendingMessageIsMarked() {
        const other = createDelegate({ text: "theirs" })
        const own = createDelegate({ text: "mine", isOwn: true, sender: "alice", status: "sending", seq: 0 })
        verify(findChild(own, "statusText").visible)
        verify(!findChild(own, "senderLabel").visible)
        const ownBubble = findChild(own, "bubble")
        const otherBubble = findChild(other, "bubble")
        verify(ownBubble.color !== otherBubble.color)
        // Own messages sit on the right, other people's on the left.
        verify(ownBubble.mapToItem(own, 0, 0).x > own.width / 2)
        verify(otherBubble.mapToItem(other, 0, 0).x < other.width / 2)
    }

    function test_longTextWrapsInsideTheBubble() {
        const item = createDelegate({ text: "word ".repeat(200) })
        const bubble = findChild(item, "bubble")
        verify(bubble.width <= item.width * 0.75)
        verify(findChild(item, "messageText").lineCount > 1)
    }
}
