import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One account in the settings: who and where, its connection, Sign out and Remove….
RowLayout {
    id: root

    required property string accountId
    required property string displayName
    required property string userName
    required property string phase

    signal signOutRequested(string accountId)
    signal removeRequested(string accountId, string displayName)

    spacing: Theme.spacing

    Avatar {
        Layout.preferredWidth: 28
        Layout.preferredHeight: 28
        name: root.userName
    }
    Label {
        Layout.fillWidth: true
        text: root.displayName
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.text
    }
    ConnectionIndicator {
        phase: root.phase
    }
    Button {
        objectName: "signOut_" + root.userName
        text: qsTr("Sign out")
        Accessible.name: qsTr("Sign out of %1").arg(root.displayName)
        onClicked: root.signOutRequested(root.accountId)
    }
    Button {
        objectName: "remove_" + root.userName
        text: qsTr("Remove…")
        Accessible.name: qsTr("Remove %1").arg(root.displayName)
        onClicked: root.removeRequested(root.accountId, root.displayName)
    }
}
