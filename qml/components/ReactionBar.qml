import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The reactions under a message: one chip per emoji with its count, highlighted when one of them
// is mine; clicking a chip adds or takes back my reaction. The tooltip says who reacted.
Flow {
    id: root

    // QVariantList of {emoji, count, mine, users}.
    property var reactions: []

    readonly property int count: !root.reactions ? 0
                                 : root.reactions.length !== undefined ? root.reactions.length
                                                                       : (root.reactions.count ?? 0)

    signal toggled(string emoji)
    signal addRequested()

    function escaped(text) {
        return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    }

    spacing: Theme.spacingSmall
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Reactions")

    Repeater {
        model: root.reactions
        delegate: AbstractButton {
            id: chip

            required property var modelData
            readonly property var reaction: chip.modelData ?? ({})
            readonly property string emoji: chip.reaction.emoji ?? ""
            readonly property int count: chip.reaction.count ?? 0
            readonly property bool mine: chip.reaction.mine ?? false
            readonly property var users: chip.reaction.users ?? []
            readonly property string usersText: Array.isArray(chip.users) ? chip.users.join(", ")
                                                                            : String(chip.users)

            objectName: "reactionChip"
            hoverEnabled: true
            focusPolicy: Qt.TabFocus
            checkable: false
            checked: chip.mine
            leftPadding: Theme.spacing
            rightPadding: Theme.spacing
            topPadding: 2
            bottomPadding: 2
            Accessible.role: Accessible.CheckBox
            Accessible.checked: chip.mine
            Accessible.name: qsTr("%1 %2, by %3").arg(chip.emoji).arg(chip.count).arg(chip.usersText)
            ToolTip.visible: chip.hovered && chip.usersText.length > 0
            ToolTip.delay: 400
            // A tooltip reads markup; the emoji is anyone's text (an "<img src=…>" would load), so
            // the tooltip is always rich text with everything of theirs escaped.
            readonly property string toolTipText: "<p>" + qsTr("%1 reacted with %2")
                .arg(root.escaped(chip.usersText)).arg(root.escaped(chip.emoji)) + "</p>"
            ToolTip.text: chip.toolTipText
            onClicked: () => root.toggled(chip.emoji)

            contentItem: Label {
                text: chip.emoji + " " + chip.count
                textFormat: Text.PlainText
                color: chip.mine ? Theme.accent : Theme.text
                font.pixelSize: Theme.fontSizeSmall + 1
                font.bold: chip.mine
            }
            background: Rectangle {
                implicitHeight: 24
                radius: height / 2
                color: chip.mine ? Theme.mentionBackground : chip.hovered ? Theme.hover : Theme.surfaceMuted
                border.width: chip.visualFocus ? 2 : 1
                border.color: chip.mine || chip.visualFocus ? Theme.accent : Theme.border
            }
        }
    }

    ToolButton {
        objectName: "addReactionChip"
        visible: root.count > 0
        text: "☺+"
        font.pixelSize: Theme.fontSizeSmall + 1
        implicitHeight: 24
        focusPolicy: Qt.TabFocus
        Accessible.name: qsTr("Add a reaction")
        ToolTip.visible: hovered
        ToolTip.text: qsTr("Add a reaction")
        onClicked: root.addRequested()
    }
}
