import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One notification in the centre: priority, topic, when, title, body (always plain text), tags,
// the link it carries (its real address, never a label), action buttons and dismiss.
Rectangle {
    id: root

    required property int index
    required property string topic
    required property string stream
    required property real seq
    required property string title
    required property string body
    required property int priority
    required property string priorityName
    required property var tags
    required property date time
    required property string click
    required property var actions
    required property bool dismissed
    // The attachment (the page binds these from the model's roles of the same names).
    property bool hasAttachment: false
    property string attachmentName
    property string attachmentSizeText
    property bool isImage: false
    property url localUrl
    property string attachmentError

    // The clock for relative times ("5 min ago"); ticks each minute while shown.
    property date now: new Date()

    // The actions as a JS array (a ListModel stand-in in tests has nested models instead).
    readonly property var actionList: {
        const list = root.actions
        if (!list || list.get === undefined)
            return list || []
        const copy = []
        for (let i = 0; i < list.count; ++i)
            copy.push(list.get(i))
        return copy
    }

    signal actionTriggered(int actionIndex)
    signal dismissClicked()
    signal linkClicked()
    signal attachmentFetchRequested()

    function relativeTime(t, now) {
        if (isNaN(t.getTime()))
            return ""
        const seconds = Math.max(0, (now.getTime() - t.getTime()) / 1000)
        if (seconds < 60)
            return qsTr("just now")
        if (seconds < 3600)
            return qsTr("%n min ago", "", Math.floor(seconds / 60))
        const shortTime = Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "")
        if (t.toDateString() === now.toDateString())
            return Qt.formatTime(t, shortTime)
        return t.toLocaleDateString(Qt.locale(), Locale.ShortFormat) + " " + Qt.formatTime(t, shortTime)
    }

    implicitWidth: 480
    implicitHeight: layout.implicitHeight + 2 * Theme.spacing + 4
    radius: Theme.radius
    color: hover.hovered ? Theme.surfaceMuted : Theme.surface
    border.color: root.activeFocus ? Theme.accent : Theme.border
    activeFocusOnTab: true
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1 priority, %2: %3. %4").arg(root.priorityName).arg(root.topic)
                         .arg(root.title).arg(root.body)
    Keys.onDeletePressed: root.dismissClicked()

    HoverHandler { id: hover }

    Timer {
        interval: 60000
        repeat: true
        running: root.visible
        onTriggered: root.now = new Date()
    }

    Rectangle {
        width: 4
        height: parent.height - 2 * root.radius
        anchors.verticalCenter: parent.verticalCenter
        radius: 2
        color: Theme.priorityColor(root.priority)
    }

    ColumnLayout {
        id: layout
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacing
        anchors.topMargin: Theme.spacing
        anchors.bottomMargin: Theme.spacing
        spacing: Theme.spacingSmall

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            PriorityChip {
                objectName: "priorityChip"
                priority: root.priority
                name: root.priorityName
            }
            Label {
                objectName: "topicLabel"
                Layout.fillWidth: true
                text: root.topic
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
                font.bold: true
            }
            Label {
                objectName: "timeLabel"
                text: root.relativeTime(root.time, root.now)
                textFormat: Text.PlainText
                color: Theme.textMuted
                font.pixelSize: Theme.fontSizeSmall
                ToolTip.visible: timeHover.hovered
                ToolTip.text: root.time.toLocaleString(Qt.locale(), Locale.LongFormat)
                HoverHandler { id: timeHover }
            }
            ToolButton {
                id: dismissButton
                objectName: "dismissButton"
                text: "×"
                font.pixelSize: Theme.fontSizeTitle
                focusPolicy: Qt.TabFocus
                Accessible.name: qsTr("Dismiss %1").arg(root.title)
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Dismiss (on all your desktops)")
                onClicked: root.dismissClicked()
                background: Rectangle {
                    implicitWidth: 32
                    implicitHeight: 32
                    radius: Theme.radius / 2
                    color: dismissButton.down || dismissButton.hovered ? Theme.hover : "transparent"
                }
            }
        }

        Label {
            objectName: "titleLabel"
            Layout.fillWidth: true
            visible: root.title.length > 0
            text: root.title
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontSize
            font.bold: true
        }

        Label {
            objectName: "bodyLabel"
            Layout.fillWidth: true
            visible: root.body.length > 0
            text: root.body
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            maximumLineCount: 12
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize
        }

        Flow {
            Layout.fillWidth: true
            visible: !!root.tags && root.tags.length > 0
            spacing: Theme.spacingSmall
            Repeater {
                model: root.tags
                delegate: TagChip {
                    required property string modelData
                    tag: modelData
                }
            }
        }

        AttachmentView {
            objectName: "attachment"
            Layout.fillWidth: true
            Layout.maximumWidth: 320
            visible: root.hasAttachment
            name: root.attachmentName
            sizeText: root.attachmentSizeText
            isImage: root.isImage
            localUrl: root.localUrl
            error: root.attachmentError
            onFetchRequested: root.attachmentFetchRequested()
        }

        // The address itself is the text: a label cannot hide where the link goes.
        Label {
            id: link
            objectName: "clickLink"
            Layout.fillWidth: true
            visible: root.click.length > 0
            text: root.click
            textFormat: Text.PlainText
            elide: Text.ElideMiddle
            color: Theme.link
            font.pixelSize: Theme.fontSizeSmall
            font.underline: linkHover.hovered
            Accessible.role: Accessible.Link
            Accessible.name: qsTr("Open %1").arg(root.click)
            ToolTip.visible: linkHover.hovered && link.truncated
            ToolTip.text: root.click
            HoverHandler { id: linkHover; cursorShape: Qt.PointingHandCursor }
            TapHandler { onTapped: root.linkClicked() }
        }

        Flow {
            Layout.fillWidth: true
            visible: root.actionList.length > 0
            spacing: Theme.spacing
            Repeater {
                model: root.actionList
                delegate: Button {
                    id: actionButton
                    required property var modelData
                    required property int index
                    objectName: "actionButton"
                    text: actionButton.modelData.label ?? ""
                    font.pixelSize: Theme.fontSizeSmall + 1
                    focusPolicy: Qt.TabFocus
                    Accessible.name: actionButton.text
                    // The publisher's label: shown as text, never read as markup.
                    contentItem: Label {
                        text: actionButton.text
                        textFormat: Text.PlainText
                        font: actionButton.font
                        color: actionButton.palette.buttonText
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        elide: Text.ElideRight
                    }
                    ToolTip.visible: hovered && (actionButton.modelData.url ?? "").length > 0
                    ToolTip.text: actionButton.modelData.kind === "http"
                                  ? (actionButton.modelData.method || "POST") + " " + actionButton.modelData.url
                                  : actionButton.modelData.url ?? ""
                    onClicked: () => root.actionTriggered(actionButton.index)
                }
            }
        }
    }
}
