import QtQuick
import QtTest
import Confab.UI

// NotificationCentrePage against a stand-in NotificationCentreModel: filters, dismiss, actions.
TestCase {
    id: testCase
    name: "ChatNotificationCentre"
    width: 760
    height: 520
    visible: true
    when: windowShown

    ListModel {
        id: centreStandIn
        property var topics: ["backups", "ci"]
        property string topicFilter: ""
        property int minPriority: 1
        property int undismissedCount: count
        property var calls: []
        function dismiss(row) { calls.push(["dismiss", row]) }
        function dismissAll() { calls.push(["dismissAll"]) }
        function openClick(row) { calls.push(["openClick", row]) }
        function invokeAction(row, index) { calls.push(["invokeAction", row, index]) }
    }

    Component {
        id: pageComponent
        NotificationCentrePage {
            anchors.fill: parent
            centre: centreStandIn
        }
    }

    function notification(seq, extra) {
        return Object.assign({ topic: "backups", stream: "topic:backups", seq: seq, title: "Backup " + seq,
                               body: "done", priority: 3, priorityName: "default", tags: [], time: new Date(),
                               click: "", actions: [], dismissed: false }, extra || {})
    }

    function init() {
        centreStandIn.clear()
        centreStandIn.calls = []
        centreStandIn.topicFilter = ""
        centreStandIn.minPriority = 1
    }

    function test_emptyState() {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(findChild(page, "emptyState").visible)
        verify(!findChild(page, "dismissAllButton").enabled)
    }

    function test_rowsDismissAndDismissAll() {
        centreStandIn.append(notification(2))
        centreStandIn.append(notification(1))
        const page = createTemporaryObject(pageComponent, testCase)
        const list = findChild(page, "notificationList")
        tryCompare(list, "count", 2)
        verify(!findChild(page, "emptyState").visible)
        tryVerify(() => list.itemAtIndex(1) !== null)
        mouseClick(findChild(list.itemAtIndex(1), "dismissButton"))
        compare(centreStandIn.calls[0], ["dismiss", 1])
        mouseClick(findChild(page, "dismissAllButton"))
        compare(centreStandIn.calls[1], ["dismissAll"])
    }

    function test_actionReachesTheModelWithRowAndIndex() {
        centreStandIn.append(notification(1))
        centreStandIn.append(notification(2, { actions: [{ label: "Open", kind: "view", url: "https://a.example" },
                                                         { label: "Retry", kind: "http", url: "https://b.example",
                                                           method: "POST" }] }))
        const page = createTemporaryObject(pageComponent, testCase)
        const list = findChild(page, "notificationList")
        tryVerify(() => list.itemAtIndex(1) !== null)
        const row = list.itemAtIndex(1)
        let retry = null
        const search = item => {
            if (item.objectName === "actionButton" && item.text === "Retry")
                retry = item
            for (let i = 0; i < item.children.length; ++i)
                search(item.children[i])
        }
        search(row)
        verify(retry)
        mouseClick(retry)
        compare(centreStandIn.calls[0], ["invokeAction", 1, 1])
    }

    function test_filtersSetTheModel() {
        centreStandIn.append(notification(1))
        const page = createTemporaryObject(pageComponent, testCase)
        const topic = findChild(page, "topicFilter")
        compare(topic.count, 3)
        compare(topic.currentIndex, 0)
        topic.currentIndex = 2
        topic.activated(2)
        compare(centreStandIn.topicFilter, "ci")
        topic.activated(0)
        compare(centreStandIn.topicFilter, "")
        const priority = findChild(page, "priorityFilter")
        priority.activated(3)
        compare(centreStandIn.minPriority, 4)
        compare(priority.currentIndex, 3)
    }
}
