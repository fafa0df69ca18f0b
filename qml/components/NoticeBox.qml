import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A rounded box with a short message: red for an error, amber for a warning. Hidden when empty.
Rectangle {
    id: root

    property string text: ""
    property bool warning: false

    visible: root.text.length > 0
    implicitHeight: visible ? label.implicitHeight + 2 * Theme.spacing : 0
    implicitWidth: label.implicitWidth + 2 * Theme.spacing
    radius: Theme.radius
    color: root.warning ? Theme.warningBackground : Theme.errorBackground
    Accessible.role: Accessible.AlertMessage
    Accessible.name: root.text

    Label {
        id: label
        objectName: "noticeText"
        anchors.fill: parent
        anchors.margins: Theme.spacing
        text: root.text
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: root.warning ? Theme.warningText : Theme.errorText
    }
}
