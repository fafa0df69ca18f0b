import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The list of a conversation's messages and how it moves: it opens at the newest message and
// stays there as messages arrive unless the person has scrolled up; it asks for older pages
// near the top and keeps the rows on screen still when they arrive; it jumps to a row when the
// view model asks (positionRequested) and flashes it.
ListView {
    id: root

    // A ChatViewModel (or a stand-in): messages, hasOlder, loadingOlder, firstUnreadSeq, loadOlder().
    required property var chat
    // The height the list may take (it sits at the bottom, only as tall as its messages).
    property real availableHeight: height

    readonly property bool hasStream: !!root.chat && root.chat.streamId.length > 0
    // Stay at the newest message unless the user has scrolled up to read.
    property bool followNewest: true
    // The "New messages" marker has been on screen (the jump button can go).
    property bool firstUnreadSeen: false

    signal menuRequested(var item)
    signal escapePressed()

    function reset() {
        root.firstUnreadSeen = false
        root.currentIndex = -1
        root.positionAtNewest()
        root.tellAtNewest()
    }
    // A ChatViewModel keeps its window small while the view follows the newest message.
    function tellAtNewest() {
        if (root.hasStream && root.chat.atNewest !== undefined)
            root.chat.atNewest = root.followNewest
    }
    function positionAtNewest() {
        d.autoPositioning = true
        root.positionViewAtEnd()
        d.autoPositioning = false
        root.followNewest = true
    }
    function scrollPage(direction) {
        const top = root.originY - root.topMargin
        const bottom = root.originY + root.contentHeight + root.bottomMargin - root.height
        root.contentY = Math.max(top, Math.min(bottom, root.contentY + direction * root.height * 0.9))
        root.followNewest = root.isAtNewest()
    }
    // atYEnd, give or take the rounding of delegate heights.
    function isAtNewest() {
        return root.atYEnd || root.contentY + root.height >= root.originY + root.contentHeight + root.bottomMargin - 4
    }
    function topRow() { return root.indexAt(0, Math.max(root.contentY, root.originY) + 1) }

    function followIfNeeded() {
        if (root.followNewest && !root.moving)
            root.positionAtNewest()
    }
    function maybeLoadOlder() {
        // Not while the view opens at the newest (it passes the top on its way there).
        const shortContent = root.contentHeight + root.topMargin < root.availableHeight
        if (root.hasStream && root.chat.hasOlder && !root.chat.loadingOlder && (!root.followNewest || shortContent)
                && root.contentY - root.originY < root.height)
            root.chat.loadOlder()
    }
    function checkFirstUnreadSeen() {
        if (root.firstUnreadSeen || !root.hasStream || root.chat.firstUnreadSeq <= 0)
            return
        const first = root.topRow()
        const last = root.indexAt(0, root.contentY + root.height - 1)
        if (first < 0 || last < 0 || root.height <= 0)
            return
        for (let i = first; i <= last; ++i) {
            d.probe = root.itemAtIndex(i)
            if (d.probe && d.probe.isFirstUnread) {
                root.firstUnreadSeen = true
                return
            }
        }
    }
    // Rows were inserted above the anchor row: bring it back to where it was on screen.
    function restoreAnchor() {
        const row = d.anchorRow
        d.anchorRow = -1
        if (row < 0 || row >= root.count)
            return
        d.autoPositioning = true
        root.positionViewAtIndex(row, ListView.Beginning)
        const item = root.itemAtIndex(row)
        if (item)
            root.contentY = item.y - d.anchorOffset
        d.autoPositioning = false
    }

    QtObject {
        id: d
        // True while the view moves by program, so that does not count as the user scrolling.
        property bool autoPositioning: false
        // The row at the top of the view while rows are inserted above it, and where it was.
        property int anchorRow: -1
        property real anchorOffset: 0
        // A MessageDelegate being looked at.
        property var probe: null
    }

    // Work for once the view has laid out the latest change (the next turn of the event loop).
    Timer { id: followLater; interval: 0; onTriggered: root.followIfNeeded() }
    Timer { id: checkUnreadLater; interval: 0; onTriggered: root.checkFirstUnreadSeen() }
    Timer { id: loadOlderLater; interval: 0; onTriggered: root.maybeLoadOlder() }
    // Not from inside countChanged: a view torn down with inserts pending applies them (and says
    // so) while its delegates are already gone, and reading one then crashed.
    Timer { id: restoreAnchorLater; interval: 0; onTriggered: root.restoreAnchor() }

    Connections {
        target: root.chat
        ignoreUnknownSignals: true
        // ChatViewModel announces a newly opened stream with openedChanged (stand-ins: streamIdChanged).
        function onOpenedChanged() { root.reset() }
        function onStreamIdChanged() { root.reset() }
        function onPositionRequested(row) {
            root.followNewest = false
            d.autoPositioning = true
            root.positionViewAtIndex(row, ListView.Center)
            d.autoPositioning = false
            root.followNewest = root.isAtNewest()
            d.probe = root.itemAtIndex(row)
            if (d.probe)
                d.probe.flash()
            checkUnreadLater.restart()
        }
        function onLoadingOlderChanged() { loadOlderLater.restart() }
        function onHasOlderChanged() { loadOlderLater.restart() }
    }

    // Older pages arrive at the top. ListView keeps the rows on screen in place, except when its
    // first row is on screen: then it pushes them down. Remember that row and where it was.
    Connections {
        target: root.model
        ignoreUnknownSignals: true
        function onRowsAboutToBeInserted(parent, first, last) {
            if (first !== 0 || root.followNewest)
                return
            if (d.anchorRow >= 0) {
                d.anchorRow += last - first + 1
                return
            }
            const item = root.topRow() === 0 ? root.itemAtIndex(0) : null
            if (!item)
                return
            d.anchorRow = last - first + 1
            d.anchorOffset = item.y - root.contentY
        }
        // MessageListModel: new messages came in at the bottom, and the rows that leave the window
        // go next. Move to the new ones now, so the view builds the rows it shows once, at the
        // bottom (after the removal it would first fill the screen from the top of the new rows).
        function onRowsAppended() { root.followIfNeeded() }
    }

    clip: true
    model: root.hasStream ? root.chat.messages : null
    topMargin: Theme.spacingLarge
    boundsBehavior: Flickable.StopAtBounds
    activeFocusOnTab: true
    keyNavigationEnabled: true
    currentIndex: -1
    highlightFollowsCurrentItem: false
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Messages")

    onContentYChanged: {
        if (!d.autoPositioning && (root.moving || root.dragging))
            root.followNewest = root.isAtNewest()
        root.maybeLoadOlder()
        checkUnreadLater.restart()
    }
    onMovementEnded: root.followNewest = root.isAtNewest()
    onFollowNewestChanged: root.tellAtNewest()
    onCountChanged: {
        if (d.anchorRow >= 0)
            restoreAnchorLater.restart()
        if (root.followNewest)
            followLater.restart()
        loadOlderLater.restart()
    }
    onContentHeightChanged: if (root.followNewest) followLater.restart()
    onHeightChanged: if (root.followNewest) followLater.restart()
    onActiveFocusChanged: if (root.activeFocus && root.currentIndex < 0) root.currentIndex = root.count - 1

    Keys.onPressed: event => {
        if (event.key === Qt.Key_PageUp || event.key === Qt.Key_PageDown)
            root.scrollPage(event.key === Qt.Key_PageUp ? -1 : 1)
        else if (event.key === Qt.Key_End && (event.modifiers & Qt.ControlModifier))
            root.positionAtNewest()
        else if ((event.key === Qt.Key_Menu || event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                 && root.currentItem)
            root.menuRequested(root.currentItem)
        else if (event.key === Qt.Key_Escape)
            root.escapePressed()
        else
            return
        event.accepted = true
    }

    ScrollBar.vertical: ScrollBar {}
}
