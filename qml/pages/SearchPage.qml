import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Local full-text search over messages and notifications of the current account. Typing searches
// at once; Down/Up pick a result, Enter or a click opens it where it was written.
FocusScope {
    id: root

    // A SearchModel (or a stand-in with the same names in tests).
    required property var search

    property alias field: field
    property alias list: list

    signal openResult(int row)

    function openCurrent() {
        if (list.count > 0)
            root.openResult(Math.max(0, list.currentIndex))
    }

    onVisibleChanged: if (visible) field.forceActiveFocus()
    Component.onCompleted: if (visible) field.forceActiveFocus()

    Rectangle {
        anchors.fill: parent
        color: Theme.surface
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Theme.headerHeight
            color: Theme.surface

            TextField {
                id: field
                objectName: "searchField"
                anchors.fill: parent
                anchors.leftMargin: Theme.spacingLarge
                anchors.rightMargin: Theme.spacingLarge
                anchors.topMargin: Theme.spacing + 2
                anchors.bottomMargin: Theme.spacing + 2
                focus: true
                text: root.search.query
                placeholderText: qsTr("Search messages and notifications")
                placeholderTextColor: Theme.textDisabled
                color: Theme.text
                selectionColor: Theme.selection
                selectedTextColor: Theme.text
                font.pixelSize: Theme.fontSize
                selectByMouse: true
                leftPadding: Theme.spacingLarge
                Accessible.name: qsTr("Search")
                Accessible.description: qsTr("Results appear as you type; Down and Up choose, Enter opens")
                onTextEdited: {
                    root.search.query = field.text
                    list.currentIndex = 0
                }
                Keys.onDownPressed: list.currentIndex = Math.min(list.count - 1, list.currentIndex + 1)
                Keys.onUpPressed: list.currentIndex = Math.max(0, list.currentIndex - 1)
                Keys.onReturnPressed: root.openCurrent()
                Keys.onEnterPressed: root.openCurrent()
                Keys.onEscapePressed: event => {
                    event.accepted = field.text.length > 0
                    if (event.accepted) {
                        field.clear()
                        root.search.query = ""
                    }
                }

                background: Rectangle {
                    radius: height / 2
                    color: Theme.surfaceMuted
                    border.color: field.activeFocus ? Theme.accent : Theme.border
                }
            }

            Rectangle {
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                height: 1
                color: Theme.divider
            }
        }

        ListView {
            id: list
            objectName: "resultList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.search
            currentIndex: 0
            boundsBehavior: Flickable.StopAtBounds
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Search results")
            onCurrentIndexChanged: if (currentIndex >= 0) positionViewAtIndex(currentIndex, ListView.Contain)

            delegate: SearchResultDelegate {
                width: ListView.view.width
                current: ListView.isCurrentItem
                onActivated: () => root.openResult(index)
            }

            ScrollBar.vertical: ScrollBar {}
        }
    }

    BusyIndicator {
        anchors.centerIn: parent
        running: root.search.searching
        visible: running
        Accessible.name: qsTr("Searching")
    }

    Column {
        anchors.centerIn: parent
        visible: list.count === 0 && !root.search.searching
        spacing: Theme.spacing

        Label {
            objectName: "emptyState"
            anchors.horizontalCenter: parent.horizontalCenter
            text: root.search.query.length === 0 ? qsTr("Search your conversations")
                                                 : qsTr("No results for “%1”").arg(root.search.query)
            textFormat: Text.PlainText
            color: Theme.text
            font.pixelSize: Theme.fontSizeTitle
            font.bold: true
        }
        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            text: root.search.query.length === 0 ? qsTr("Messages and notifications stored on this computer.")
                                                 : qsTr("Try fewer or different words.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
    }
}
