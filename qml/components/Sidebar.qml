import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.Templates as T
import Confab.UI

// The left column: the account switcher, the Notifications and Search entries, then the
// current account's streams grouped as Rooms, Direct messages and Topics.
// It only signals what the user picked; Main.qml tells the view models.
Rectangle {
    id: root

    // AccountListModel, StreamListModel and NotificationCentreModel (or stand-ins).
    required property var accounts
    required property var streams
    property var notifications: null
    property string currentView: "chat"

    signal streamActivated(string streamId)
    signal viewRequested(string view)
    signal accountActivated(string accountId)

    readonly property alias streamList: streamList

    // Opens the stream `delta` rows after (or before) the current one, wrapping around: Alt+Down/Up.
    function openRelative(delta) {
        const count = rows.count
        if (count === 0)
            return
        let current = -1
        for (let i = 0; i < count; ++i) {
            const row = rows.objectAt(i)
            if (row && row.isCurrent) {
                current = i
                break
            }
        }
        const next = current < 0 ? (delta > 0 ? 0 : count - 1) : (current + delta + count) % count
        const row = rows.objectAt(next)
        if (row)
            root.streamActivated(row.streamId)
    }

    function startNew(kind) {
        newStreamDialog.openFor(kind)
    }

    color: Theme.sidebar
    implicitWidth: 260

    Instantiator {
        id: rows
        model: root.streams
        delegate: QtObject {
            required property string streamId
            required property bool isCurrent
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingSmall
        spacing: 2

        AccountSwitcher {
            objectName: "accountSwitcher"
            Layout.fillWidth: true
            accounts: root.accounts
            onAccountActivated: accountId => root.accountActivated(accountId)
            onAddAccountRequested: root.viewRequested("addAccount")
            onSettingsRequested: root.viewRequested("settings")
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingSmall
            Layout.bottomMargin: Theme.spacingSmall
            implicitHeight: 1
            color: Theme.divider
        }
        SidebarEntry {
            objectName: "notificationsEntry"
            Layout.fillWidth: true
            glyph: "⚑"
            text: qsTr("Notifications")
            count: root.notifications ? root.notifications.undismissedCount : 0
            active: root.currentView === "notifications"
            onClicked: root.viewRequested("notifications")
        }
        SidebarEntry {
            objectName: "searchEntry"
            Layout.fillWidth: true
            glyph: "⌕"
            text: qsTr("Search")
            active: root.currentView === "search"
            onClicked: root.viewRequested("search")
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
            Layout.leftMargin: Theme.spacing + 4
            spacing: Theme.spacingSmall

            Label {
                Layout.fillWidth: true
                text: qsTr("Conversations")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
                font.bold: true
            }
            IconButton {
                id: newButton
                objectName: "newStreamButton"
                text: "+"
                Accessible.name: qsTr("New conversation")
                Accessible.description: qsTr("Create or join a room, message someone, or subscribe to a topic")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("New conversation")
                onClicked: newMenu.open()

                Menu {
                    id: newMenu
                    y: newButton.height
                    MenuItem {
                        text: qsTr("Create or join a room…")
                        onTriggered: root.startNew("room")
                    }
                    MenuItem {
                        text: qsTr("New direct message…")
                        onTriggered: root.startNew("dm")
                    }
                    MenuItem {
                        text: qsTr("Subscribe to a topic…")
                        onTriggered: root.startNew("topic")
                    }
                }
            }
        }
        ListView {
            id: streamList
            objectName: "streamList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 1
            model: root.streams
            keyNavigationEnabled: true
            activeFocusOnTab: true
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Conversations")
            ScrollBar.vertical: ScrollBar {}

            section.property: "kind"
            section.criteria: ViewSection.FullString
            section.delegate: SidebarSectionHeader {
                onAddRequested: kind => root.startNew(kind)
            }

            delegate: StreamDelegate {
                width: ListView.view.width
                onStreamActivated: streamId => root.streamActivated(streamId)
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.spacingLarge
                visible: streamList.count === 0
                text: qsTr("No conversations yet. Use + to join a room or message someone.")
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
            }
        }
    }

    NewStreamDialog {
        id: newStreamDialog
        objectName: "newStreamDialog"
        parent: T.Overlay.overlay
        streams: root.streams
    }
}
