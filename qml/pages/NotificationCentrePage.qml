import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Every notification of the current account, newest first, with filters by topic and minimum
// priority. Dismissing here dismisses on every desktop of the account.
FocusScope {
    id: root

    // A NotificationCentreModel (or a stand-in with the same names in tests).
    required property var centre

    property alias list: list

    // Scrolls to a row (the notification a search result or a desktop notification points to).
    function showRow(row) {
        if (row < 0)
            return
        list.currentIndex = row
        list.positionViewAtIndex(row, ListView.Center)
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.window
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Math.max(Theme.headerHeight, header.implicitHeight + 2 * Theme.spacing)
            color: Theme.surface

            RowLayout {
                id: header
                anchors.fill: parent
                anchors.leftMargin: Theme.spacingLarge + 4
                anchors.rightMargin: Theme.spacingLarge
                spacing: Theme.spacing

                Label {
                    Layout.fillWidth: true
                    text: root.centre.undismissedCount > 0
                          ? qsTr("Notifications (%1)").arg(root.centre.undismissedCount)
                          : qsTr("Notifications")
                    elide: Text.ElideRight
                    color: Theme.text
                    font.pixelSize: Theme.fontSizeTitle
                    font.bold: true
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }

                ComboBox {
                    id: topicBox
                    objectName: "topicFilter"
                    implicitWidth: 180
                    model: [qsTr("All topics")].concat(root.centre.topics)
                    currentIndex: Math.max(0, root.centre.topics.indexOf(root.centre.topicFilter) + 1)
                    font.pixelSize: Theme.fontSize
                    Accessible.name: qsTr("Topic")
                    onActivated: index => root.centre.topicFilter = index === 0 ? "" : root.centre.topics[index - 1]
                }

                ComboBox {
                    id: priorityBox
                    objectName: "priorityFilter"
                    implicitWidth: 180
                    model: [qsTr("All priorities"), qsTr("Low and above"), qsTr("Default and above"),
                            qsTr("High and above"), qsTr("Urgent only")]
                    currentIndex: Math.max(0, Math.min(4, root.centre.minPriority - 1))
                    font.pixelSize: Theme.fontSize
                    Accessible.name: qsTr("Minimum priority")
                    onActivated: index => root.centre.minPriority = index + 1
                }

                Button {
                    objectName: "dismissAllButton"
                    text: qsTr("Dismiss all")
                    enabled: list.count > 0
                    font.pixelSize: Theme.fontSize
                    Accessible.name: topicBox.currentIndex > 0 || priorityBox.currentIndex > 0
                                     ? qsTr("Dismiss all shown notifications") : qsTr("Dismiss all notifications")
                    onClicked: root.centre.dismissAll()
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
            objectName: "notificationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.centre
            spacing: Theme.spacing
            topMargin: Theme.spacingLarge
            bottomMargin: Theme.spacingLarge
            leftMargin: Theme.spacingLarge
            rightMargin: Theme.spacingLarge
            boundsBehavior: Flickable.StopAtBounds
            keyNavigationEnabled: true
            activeFocusOnTab: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Notifications")

            delegate: NotificationDelegate {
                width: ListView.view.width - ListView.view.leftMargin - ListView.view.rightMargin
                onActionTriggered: actionIndex => root.centre.invokeAction(index, actionIndex)
                onDismissClicked: () => root.centre.dismiss(index)
                onLinkClicked: () => root.centre.openClick(index)
                onAttachmentFetchRequested: () => root.centre.fetchAttachment(index)
                // Optional roles: models without attachments (test models) leave them out.
                required property var model
                hasAttachment: !!model.hasAttachment
                attachmentName: model.attachmentName ?? ""
                attachmentSizeText: model.attachmentSizeText ?? ""
                isImage: !!model.isImage
                localUrl: model.localUrl ?? ""
                attachmentError: model.attachmentError ?? ""
            }

            ScrollBar.vertical: ScrollBar {}
        }
    }

    Column {
        anchors.centerIn: parent
        anchors.verticalCenterOffset: Theme.headerHeight / 2
        visible: list.count === 0
        spacing: Theme.spacing

        Label {
            objectName: "emptyState"
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("No notifications")
            color: Theme.text
            font.pixelSize: Theme.fontSizeTitle
            font.bold: true
        }
        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            text: root.centre.topicFilter.length > 0 || root.centre.minPriority > 1
                  ? qsTr("Nothing matches these filters.")
                  : qsTr("Notifications published to your topics appear here.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
    }
}
