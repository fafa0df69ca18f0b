import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI
import Confab.ViewModels

// The main window. Without an account it is the welcome page; otherwise the sidebar beside the
// current view (chat, notification centre, search, settings, add account), under the
// connection banner. Keyboard: Ctrl+K jump to, Ctrl+F search, Ctrl+, settings,
// Ctrl+Shift+A notifications, Alt+Up/Down previous/next conversation.
ApplicationWindow {
    id: window

    required property AppViewModel app

    readonly property var views: ["chat", "notifications", "search", "settings", "addAccount"]

    // The quick switcher is made the first time it is asked for.
    function openQuickSwitcher() {
        quickSwitcher.active = true
        quickSwitcher.item.open()
    }

    width: 1100
    height: 720
    minimumWidth: 560
    minimumHeight: 420
    visible: true
    title: window.app.hasAccounts && window.app.currentView === "chat" && window.app.chat.streamId.length > 0
           ? qsTr("%1 – Confab").arg(window.app.chat.title) : qsTr("Confab")
    color: Theme.window
    font.pixelSize: Theme.fontSize

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.surfaceMuted
    palette.text: Theme.text
    palette.button: Theme.control
    palette.buttonText: Theme.text
    palette.brightText: Theme.textOnAccent
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.textOnAccent
    palette.light: Theme.surface
    palette.midlight: Theme.control
    palette.mid: Theme.controlBorder
    palette.dark: Theme.accent
    palette.shadow: Theme.border
    palette.toolTipBase: Theme.surface
    palette.toolTipText: Theme.text
    palette.link: Theme.link

    Binding {
        target: Theme
        property: "dark"
        value: window.app.settings.darkTheme
    }

    onClosing: close => {
        if (window.app.keepRunningInTray) {
            // Notifications keep arriving; the tray's "Open" brings the window back.
            close.accepted = false
            window.hide()
        } else {
            window.app.quit()
        }
    }

    Connections {
        target: window.app
        function onRaiseWindowRequested() {
            window.show()
            window.raise()
            window.requestActivate()
        }
        function onNotificationPositionRequested(row) {
            notificationPage.made = true
            notificationPage.item.showRow(row)
        }
    }
    Connections {
        target: window.app.setup
        function onAccountReady() {
            if (window.app.currentView === "addAccount")
                window.app.currentView = "chat"
        }
    }

    Shortcut {
        sequence: "Ctrl+K"
        enabled: window.app.hasAccounts
        onActivated: window.openQuickSwitcher()
    }
    Shortcut {
        sequence: "Ctrl+F"
        enabled: window.app.hasAccounts
        onActivated: window.app.currentView = "search"
    }
    Shortcut {
        sequence: "Ctrl+,"
        enabled: window.app.hasAccounts
        onActivated: window.app.currentView = "settings"
    }
    Shortcut {
        sequence: "Ctrl+Shift+A"
        enabled: window.app.hasAccounts
        onActivated: window.app.currentView = "notifications"
    }
    Shortcut {
        sequence: "Alt+Up"
        enabled: window.app.hasAccounts
        onActivated: sidebar.openRelative(-1)
    }
    Shortcut {
        sequence: "Alt+Down"
        enabled: window.app.hasAccounts
        onActivated: sidebar.openRelative(1)
    }

    // Only the pages on screen are made when the window opens (LazyPage): the welcome page
    // without an account, otherwise the sidebar and the conversation.
    LazyPage {
        anchors.fill: parent
        shown: !window.app.hasAccounts
        visible: shown
        focus: visible
        sourceComponent: FirstRunPage {
            objectName: "firstRunPage"
            focus: true
            setup: window.app.setup
        }
    }

    SplitView {
        anchors.fill: parent
        visible: window.app.hasAccounts
        orientation: Qt.Horizontal

        Sidebar {
            id: sidebar
            objectName: "sidebar"
            SplitView.preferredWidth: 260
            SplitView.minimumWidth: 200
            SplitView.maximumWidth: 420
            accounts: window.app.accounts
            streams: window.app.streams
            notifications: window.app.notifications
            currentView: window.app.currentView
            onStreamActivated: streamId => window.app.openStream(streamId)
            onViewRequested: view => window.app.currentView = view
            onAccountActivated: accountId => window.app.currentAccountId = accountId
        }

        ColumnLayout {
            SplitView.fillWidth: true
            spacing: 0

            ConnectionBanner {
                objectName: "connectionBanner"
                Layout.fillWidth: true
                connection: window.app.connection
            }
            OfflineAlert {
                objectName: "offlineAlert"
                Layout.fillWidth: true
                connection: window.app.connection
            }
            StackLayout {
                id: stack
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: Math.max(0, window.views.indexOf(window.app.currentView))
                // The keyboard follows the view: typing goes to the page just opened.
                onCurrentIndexChanged: {
                    const page = stack.children[stack.currentIndex]
                    if (page)
                        page.forceActiveFocus()
                }

                FocusScope {
                    ChatPage {
                        objectName: "chatPage"
                        anchors.fill: parent
                        visible: window.app.chat.streamId.length > 0
                        focus: visible
                        chat: window.app.chat
                        onSearchRequested: window.app.currentView = "search"
                    }
                    EmptyChatState {
                        objectName: "emptyChatState"
                        anchors.fill: parent
                        visible: window.app.chat.streamId.length === 0
                        onSwitcherRequested: window.openQuickSwitcher()
                    }
                }
                LazyPage {
                    id: notificationPage
                    shown: stack.currentIndex === 1
                    sourceComponent: NotificationCentrePage {
                        objectName: "notificationCentrePage"
                        focus: true
                        centre: window.app.notifications
                    }
                }
                LazyPage {
                    shown: stack.currentIndex === 2
                    sourceComponent: SearchPage {
                        objectName: "searchPage"
                        focus: true
                        search: window.app.search
                        onOpenResult: row => window.app.openSearchResult(row)
                    }
                }
                LazyPage {
                    shown: stack.currentIndex === 3
                    sourceComponent: SettingsPage {
                        objectName: "settingsPage"
                        focus: true
                        settings: window.app.settings
                        accounts: window.app.accounts
                        onAddAccountRequested: window.app.currentView = "addAccount"
                        onCloseRequested: window.app.currentView = "chat"
                    }
                }
                LazyPage {
                    shown: stack.currentIndex === 4
                    sourceComponent: FirstRunPage {
                        objectName: "addAccountPage"
                        focus: true
                        addMode: true
                        setup: window.app.setup
                        onCancelRequested: window.app.currentView = "chat"
                    }
                }
            }
        }
    }

    Loader {
        id: quickSwitcher
        active: false
        sourceComponent: QuickSwitcher {
            objectName: "quickSwitcher"
            // Where a popup declared in the window would sit (a loaded one has no parent item).
            parent: window.contentItem
            switcher: window.app.switcher
            onStreamChosen: (accountId, streamId) => {
                if (accountId.length > 0 && accountId !== window.app.currentAccountId)
                    window.app.currentAccountId = accountId
                window.app.openStream(streamId)
            }
        }
    }
}
