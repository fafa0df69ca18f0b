import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A small popup of common reactions; picking one reacts and closes it. Arrow keys move between
// them, Enter or Space picks, Escape closes.
Popup {
    id: root

    readonly property var emojis: ["👍", "❤️", "😂", "🎉", "😮", "😢", "🙏", "👀"]

    signal picked(string emoji)

    padding: Theme.spacingSmall
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
    }

    Row {
        spacing: 2
        Accessible.role: Accessible.ToolBar
        Accessible.name: qsTr("Add a reaction")

        Repeater {
            model: root.emojis
            delegate: ToolButton {
                id: emojiButton
                required property string modelData
                required property int index
                objectName: "emoji_" + emojiButton.index
                focus: emojiButton.index === 0
                text: emojiButton.modelData
                font.pixelSize: Theme.fontSizeTitle
                Accessible.name: qsTr("React with %1").arg(emojiButton.modelData)
                Keys.onRightPressed: emojiButton.nextItemInFocusChain(true).forceActiveFocus()
                Keys.onLeftPressed: emojiButton.nextItemInFocusChain(false).forceActiveFocus()
                Keys.onReturnPressed: emojiButton.clicked()
                Keys.onEnterPressed: emojiButton.clicked()
                onClicked: () => {
                    root.picked(emojiButton.modelData)
                    root.close()
                }
            }
        }
    }
}
