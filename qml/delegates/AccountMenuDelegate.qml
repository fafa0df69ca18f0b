import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One account in the account switcher's menu: avatar, "alice @ relay", connection dot, unread.
ItemDelegate {
    id: root

    required property string accountId
    required property string displayName
    required property string userName
    required property string phase
    required property int unread
    required property bool isCurrent
    // The whole row, for roles a stand-in model may lack: transportText ("via HTTP fallback").
    required property var model
    readonly property string transportText: root.model ? (root.model.transportText ?? "") : ""

    signal accountChosen(string accountId)

    highlighted: root.isCurrent
    Accessible.name: (root.unread > 0 ? qsTr("%1, %n unread", "", root.unread).arg(root.displayName)
                                      : root.displayName)
                     + (root.transportText !== "" ? ", " + qsTr("connected %1").arg(root.transportText) : "")
    onClicked: root.accountChosen(root.accountId)
    Keys.onReturnPressed: root.accountChosen(root.accountId)

    contentItem: RowLayout {
        spacing: Theme.spacing

        Avatar {
            Layout.preferredWidth: 24
            Layout.preferredHeight: 24
            name: root.userName
        }
        Label {
            Layout.fillWidth: true
            text: root.displayName
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: Theme.text
            font.bold: root.isCurrent
        }
        ConnectionIndicator {
            phase: root.phase
            transportText: root.transportText
            showText: false
        }
        Label {
            objectName: "accountTransport"
            visible: root.transportText !== ""
            text: root.transportText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSizeSmall
        }
        Badge {
            count: root.unread
        }
    }
}
