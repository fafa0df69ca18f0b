import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI
import Confab.ViewModels

// The conversation in one room: header, connection banner, messages and the composer.
Item {
    id: root

    required property RootViewModel viewModel

    readonly property bool connected: root.viewModel.connectionState === RootViewModel.Connected

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RoomHeader {
            Layout.fillWidth: true
            roomName: root.viewModel.roomName
            userName: root.viewModel.userName
            connectionState: root.viewModel.connectionState
        }

        ConnectionBar {
            Layout.fillWidth: true
            connectionState: root.viewModel.connectionState
            errorText: root.viewModel.connectionError
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            ListView {
                id: messageList
                objectName: "messageList"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                clip: true
                model: root.viewModel.messages
                spacing: 2
                topMargin: Theme.spacingLarge
                bottomMargin: Theme.spacing
                boundsBehavior: Flickable.StopAtBounds
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Messages")

                // Stay at the newest message unless the user has scrolled up to read.
                property bool followNewest: true
                onMovementEnded: followNewest = atYEnd
                onCountChanged: if (followNewest) positionViewAtEnd()
                onHeightChanged: if (followNewest) positionViewAtEnd()

                delegate: MessageDelegate {
                    width: ListView.view.width
                }

                ScrollBar.vertical: ScrollBar {}
            }

            // A few messages sit at the bottom, next to the composer, as in any chat. Delayed:
            // the height decides which delegates exist, and they decide contentHeight.
            Binding {
                target: messageList
                property: "height"
                value: Math.min(messageList.parent.height,
                                messageList.contentHeight + messageList.topMargin + messageList.bottomMargin)
                delayed: true
            }

            Column {
                anchors.centerIn: parent
                visible: messageList.count === 0
                spacing: Theme.spacing

                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("No messages yet")
                    color: Theme.text
                    font.pixelSize: Theme.fontSizeTitle
                    font.bold: true
                }
                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("Messages in #%1 will appear here.").arg(root.viewModel.roomName)
                    textFormat: Text.PlainText
                    color: Theme.textMuted
                }
            }
        }

        Composer {
            Layout.fillWidth: true
            focus: true
            canSend: root.connected
            placeholderText: root.connected ? qsTr("Message #%1").arg(root.viewModel.roomName)
                                            : qsTr("You can send messages once connected")
            onSendRequested: text => root.viewModel.sendMessage(text)
        }
    }
}
