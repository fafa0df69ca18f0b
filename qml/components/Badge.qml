import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A rounded count: grey for unread, the mention colour for mentions. Hidden at zero, so only
// something worth attention shows. `label` replaces the number (e.g. "@").
Rectangle {
    id: root

    property int count: 0
    property bool mention: false
    property string label: ""

    readonly property string shownText: root.label.length > 0 ? root.label
                                                               : (root.count > 99 ? "99+" : String(root.count))

    visible: root.count > 0
    implicitHeight: Math.round(Theme.fontSizeSmall * 1.6)
    implicitWidth: Math.max(implicitHeight, countLabel.implicitWidth + 10)
    radius: height / 2
    color: root.mention ? Theme.badgeMention : Theme.badge
    Accessible.role: Accessible.StaticText
    Accessible.name: root.mention ? qsTr("%n mention(s)", "", root.count) : qsTr("%n unread", "", root.count)

    Label {
        id: countLabel
        objectName: "badgeText"
        anchors.centerIn: parent
        text: root.shownText
        color: Theme.badgeText
        font.pixelSize: Theme.fontSizeSmall
        font.bold: true
    }
}
