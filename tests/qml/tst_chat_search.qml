import QtQuick
import QtTest
import Confab.UI

// SearchPage against a stand-in SearchModel: typing queries, keyboard choice, opening a result.
TestCase {
    id: testCase
    name: "ChatSearchPage"
    width: 700
    height: 500
    visible: true
    when: windowShown

    ListModel {
        id: searchStandIn
        property string query: ""
        property bool searching: false
        onQueryChanged: {
            clear()
            if (query.length === 0)
                return
            for (const word of ["deploy", "deploy again", "backup"]) {
                if (word.indexOf(query) >= 0)
                    append({ kind: "message", stream: "room:general", streamName: "general", seq: count + 1,
                             sender: "bob", time: new Date(), snippetHtml: "<b>" + word + "</b>" })
            }
        }
    }

    Component {
        id: pageComponent
        SearchPage {
            anchors.fill: parent
            search: searchStandIn
        }
    }

    SignalSpy { id: openSpy; signalName: "openResult" }

    function createPage() {
        searchStandIn.query = ""
        const page = createTemporaryObject(pageComponent, testCase)
        openSpy.clear()
        openSpy.target = page
        tryVerify(() => findChild(page, "searchField").activeFocus)
        return page
    }

    function test_typingSearchesAndEnterOpensTheFirst() {
        const page = createPage()
        verify(findChild(page, "emptyState").visible)
        for (const c of "depl")
            keyClick(c)
        compare(searchStandIn.query, "depl")
        tryCompare(findChild(page, "resultList"), "count", 2)
        keyClick(Qt.Key_Return)
        compare(openSpy.count, 1)
        compare(openSpy.signalArguments[0][0], 0)
    }

    function test_downChoosesTheNextResult() {
        const page = createPage()
        for (const c of "de")
            keyClick(c)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Return)
        compare(openSpy.signalArguments[0][0], 1)
    }

    function test_noResultsSaysSo() {
        const page = createPage()
        for (const c of "zzz")
            keyClick(c)
        const empty = findChild(page, "emptyState")
        verify(empty.visible)
        verify(empty.text.indexOf("zzz") >= 0, empty.text)
        keyClick(Qt.Key_Return)
        compare(openSpy.count, 0)
    }

    function test_clickOpens() {
        const page = createPage()
        keyClick("b")
        const list = findChild(page, "resultList")
        tryVerify(() => list.itemAtIndex(0) !== null)
        mouseClick(list.itemAtIndex(0))
        compare(openSpy.signalArguments[0][0], 0)
    }
}
