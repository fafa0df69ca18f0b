import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.Templates as T
import Confab.UI

// A small dialog for starting something new from the sidebar: create or join a room, open a
// direct message, or subscribe to a topic. It calls the stream list's invokables directly.
Dialog {
    id: root

    // A StreamListModel (or a stand-in): createRoom, joinRoom, openDm, subscribeTopic.
    required property var streams
    // "room", "dm" or "topic".
    property string kind: "room"

    readonly property string name: nameField.text.trim()
    // The relay's names: lower-case letters, digits, dot, underscore and dash.
    readonly property bool nameValid: /^[a-z0-9._-]{1,64}$/.test(root.name)

    function openFor(kind) {
        root.kind = kind
        nameField.clear()
        root.open()
    }

    // Runs the action for the kind ("create" only matters for rooms) and closes.
    function commit(create) {
        if (!root.nameValid)
            return
        if (root.kind === "room") {
            if (create)
                root.streams.createRoom(root.name)
            else
                root.streams.joinRoom(root.name)
        } else if (root.kind === "dm") {
            root.streams.openDm(root.name)
        } else {
            root.streams.subscribeTopic(root.name)
        }
        root.close()
    }

    modal: true
    focus: true
    anchors.centerIn: T.Overlay.overlay
    width: Math.min(380, parent ? parent.width - 40 : 380)
    title: root.kind === "room" ? qsTr("Create or join a room")
         : root.kind === "dm" ? qsTr("New direct message") : qsTr("Subscribe to a topic")
    onOpened: nameField.forceActiveFocus()

    background: Rectangle {
        color: Theme.surface
        radius: Theme.radius
        border.color: Theme.border
    }

    ColumnLayout {
        width: root.availableWidth
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: root.kind === "room" ? qsTr("Room name")
                : root.kind === "dm" ? qsTr("User name") : qsTr("Topic name")
            color: Theme.text
        }
        TextField {
            id: nameField
            objectName: "newStreamName"
            Layout.fillWidth: true
            placeholderText: root.kind === "dm" ? qsTr("e.g. bob") : qsTr("e.g. general")
            Accessible.name: root.kind === "room" ? qsTr("Room name")
                           : root.kind === "dm" ? qsTr("User name") : qsTr("Topic name")
            Keys.onReturnPressed: root.commit(false)
            Keys.onEnterPressed: root.commit(false)
        }
        Label {
            Layout.fillWidth: true
            visible: root.name.length > 0 && !root.nameValid
            text: qsTr("Use lower-case letters, digits, dots, dashes and underscores.")
            wrapMode: Text.Wrap
            color: Theme.errorText
            font.pixelSize: Theme.fontSizeSmall
        }
    }

    footer: Item {
        implicitHeight: buttons.implicitHeight + 2 * Theme.spacing

        RowLayout {
            id: buttons
            anchors.fill: parent
            anchors.margins: Theme.spacing
            spacing: Theme.spacing

            Item {
                Layout.fillWidth: true
            }
            Button {
                text: qsTr("Cancel")
                Accessible.name: qsTr("Cancel")
                onClicked: root.reject()
            }
            Button {
                objectName: "newStreamCreate"
                visible: root.kind === "room"
                enabled: root.nameValid
                text: qsTr("Create")
                Accessible.name: qsTr("Create the room")
                onClicked: root.commit(true)
            }
            PrimaryButton {
                objectName: "newStreamConfirm"
                enabled: root.nameValid
                text: root.kind === "room" ? qsTr("Join") : root.kind === "dm" ? qsTr("Open") : qsTr("Subscribe")
                Accessible.name: text
                onClicked: root.commit(false)
            }
        }
    }
}
