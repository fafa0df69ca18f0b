import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The list of people an "@al…" can complete to. It watches the word before the text area's cursor
// and never takes the keyboard: the composer keeps typing and forwards Up, Down, Tab, Enter and
// Escape here.
Popup {
    id: root

    // The TextArea (or TextEdit) being written in.
    property var textArea: null
    // prefix -> names to offer.
    property var candidatesFor: prefix => []
    property var candidates: []
    // Where the "@" of the word being completed is.
    property int start: -1
    property alias currentIndex: list.currentIndex
    readonly property string currentName: root.candidates.length > 0 && list.currentIndex >= 0
                                          ? root.candidates[list.currentIndex] : ""

    signal chosen(string name)

    // Opens with the names matching the "@word" before the cursor, or closes.
    function update() {
        const before = root.textArea.text.substring(0, root.textArea.cursorPosition)
        const match = /(^|\s)@([A-Za-z0-9._-]*)$/.exec(before)
        const names = match && root.textArea.enabled ? (root.candidatesFor(match[2]) || []) : []
        if (names.length === 0) {
            root.start = -1
            root.close()
            return
        }
        root.start = before.length - match[2].length - 1
        root.candidates = names
        root.open()
    }
    // Replaces "@word" with "@name " and puts the cursor after it.
    function complete(name) {
        const start = root.start
        const end = root.textArea.cursorPosition
        root.close()
        root.start = -1
        if (start < 0 || name.length === 0)
            return
        root.textArea.remove(start, end)
        root.textArea.insert(start, "@" + name + " ")
        root.textArea.cursorPosition = start + name.length + 2
    }

    function moveUp() { list.currentIndex = (list.currentIndex + root.candidates.length - 1) % root.candidates.length }
    function moveDown() { list.currentIndex = (list.currentIndex + 1) % root.candidates.length }

    padding: Theme.spacingSmall
    focus: false
    closePolicy: Popup.CloseOnPressOutsideParent
    implicitWidth: 240
    implicitHeight: Math.min(list.contentHeight, 8 * 32) + topPadding + bottomPadding
    onCandidatesChanged: list.currentIndex = 0

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
    }

    ListView {
        id: list
        objectName: "mentionList"
        anchors.fill: parent
        clip: true
        model: root.candidates
        currentIndex: 0
        Accessible.role: Accessible.List
        Accessible.name: qsTr("People to mention")

        delegate: ItemDelegate {
            id: candidate
            required property string modelData
            required property int index
            width: ListView.view.width
            height: 32
            highlighted: ListView.isCurrentItem
            focusPolicy: Qt.NoFocus
            Accessible.name: candidate.modelData
            onClicked: () => root.chosen(candidate.modelData)

            contentItem: Row {
                spacing: Theme.spacing
                Avatar {
                    anchors.verticalCenter: parent.verticalCenter
                    width: 22
                    height: 22
                    name: candidate.modelData
                }
                Label {
                    anchors.verticalCenter: parent.verticalCenter
                    text: candidate.modelData
                    textFormat: Text.PlainText
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                }
            }
            background: Rectangle {
                radius: Theme.radius / 2
                color: candidate.highlighted ? Theme.selection : candidate.hovered ? Theme.hover : "transparent"
            }
        }
    }
}
