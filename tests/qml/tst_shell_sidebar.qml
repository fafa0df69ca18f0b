import QtQuick
import QtTest
import Confab.UI

// The sidebar against stand-in models: sections, badges, presence, picking a stream, Alt+Up/Down,
// the notification count and starting a new room.
TestCase {
    id: testCase
    name: "ShellSidebar"
    width: 320
    height: 700
    visible: true
    when: windowShown

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i] === " " ? Qt.Key_Space : text[i])
    }

    ListModel {
        id: streamsModel
        property var calls: []
        function createRoom(name) { calls.push("createRoom:" + name) }
        function joinRoom(name) { calls.push("joinRoom:" + name) }
        function openDm(name) { calls.push("openDm:" + name) }
        function subscribeTopic(name) { calls.push("subscribeTopic:" + name) }
    }
    ListModel {
        id: accountsModel
        ListElement { accountId: "a1"; displayName: "alice @ relay.example:8443"; userName: "alice"
                      relayHost: "relay.example:8443"; phase: "connected"; unread: 4; isCurrent: true }
    }
    QtObject {
        id: notificationsStandIn
        property int undismissedCount: 3
    }
    Component {
        id: sidebarComponent
        Sidebar {
            width: 300
            height: 680
            accounts: accountsModel
            streams: streamsModel
            notifications: notificationsStandIn
        }
    }
    SignalSpy { id: streamSpy; signalName: "streamActivated" }
    SignalSpy { id: viewSpy; signalName: "viewRequested" }

    function stream(id, kind, name, unread, mentions, presence, muted, current) {
        return { streamId: id, kind: kind, displayName: name, section: kind, unread: unread, mentions: mentions,
                 presence: presence, muted: muted, isCurrent: current }
    }

    function init() {
        streamsModel.clear()
        streamsModel.calls = []
        streamsModel.append(stream("room:general", "room", "general", 3, 0, "", false, true))
        streamsModel.append(stream("room:random", "room", "random", 0, 0, "", false, false))
        streamsModel.append(stream("dm:alice+bob", "dm", "bob", 5, 2, "online", false, false))
        streamsModel.append(stream("dm:alice+carol", "dm", "carol", 1, 1, "away", false, false))
        streamsModel.append(stream("topic:backups", "topic", "backups", 7, 0, "", true, false))
    }

    function createSidebar() {
        const sidebar = createTemporaryObject(sidebarComponent, testCase)
        verify(sidebar)
        streamSpy.clear()
        streamSpy.target = sidebar
        viewSpy.clear()
        viewSpy.target = sidebar
        waitForRendering(sidebar)
        return sidebar
    }

    function findAll(item, objectName, found) {
        found = found || []
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (child.objectName === objectName)
                found.push(child)
            findAll(child, objectName, found)
        }
        return found
    }

    function delegateFor(sidebar, streamId) {
        const list = sidebar.streamList
        let found = null
        tryVerify(() => {
            const items = list.contentItem.children
            for (let i = 0; i < items.length; ++i) {
                if (items[i].streamId === streamId) {
                    found = items[i]
                    return true
                }
            }
            return false
        })
        return found
    }

    function test_sections() {
        const sidebar = createSidebar()
        let titles = []
        tryVerify(() => {
            titles = findAll(sidebar.streamList.contentItem, "sectionTitle").filter(t => t.visible).map(t => t.text)
            return titles.length === 3
        })
        titles.sort()
        compare(titles, ["Direct messages", "Rooms", "Topics"])
    }

    function test_badges_only_when_nonzero() {
        const sidebar = createSidebar()
        const general = delegateFor(sidebar, "room:general")
        const generalUnread = findChild(general, "unreadBadge")
        verify(generalUnread.visible)
        compare(findChild(generalUnread, "badgeText").text, "3")
        verify(!findChild(general, "mentionBadge").visible)
        compare(findChild(general, "streamName").font.bold, true)

        const random = delegateFor(sidebar, "room:random")
        verify(!findChild(random, "unreadBadge").visible)
        verify(!findChild(random, "mentionBadge").visible)
        compare(findChild(random, "streamName").font.bold, false)

        // Mentions win over the unread count, in the mention colour; one mention shows "@".
        const bob = delegateFor(sidebar, "dm:alice+bob")
        const bobMention = findChild(bob, "mentionBadge")
        verify(bobMention.visible)
        compare(findChild(bobMention, "badgeText").text, "2")
        compare(bobMention.color, Theme.badgeMention)
        verify(!findChild(bob, "unreadBadge").visible)
        compare(findChild(findChild(delegateFor(sidebar, "dm:alice+carol"), "mentionBadge"), "badgeText").text, "@")

        // A badge appears as soon as a message arrives.
        streamsModel.setProperty(1, "unread", 1)
        tryVerify(() => findChild(random, "unreadBadge").visible)
    }

    function test_muted_topic_is_dimmed() {
        const sidebar = createSidebar()
        const backups = delegateFor(sidebar, "topic:backups")
        verify(backups.contentItem.opacity < 1.0)
        compare(findChild(backups, "streamName").font.bold, false)
        compare(delegateFor(sidebar, "room:general").contentItem.opacity, 1.0)
    }

    function test_presence_dot() {
        const sidebar = createSidebar()
        const bobDot = findChild(delegateFor(sidebar, "dm:alice+bob"), "presenceDot")
        verify(bobDot.visible)
        compare(bobDot.color, Theme.online)
        const carolDot = findChild(delegateFor(sidebar, "dm:alice+carol"), "presenceDot")
        compare(carolDot.color, Theme.away)
        verify(!findChild(delegateFor(sidebar, "room:general"), "presenceDot").visible)
        streamsModel.setProperty(2, "presence", "offline")
        tryCompare(bobDot, "presenceColor", Theme.presenceOffline)
    }

    function test_click_opens_stream() {
        const sidebar = createSidebar()
        const random = delegateFor(sidebar, "room:random")
        mouseClick(random)
        compare(streamSpy.count, 1)
        compare(streamSpy.signalArguments[0][0], "room:random")
    }

    function test_keyboard_activation() {
        const sidebar = createSidebar()
        const bob = delegateFor(sidebar, "dm:alice+bob")
        bob.forceActiveFocus()
        keyClick(Qt.Key_Return)
        compare(streamSpy.count, 1)
        compare(streamSpy.signalArguments[0][0], "dm:alice+bob")
    }

    function test_open_relative() {
        const sidebar = createSidebar()
        sidebar.openRelative(1)
        compare(streamSpy.signalArguments[0][0], "room:random")
        sidebar.openRelative(-1)
        compare(streamSpy.signalArguments[1][0], "topic:backups")
    }

    function test_notification_entry() {
        const sidebar = createSidebar()
        const entry = findChild(sidebar, "notificationsEntry")
        const badge = findChild(entry, "entryBadge")
        verify(badge.visible)
        compare(findChild(badge, "badgeText").text, "3")
        mouseClick(entry)
        compare(viewSpy.count, 1)
        compare(viewSpy.signalArguments[0][0], "notifications")
        notificationsStandIn.undismissedCount = 0
        verify(!badge.visible)
        notificationsStandIn.undismissedCount = 3
    }

    function test_account_switcher_shows_current() {
        const sidebar = createSidebar()
        const switcher = findChild(sidebar, "accountSwitcher")
        compare(findChild(switcher, "accountUserName").text, "alice")
        compare(findChild(switcher, "accountPhase").dotColor, Theme.online)
        accountsModel.setProperty(0, "phase", "offline")
        tryCompare(findChild(switcher, "accountPhase"), "dotColor", Theme.offline)
        accountsModel.setProperty(0, "phase", "connected")
    }

    function test_new_room_from_section() {
        const sidebar = createSidebar()
        const addButtons = findAll(sidebar.streamList.contentItem, "sectionAddButton")
        let roomAdd = null
        for (let i = 0; i < addButtons.length; ++i) {
            if (addButtons[i].parent.parent.section === "room")
                roomAdd = addButtons[i]
        }
        verify(roomAdd)
        mouseClick(roomAdd)
        const dialog = findChild(sidebar, "newStreamDialog")
        tryVerify(() => dialog.opened)
        compare(dialog.kind, "room")
        const field = findChild(dialog.contentItem, "newStreamName")
        tryVerify(() => field.activeFocus)
        typeText("ops")
        const create = findChild(dialog.footer, "newStreamCreate")
        verify(create.enabled)
        mouseClick(create)
        compare(streamsModel.calls, ["createRoom:ops"])
        tryVerify(() => !dialog.visible)

        // A name the relay would refuse cannot be sent.
        dialog.openFor("dm")
        tryVerify(() => dialog.opened)
        typeText("Bob Smith")
        verify(!findChild(dialog.footer, "newStreamConfirm").enabled)
        keyClick(Qt.Key_Return)
        compare(streamsModel.calls.length, 1)
        dialog.close()
    }
}
