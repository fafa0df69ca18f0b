import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A file attached to a message or notification. An image shows as a preview once the app has
// downloaded it (the model fetches images by itself); any other file, and an image not yet
// downloaded, is a link "name (size)": a click downloads it, the next opens it.
Item {
    id: root

    property string name
    property string sizeText
    property bool isImage: false
    property url localUrl
    property string error

    readonly property bool hasLocal: root.localUrl.toString().length > 0
    readonly property bool showsImage: root.isImage && root.hasLocal && preview.status !== Image.Error

    signal fetchRequested()

    implicitWidth: root.showsImage ? preview.width : link.implicitWidth
    implicitHeight: root.showsImage ? preview.height : link.implicitHeight

    Image {
        id: preview
        objectName: "attachmentImage"
        visible: root.showsImage
        source: root.isImage && root.hasLocal ? root.localUrl : ""
        asynchronous: true
        fillMode: Image.PreserveAspectFit
        sourceSize.width: 640
        sourceSize.height: 480
        width: Math.min(320, implicitWidth)
        height: implicitWidth > 0 ? Math.min(240, width * implicitHeight / implicitWidth) : 0
        Accessible.role: Accessible.Graphic
        Accessible.name: root.name
        TapHandler { onTapped: Qt.openUrlExternally(root.localUrl) }
        HoverHandler { cursorShape: Qt.PointingHandCursor }
    }

    Label {
        id: link
        objectName: "attachmentLink"
        visible: !root.showsImage
        width: Math.min(implicitWidth, root.width > 0 ? root.width : implicitWidth)
        text: root.error.length > 0 ? qsTr("%1 (%2): %3").arg(root.name).arg(root.sizeText).arg(root.error)
                                    : qsTr("%1 (%2)").arg(root.name).arg(root.sizeText)
        textFormat: Text.PlainText
        elide: Text.ElideMiddle
        color: root.error.length > 0 ? Theme.textMuted : Theme.link
        font.pixelSize: Theme.fontSize
        font.underline: linkHover.hovered
        Accessible.role: Accessible.Link
        Accessible.name: root.hasLocal ? qsTr("Open %1").arg(root.name) : qsTr("Download %1").arg(root.name)
        HoverHandler { id: linkHover; cursorShape: Qt.PointingHandCursor }
        TapHandler {
            onTapped: {
                if (root.hasLocal)
                    Qt.openUrlExternally(root.localUrl)
                else
                    root.fetchRequested()
            }
        }
    }
}
