import QtQuick
import QtTest
import Confab.UI

// NotificationDelegate: plain-text body, priority, tags, the real link, actions and dismiss.
TestCase {
    id: testCase
    name: "ChatNotificationDelegate"
    width: 640
    height: 480
    visible: true
    when: windowShown

    Component {
        id: delegateComponent
        NotificationDelegate {
            width: 600
            index: 4
            topic: "backups"
            stream: "topic:backups"
            seq: 12
            title: "Backup done"
            body: "All 3 volumes copied"
            priority: 3
            priorityName: "default"
            tags: []
            time: new Date()
            click: ""
            actions: []
            dismissed: false
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
    function findAll(item, name, found) {
        found = found || []
        if (item.objectName === name)
            found.push(item)
        for (let i = 0; i < item.children.length; ++i)
            findAll(item.children[i], name, found)
        return found
    }

    function test_showsTitleBodyAndPriority() {
        const item = createDelegate({ priority: 5, priorityName: "urgent" })
        compare(findChild(item, "titleLabel").text, "Backup done")
        compare(findChild(item, "bodyLabel").text, "All 3 volumes copied")
        compare(findChild(item, "topicLabel").text, "backups")
        verify(findChild(item, "priorityLabel").text.indexOf("urgent") >= 0)
        compare(findChild(item, "priorityChip").tone, Theme.priorityColor(5))
        compare(findChild(item, "timeLabel").text, "just now")
    }

    function test_bodyIsPlainText() {
        const markup = "<b>bold</b> <img src=\"https://x.invalid/a.png\">"
        const item = createDelegate({ body: markup, title: "<i>t</i>" })
        const body = findChild(item, "bodyLabel")
        compare(body.textFormat, Text.PlainText)
        compare(body.text, markup)
        compare(findChild(item, "titleLabel").textFormat, Text.PlainText)
    }

    function test_olderTimesAreRelative() {
        const now = new Date(2024, 5, 1, 12, 0)
        const item = createDelegate({ time: new Date(2024, 5, 1, 11, 55), now: now })
        compare(findChild(item, "timeLabel").text, "5 min ago")
    }

    function test_tagsBecomeChips() {
        const item = createDelegate({ tags: ["disk", "nightly"] })
        const chips = findAll(item, "").filter(child => child.tag !== undefined)
        compare(chips.length, 2)
        compare(chips[0].tag, "disk")
    }

    function test_actionButtonsEmitTheirIndex() {
        const item = createDelegate({ actions: [
            { label: "Open", kind: "view", url: "https://status.example/", method: "" },
            { label: "Restart", kind: "http", url: "https://ci.example/restart", method: "POST" }] })
        const buttons = findAll(item, "actionButton")
        compare(buttons.length, 2)
        compare(buttons[1].text, "Restart")
        listen(item, "actionTriggered")
        mouseClick(buttons[1])
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 1)
        mouseClick(buttons[0])
        compare(spy.signalArguments[1][0], 0)
    }

    function test_actionLabelIsPlainText() {
        const markup = "<img src=\"https://x.invalid/p.png\">"
        const item = createDelegate({ actions: [{ label: markup, kind: "view", url: "https://a.example/", method: "" }] })
        const button = findAll(item, "actionButton")[0]
        compare(button.contentItem.textFormat, Text.PlainText)
        compare(button.contentItem.text, markup)
    }

    function test_dismissEmits() {
        const item = createDelegate({})
        listen(item, "dismissClicked")
        mouseClick(findChild(item, "dismissButton"))
        compare(spy.count, 1)
    }

    function test_linkShowsTheRealAddress() {
        const none = createDelegate({})
        verify(!findChild(none, "clickLink").visible)
        const item = createDelegate({ click: "https://evil.example/login" })
        const link = findChild(item, "clickLink")
        verify(link.visible)
        compare(link.text, "https://evil.example/login")
        compare(link.textFormat, Text.PlainText)
        listen(item, "linkClicked")
        mouseClick(link, 5, link.height / 2)
        compare(spy.count, 1)
    }
}
