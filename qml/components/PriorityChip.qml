import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A notification's priority as a small coloured label ("urgent" in red, "high" in amber, …).
Rectangle {
    id: root

    // 1 (min) .. 5 (urgent).
    property int priority: 3
    // The translated name from the model ("min" … "urgent").
    property string name

    readonly property color tone: Theme.priorityColor(root.priority)

    implicitWidth: label.implicitWidth + 2 * Theme.spacing
    implicitHeight: label.implicitHeight + 4
    radius: height / 2
    color: Qt.rgba(root.tone.r, root.tone.g, root.tone.b, Theme.dark ? 0.25 : 0.14)
    border.color: root.tone
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("Priority %1").arg(root.name)

    Label {
        id: label
        objectName: "priorityLabel"
        anchors.centerIn: parent
        text: root.priority >= 5 ? "⚠ " + root.name : root.name
        textFormat: Text.PlainText
        color: root.priority <= 2 ? Theme.textMuted : root.tone
        font.pixelSize: Theme.fontSizeSmall
        font.bold: root.priority >= 4
    }
}
