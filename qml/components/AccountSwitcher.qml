import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// The top of the sidebar: who is signed in where, and how the connection is. Clicking opens a
// list of every account (with its unread count) to switch, plus "Add account" and "Settings".
ItemDelegate {
    id: root

    // An AccountListModel (or a stand-in): accountId, displayName, userName, relayHost, phase,
    // unread, isCurrent.
    required property var accounts

    signal accountActivated(string accountId)
    signal addAccountRequested()
    signal settingsRequested()

    // The current account's row, found among all rows (it need not be on screen).
    readonly property var current: {
        for (let i = 0; i < rows.count; ++i) {
            const row = rows.objectAt(i)
            if (row && row.isCurrent)
                return row
        }
        return null
    }

    Instantiator {
        id: rows
        model: root.accounts
        delegate: QtObject {
            required property string accountId
            required property string userName
            required property string relayHost
            required property string phase
            required property bool isCurrent
        }
    }

    activeFocusOnTab: true
    padding: Theme.spacing
    Accessible.role: Accessible.ButtonMenu
    Accessible.name: root.current ? qsTr("Account %1 on %2").arg(root.current.userName).arg(root.current.relayHost)
                                  : qsTr("Accounts")
    Accessible.description: qsTr("Switch account, add an account or open the settings")
    onClicked: menu.open()
    Keys.onReturnPressed: menu.open()

    contentItem: RowLayout {
        spacing: Theme.spacing

        Avatar {
            Layout.preferredWidth: 30
            Layout.preferredHeight: 30
            name: root.current ? root.current.userName : "?"
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                objectName: "accountUserName"
                Layout.fillWidth: true
                text: root.current ? root.current.userName : qsTr("No account")
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.fontSize
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                text: root.current ? root.current.relayHost : ""
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
            }
        }
        ConnectionIndicator {
            objectName: "accountPhase"
            Layout.alignment: Qt.AlignVCenter
            phase: root.current ? root.current.phase : ""
            showText: false
        }
        Label {
            text: "▾"
            color: Theme.textMuted
        }
    }

    background: Rectangle {
        radius: 6
        color: root.hovered || root.visualFocus ? Theme.hover : "transparent"
    }

    Popup {
        id: menu
        objectName: "accountMenu"
        y: root.height
        width: Math.max(root.width, 260)
        padding: Theme.spacingSmall
        focus: true

        ColumnLayout {
            width: menu.availableWidth
            spacing: 0

            Repeater {
                model: root.accounts
                delegate: AccountMenuDelegate {
                    Layout.fillWidth: true
                    onAccountChosen: accountId => {
                        menu.close()
                        root.accountActivated(accountId)
                    }
                }
            }
            MenuSeparator {
                Layout.fillWidth: true
            }
            ItemDelegate {
                objectName: "addAccountItem"
                Layout.fillWidth: true
                text: qsTr("Add account…")
                Accessible.name: qsTr("Add account")
                onClicked: {
                    menu.close()
                    root.addAccountRequested()
                }
            }
            ItemDelegate {
                objectName: "settingsItem"
                Layout.fillWidth: true
                text: qsTr("Settings")
                Accessible.name: qsTr("Settings")
                onClicked: {
                    menu.close()
                    root.settingsRequested()
                }
            }
        }
    }
}
