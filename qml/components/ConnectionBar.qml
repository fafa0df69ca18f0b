import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI
import Confab.ViewModels

// A banner under the header whenever the app is not connected: what is happening and, after a
// failure, why. Hidden while connected, so the conversation gets the space.
Rectangle {
    id: root

    required property int connectionState
    required property string errorText

    readonly property bool connecting: root.connectionState === RootViewModel.Connecting

    visible: root.connectionState !== RootViewModel.Connected
    implicitHeight: visible ? row.implicitHeight + 2 * Theme.spacing + 2 : 0
    color: root.connecting ? Theme.warningBackground : Theme.errorBackground
    Accessible.role: Accessible.AlertMessage
    Accessible.name: title.text + (detail.visible ? " " + detail.text : "")

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge + 4
        anchors.rightMargin: Theme.spacingLarge
        spacing: Theme.spacing

        Label {
            id: title
            objectName: "connectionBarTitle"
            text: root.connecting ? qsTr("Connecting to the relay…") : qsTr("Disconnected")
            color: root.connecting ? Theme.warningText : Theme.errorText
            font.bold: true
        }
        Label {
            id: detail
            objectName: "connectionBarDetail"
            Layout.fillWidth: true
            visible: text.length > 0
            text: root.connecting ? "" : (root.errorText.length > 0 ? root.errorText
                                                                    : qsTr("Not connected to the relay."))
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: root.connecting ? Theme.warningText : Theme.errorText
        }
    }
}
