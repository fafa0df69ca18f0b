import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// A strong red bar once the account has been offline for longer than the chosen alert time, so
// someone relying on notifications knows they may be missing some. It can be dismissed; it comes
// back the next time the connection stays away too long.
Rectangle {
    id: root

    // A ConnectionBannerViewModel (or a stand-in): offlineTooLong, offlineSinceText.
    required property var connection
    property bool dismissed: false

    readonly property bool alerting: root.connection !== null && root.connection.offlineTooLong

    onAlertingChanged: if (!root.alerting) root.dismissed = false

    visible: root.alerting && !root.dismissed
    implicitHeight: visible ? column.implicitHeight + 2 * Theme.spacing : 0
    color: Theme.offline
    Accessible.role: Accessible.AlertMessage
    Accessible.name: title.text + " " + detail.text

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing

        ColumnLayout {
            id: column
            Layout.fillWidth: true
            spacing: 2

            Label {
                id: title
                objectName: "offlineAlertTitle"
                Layout.fillWidth: true
                text: root.connection && root.connection.offlineSinceText.length > 0
                      ? qsTr("Offline since %1").arg(root.connection.offlineSinceText)
                      : qsTr("Offline for a long time")
                textFormat: Text.PlainText
                color: Theme.textOnAccent
                font.bold: true
            }
            Label {
                id: detail
                Layout.fillWidth: true
                text: qsTr("You may be missing messages and notifications. They arrive as soon as the connection is back.")
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.textOnAccent
            }
        }
        Button {
            objectName: "offlineAlertDismiss"
            text: qsTr("Dismiss")
            flat: true
            palette.buttonText: Theme.textOnAccent
            Accessible.name: qsTr("Dismiss the offline alert")
            onClicked: root.dismissed = true
        }
    }
}
