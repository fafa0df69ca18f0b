import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A thin rule with the day's name ("Today", "Yesterday", a date) where the conversation crosses
// midnight, so people can tell when older messages were written without reading every time.
Item {
    id: root

    property string label

    implicitHeight: pill.implicitHeight + 2 * Theme.spacing
    implicitWidth: pill.implicitWidth + 4 * Theme.spacingLarge
    Accessible.role: Accessible.Separator
    Accessible.name: root.label

    Rectangle {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacingLarge
        height: 1
        color: Theme.divider
    }

    Rectangle {
        id: pill
        anchors.centerIn: parent
        implicitWidth: dayText.implicitWidth + 2 * Theme.spacingLarge
        implicitHeight: dayText.implicitHeight + Theme.spacingSmall * 2
        width: implicitWidth
        height: implicitHeight
        radius: height / 2
        color: Theme.surface
        border.color: Theme.border

        Label {
            id: dayText
            objectName: "dayLabel"
            anchors.centerIn: parent
            text: root.label
            textFormat: Text.PlainText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSizeSmall
            font.bold: true
        }
    }
}
