import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// "bob is typing…" under the conversation. It keeps its height when nobody types, so the
// messages above do not jump each time someone starts or stops.
Item {
    id: root

    // The sentence from the view model ("" when nobody is typing).
    property string text

    readonly property bool active: root.text.length > 0

    implicitHeight: Math.round(Theme.fontSizeSmall * 1.6)
    implicitWidth: dots.width + label.implicitWidth + Theme.spacing
    Accessible.role: Accessible.StaticText
    Accessible.name: root.text
    Accessible.ignored: !root.active

    Row {
        id: dots
        anchors.verticalCenter: parent.verticalCenter
        spacing: 3
        visible: root.active

        Repeater {
            model: 3
            delegate: Rectangle {
                id: dot
                required property int index
                width: 5
                height: 5
                radius: 2.5
                color: Theme.textMuted

                SequentialAnimation on opacity {
                    running: dot.visible
                    loops: Animation.Infinite
                    PauseAnimation { duration: dot.index * 150 }
                    NumberAnimation { from: 0.3; to: 1; duration: 300 }
                    NumberAnimation { from: 1; to: 0.3; duration: 300 }
                    PauseAnimation { duration: (2 - dot.index) * 150 }
                }
            }
        }
    }

    Label {
        id: label
        objectName: "typingLabel"
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: dots.right
        anchors.leftMargin: Theme.spacing
        anchors.right: parent.right
        text: root.text
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.textMuted
        font.pixelSize: Theme.fontSizeSmall
        font.italic: true
    }
}
