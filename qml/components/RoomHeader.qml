import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// The bar above the conversation: what kind of stream it is, its name, who is in it, and search.
Rectangle {
    id: root

    // "# general", "bob", "backups".
    property string title
    // "room" | "dm" | "topic" | "" (nothing open).
    property string kind
    // The line under the title: "3 members", "Direct message", "Notification topic".
    property string subtitle

    signal searchRequested()

    implicitHeight: Theme.headerHeight
    color: Theme.surface

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge + 4
        anchors.rightMargin: Theme.spacingLarge
        spacing: Theme.spacing + 4

        Rectangle {
            visible: root.kind !== "dm"
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: 34
            implicitHeight: 34
            radius: Theme.radius
            color: Theme.selection
            Accessible.ignored: true

            Label {
                anchors.centerIn: parent
                text: root.kind === "topic" ? "⚑" : "#"
                color: Theme.accent
                font.pixelSize: Theme.fontSizeTitle
                font.bold: true
            }
        }

        Avatar {
            visible: root.kind === "dm"
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: 34
            implicitHeight: 34
            name: root.title
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: 1

            Label {
                objectName: "roomNameLabel"
                Layout.fillWidth: true
                text: root.title
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.fontSizeTitle
                font.bold: true
                Accessible.role: Accessible.Heading
                Accessible.name: root.title
            }
            Label {
                objectName: "roomSubtitle"
                Layout.fillWidth: true
                visible: root.subtitle.length > 0
                text: root.subtitle
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
            }
        }

        ToolButton {
            id: searchButton
            objectName: "searchButton"
            Layout.alignment: Qt.AlignVCenter
            text: "⌕"
            font.pixelSize: Theme.fontSizeTitle + 2
            focusPolicy: Qt.TabFocus
            Accessible.name: qsTr("Search")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Search messages (Ctrl+F)")
            onClicked: root.searchRequested()
            background: Rectangle {
                implicitWidth: 36
                implicitHeight: 36
                radius: Theme.radius
                color: searchButton.down || searchButton.hovered ? Theme.hover : "transparent"
            }
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
