import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.Templates as T
import Confab.UI

// Every account, with signing out and removing (optionally with the data kept on this
// computer), and a way to add another.
SettingsSection {
    id: root

    // A SettingsViewModel (signOut, removeAccount) and an AccountListModel (or stand-ins).
    required property var settings
    required property var accounts

    signal addAccountRequested()

    title: qsTr("Accounts")

    Repeater {
        model: root.accounts
        delegate: AccountSettingsDelegate {
            Layout.fillWidth: true
            onSignOutRequested: accountId => root.settings.signOut(accountId)
            onRemoveRequested: (accountId, displayName) => removeDialog.ask(accountId, displayName)
        }
    }
    Button {
        objectName: "addAccountButton"
        text: qsTr("Add account…")
        Accessible.name: qsTr("Add account")
        onClicked: root.addAccountRequested()
    }

    Dialog {
        id: removeDialog
        objectName: "removeAccountDialog"

        property string accountId: ""
        property string accountName: ""

        function ask(accountId, accountName) {
            removeDialog.accountId = accountId
            removeDialog.accountName = accountName
            deleteData.checked = false
            removeDialog.open()
        }

        parent: T.Overlay.overlay
        anchors.centerIn: parent
        modal: true
        title: qsTr("Remove %1?").arg(removeDialog.accountName)
        standardButtons: Dialog.Cancel | Dialog.Ok
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radius
            border.color: Theme.border
        }
        onAccepted: root.settings.removeAccount(removeDialog.accountId, deleteData.checked)

        ColumnLayout {
            width: removeDialog.availableWidth
            spacing: Theme.spacing
            Label {
                Layout.maximumWidth: 360
                text: qsTr("You will be signed out and the account disappears from Confab.")
                wrapMode: Text.Wrap
                color: Theme.text
            }
            CheckBox {
                id: deleteData
                objectName: "deleteLocalData"
                text: qsTr("Also delete its messages and notifications stored on this computer")
                Accessible.name: text
            }
        }
    }
}
