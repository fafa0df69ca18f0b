import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// A titled group of settings on a card; the controls go inside as children.
Rectangle {
    id: root

    property string title: ""
    property string description: ""
    default property alias content: body.data

    implicitHeight: column.implicitHeight + 2 * Theme.spacingLarge
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.spacingLarge
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: root.title
            color: Theme.text
            font.pixelSize: Theme.fontSize + 1
            font.bold: true
            Accessible.role: Accessible.Heading
            Accessible.name: root.title
        }
        Label {
            Layout.fillWidth: true
            visible: root.description.length > 0
            text: root.description
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSizeSmall + 1
        }
        ColumnLayout {
            id: body
            Layout.fillWidth: true
            spacing: Theme.spacing
        }
    }
}
