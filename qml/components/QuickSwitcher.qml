import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.Templates as T
import Confab.UI

// Ctrl+K: type a few letters of any stream of any account, Up/Down to choose, Enter to open it,
// Escape to close. The filtering and ranking happen in the model (QuickSwitcherModel).
Popup {
    id: root

    // A QuickSwitcherModel (or a stand-in list model with a `filter` property and streamAt(row),
    // accountAt(row)): streamId, kind, displayName, accountId, accountName, unread.
    required property var switcher

    signal streamChosen(string accountId, string streamId)

    // Opens the highlighted row (or the first one when none is highlighted).
    function choose() {
        if (results.count === 0)
            return
        if (results.currentIndex < 0)
            results.currentIndex = 0
        const accountId = root.switcher.accountAt(results.currentIndex)
        const streamId = root.switcher.streamAt(results.currentIndex)
        root.close()
        root.streamChosen(accountId, streamId)
    }

    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    anchors.centerIn: T.Overlay.overlay
    width: Math.min(520, parent ? parent.width - 40 : 520)
    height: Math.min(column.implicitHeight + topPadding + bottomPadding, parent ? parent.height - 80 : 420)
    padding: Theme.spacing

    onOpened: {
        field.clear()
        root.switcher.filter = ""
        results.currentIndex = results.count > 0 ? 0 : -1
        field.forceActiveFocus()
    }

    background: Rectangle {
        color: Theme.surface
        radius: Theme.radius
        border.color: Theme.border
    }

    ColumnLayout {
        id: column
        width: root.availableWidth
        spacing: Theme.spacing

        TextField {
            id: field
            objectName: "switcherField"
            Layout.fillWidth: true
            placeholderText: qsTr("Jump to a conversation…")
            font.pixelSize: Theme.fontSizeTitle
            Accessible.name: qsTr("Jump to a conversation")
            Accessible.description: qsTr("Type part of a name, Up and Down to choose, Enter to open")
            onTextChanged: {
                root.switcher.filter = field.text
                results.currentIndex = results.count > 0 ? 0 : -1
            }
            Keys.onDownPressed: results.currentIndex = Math.min(results.currentIndex + 1, results.count - 1)
            Keys.onUpPressed: results.currentIndex = Math.max(results.currentIndex - 1, 0)
            Keys.onReturnPressed: root.choose()
            Keys.onEnterPressed: root.choose()
            Keys.onEscapePressed: root.close()
        }
        ListView {
            id: results
            objectName: "switcherResults"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 360)
            clip: true
            model: root.switcher
            highlightMoveDuration: 0
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Matching conversations")
            onCountChanged: if (results.currentIndex < 0 && results.count > 0) results.currentIndex = 0

            delegate: SwitcherDelegate {
                width: ListView.view.width
                onRowChosen: row => {
                    results.currentIndex = row
                    root.choose()
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: results.count === 0
            text: field.text.length > 0 ? qsTr("No conversation matches “%1”.").arg(field.text)
                                        : qsTr("No conversations yet.")
            textFormat: Text.PlainText
            color: Theme.textMuted
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
