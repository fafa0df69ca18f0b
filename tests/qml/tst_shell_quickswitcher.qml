import QtQuick
import QtTest
import Confab.UI

// Ctrl+K's popup with a stand-in model: typing filters, Down moves, Enter opens the right
// stream of the right account, Escape closes.
TestCase {
    id: testCase
    name: "ShellQuickSwitcher"
    width: 640
    height: 520
    visible: true
    when: windowShown

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i] === " " ? Qt.Key_Space : text[i])
    }

    readonly property var allStreams: [
        { streamId: "room:general", kind: "room", displayName: "general", accountId: "a1", accountName: "alice @ one", unread: 0 },
        { streamId: "room:random", kind: "room", displayName: "random", accountId: "a1", accountName: "alice @ one", unread: 2 },
        { streamId: "room:radio", kind: "room", displayName: "radio", accountId: "a2", accountName: "alice @ two", unread: 0 },
        { streamId: "dm:alice+bob", kind: "dm", displayName: "bob", accountId: "a1", accountName: "alice @ one", unread: 0 }
    ]

    // Filters like the real model does, well enough for the view: names containing the text.
    ListModel {
        id: switcherModel
        property string filter: ""
        onFilterChanged: testCase.refill()
        function streamAt(row) { return row >= 0 && row < count ? get(row).streamId : "" }
        function accountAt(row) { return row >= 0 && row < count ? get(row).accountId : "" }
    }

    function refill() {
        switcherModel.clear()
        const f = switcherModel.filter.toLowerCase()
        for (let i = 0; i < allStreams.length; ++i) {
            if (allStreams[i].displayName.indexOf(f) >= 0)
                switcherModel.append(allStreams[i])
        }
    }

    Component {
        id: switcherComponent
        QuickSwitcher {
            switcher: switcherModel
        }
    }
    SignalSpy { id: chosenSpy; signalName: "streamChosen" }

    function openSwitcher() {
        refill()
        const popup = createTemporaryObject(switcherComponent, testCase)
        verify(popup)
        chosenSpy.clear()
        chosenSpy.target = popup
        popup.open()
        tryVerify(() => popup.opened)
        const field = findChild(popup.contentItem, "switcherField")
        tryVerify(() => field.activeFocus)
        return popup
    }

    function test_type_down_enter() {
        const popup = openSwitcher()
        typeText("ra")
        compare(switcherModel.filter, "ra")
        compare(switcherModel.count, 3)
        const results = findChild(popup.contentItem, "switcherResults")
        compare(results.currentIndex, 0)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        compare(results.currentIndex, 2)
        keyClick(Qt.Key_Down)
        compare(results.currentIndex, 2)
        keyClick(Qt.Key_Return)
        compare(chosenSpy.count, 1)
        compare(chosenSpy.signalArguments[0][0], "a2")
        compare(chosenSpy.signalArguments[0][1], "room:radio")
        tryVerify(() => !popup.visible)
    }

    function test_enter_opens_first_match() {
        const popup = openSwitcher()
        typeText("bo")
        keyClick(Qt.Key_Enter)
        compare(chosenSpy.count, 1)
        compare(chosenSpy.signalArguments[0][1], "dm:alice+bob")
    }

    function test_up_stops_at_top_and_no_match_does_nothing() {
        const popup = openSwitcher()
        const results = findChild(popup.contentItem, "switcherResults")
        keyClick(Qt.Key_Up)
        compare(results.currentIndex, 0)
        typeText("zzz")
        compare(switcherModel.count, 0)
        keyClick(Qt.Key_Return)
        compare(chosenSpy.count, 0)
        verify(popup.visible)
    }

    function test_escape_closes_and_reopen_clears() {
        const popup = openSwitcher()
        typeText("gen")
        keyClick(Qt.Key_Escape)
        tryVerify(() => !popup.visible)
        compare(chosenSpy.count, 0)
        popup.open()
        tryVerify(() => popup.opened)
        compare(findChild(popup.contentItem, "switcherField").text, "")
        compare(switcherModel.filter, "")
    }

    function test_click_opens() {
        const popup = openSwitcher()
        const results = findChild(popup.contentItem, "switcherResults")
        tryVerify(() => results.itemAtIndex(3) !== null)
        mouseClick(results.itemAtIndex(3))
        compare(chosenSpy.count, 1)
        compare(chosenSpy.signalArguments[0][1], "dm:alice+bob")
    }
}
