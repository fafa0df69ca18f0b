import QtQuick
import QtTest
import Confab.UI

// SearchResultDelegate: highlighted snippet (escaped text stays text), where and who, activation.
TestCase {
    id: testCase
    name: "ChatSearchResultDelegate"
    width: 640
    height: 300
    visible: true
    when: windowShown

    Component {
        id: delegateComponent
        SearchResultDelegate {
            width: 600
            index: 2
            kind: "message"
            stream: "room:general"
            streamName: "general"
            seq: 31
            sender: "bob"
            time: new Date(2024, 2, 3, 14, 2)
            snippetHtml: "the <b>deploy</b> failed"
        }
    }

    // The same font as the snippet, to measure text shown as-is.
    Text {
        id: ruler
        textFormat: Text.PlainText
        font.pixelSize: Theme.fontSize
    }

    SignalSpy { id: spy; signalName: "activated" }

    function createDelegate(properties) {
        const item = createTemporaryObject(delegateComponent, testCase, properties)
        verify(item)
        spy.clear()
        spy.target = item
        return item
    }

    function test_matchIsHighlightedNotShownAsTags() {
        const item = createDelegate({})
        const snippet = findChild(item, "snippetText")
        compare(snippet.textFormat, Text.RichText)
        ruler.text = "the <b>deploy</b> failed"
        verify(snippet.implicitWidth < ruler.implicitWidth - 10, "tags are not drawn")
        ruler.font.bold = false
        ruler.text = "the deploy failed"
        verify(snippet.implicitWidth > ruler.implicitWidth, "the match is bold, so wider")
        verify(item.Accessible.name.indexOf("the deploy failed") >= 0, item.Accessible.name)
    }

    function test_escapedTextStaysLiteral() {
        const item = createDelegate({ snippetHtml: "&lt;script&gt;<b>x</b>" })
        const snippet = findChild(item, "snippetText")
        ruler.text = "<script>x"
        verify(Math.abs(snippet.implicitWidth - ruler.implicitWidth) < 6,
               snippet.implicitWidth + " vs " + ruler.implicitWidth)
        verify(item.Accessible.name.indexOf("<script>x") >= 0)
    }

    function test_showsWhereAndWho() {
        const item = createDelegate({})
        compare(findChild(item, "streamLabel").text, "general")
        compare(findChild(item, "senderLabel").text, "bob")
        const notification = createDelegate({ kind: "notification", sender: "", streamName: "backups" })
        verify(findChild(notification, "streamLabel").text.indexOf("backups") >= 0)
        verify(!findChild(notification, "senderLabel").visible)
    }

    function test_clickActivates() {
        const item = createDelegate({})
        mouseClick(item)
        compare(spy.count, 1)
    }
}
