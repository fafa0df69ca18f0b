import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// A fixed entry at the top of the sidebar ("Notifications", "Search") with an icon glyph and an
// optional count badge; highlighted while its view is shown.
ItemDelegate {
    id: root

    property string glyph: ""
    property int count: 0
    property bool active: false

    activeFocusOnTab: true
    highlighted: root.active
    leftPadding: Theme.spacing + 4
    rightPadding: Theme.spacing
    topPadding: 5
    bottomPadding: 5
    Accessible.role: Accessible.Button
    Accessible.name: root.count > 0 ? qsTr("%1, %2").arg(root.text).arg(root.count) : root.text
    Keys.onReturnPressed: root.clicked()
    Keys.onEnterPressed: root.clicked()

    contentItem: RowLayout {
        spacing: Theme.spacing

        Label {
            Layout.preferredWidth: 14
            horizontalAlignment: Text.AlignHCenter
            text: root.glyph
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        Label {
            Layout.fillWidth: true
            text: root.text
            elide: Text.ElideRight
            color: root.active ? Theme.text : Theme.sidebarText
            font.pixelSize: Theme.fontSize
        }
        Badge {
            objectName: "entryBadge"
            count: root.count
        }
    }

    background: Rectangle {
        radius: 6
        color: root.active ? Theme.selection : (root.hovered || root.visualFocus) ? Theme.hover : "transparent"
        border.width: root.visualFocus ? 1 : 0
        border.color: Theme.accent
    }
}
