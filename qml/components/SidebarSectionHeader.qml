import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// The heading of one group of streams (Rooms, Direct messages, Topics) with a "+" that starts
// a new one of that kind.
Item {
    id: root

    // The ListView's section value: the stream kind ("room", "dm", "topic").
    required property string section

    signal addRequested(string kind)

    readonly property string title: root.section === "room" ? qsTr("Rooms")
                                    : root.section === "dm" ? qsTr("Direct messages")
                                    : root.section === "topic" ? qsTr("Topics") : root.section
    readonly property string addText: root.section === "room" ? qsTr("Create or join a room")
                                      : root.section === "dm" ? qsTr("New direct message")
                                      : qsTr("Subscribe to a topic")

    implicitHeight: row.implicitHeight + Theme.spacing
    width: ListView.view ? ListView.view.width : implicitWidth
    implicitWidth: row.implicitWidth

    RowLayout {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.leftMargin: Theme.spacing + 4
        spacing: Theme.spacingSmall

        Label {
            objectName: "sectionTitle"
            Layout.fillWidth: true
            text: root.title
            color: Theme.textMuted
            font.pixelSize: Theme.fontSizeSmall
            font.bold: true
            font.capitalization: Font.AllUppercase
            Accessible.role: Accessible.Heading
            Accessible.name: root.title
        }
        IconButton {
            objectName: "sectionAddButton"
            text: "+"
            Accessible.name: root.addText
            ToolTip.visible: hovered
            ToolTip.text: root.addText
            onClicked: root.addRequested(root.section)
        }
    }
}
