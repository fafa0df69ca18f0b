import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI
import Confab.ViewModels

// The bar above the conversation: the room's name, who is signed in and the connection state.
Rectangle {
    id: root

    required property string roomName
    required property string userName
    required property int connectionState

    implicitHeight: Theme.headerHeight
    color: Theme.surface

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge + 4
        anchors.rightMargin: Theme.spacingLarge
        spacing: Theme.spacing + 4

        Rectangle {
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: 34
            implicitHeight: 34
            radius: Theme.radius
            color: "#e8eefe"
            Accessible.ignored: true

            Label {
                anchors.centerIn: parent
                text: "#"
                color: Theme.accent
                font.pixelSize: 18
                font.bold: true
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: 1

            Label {
                objectName: "roomNameLabel"
                Layout.fillWidth: true
                text: root.roomName
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.fontSizeTitle
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: qsTr("Room %1").arg(root.roomName)
            }
            Label {
                Layout.fillWidth: true
                visible: root.userName.length > 0
                text: root.connectionState === RootViewModel.Connected ? qsTr("Signed in as %1").arg(root.userName)
                                                                       : qsTr("%1, not signed in").arg(root.userName)
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall + 1
            }
        }

        ConnectionIndicator {
            Layout.alignment: Qt.AlignVCenter
            connectionState: root.connectionState
        }
    }

    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: 1
        color: Theme.divider
    }
}
