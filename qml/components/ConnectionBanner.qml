import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// A bar above the content whenever the current account is not connected: what is happening in
// plain words ("Reconnecting… retrying in 8 s") and, when it helps, a "Retry now" button.
// Amber while it is trying, red when offline or stopped. Hidden while connected, except for a
// quiet note when the connection runs over the HTTP fallback (a proxy blocks WebSocket).
Rectangle {
    id: root

    // A ConnectionBannerViewModel (or a stand-in with the same properties).
    required property var connection

    readonly property bool trying: root.connection !== null
                                   && (root.connection.phase === "connecting" || root.connection.phase === "waiting")

    // "via HTTP fallback", or empty (also for stand-ins without the property).
    readonly property string transportText: root.connection !== null ? (root.connection.transportText ?? "") : ""
    readonly property bool viaFallback: root.connection !== null && root.connection.phase === "connected"
                                        && root.transportText !== ""

    visible: root.connection !== null && (root.connection.visible || root.viaFallback)
    implicitHeight: visible ? Math.max(row.implicitHeight + 2 * Theme.spacing, 36) : 0
    color: root.trying || root.viaFallback ? Theme.warningBackground : Theme.errorBackground
    Accessible.role: Accessible.AlertMessage
    Accessible.name: bannerText.text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing

        ConnectionIndicator {
            Layout.alignment: Qt.AlignVCenter
            phase: root.connection ? root.connection.phase : ""
            transportText: root.transportText
            showText: false
        }
        Label {
            id: bannerText
            objectName: "connectionBannerText"
            Layout.fillWidth: true
            text: root.viaFallback ? qsTr("Connected %1").arg(root.transportText) : (root.connection ? root.connection.text : "")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            color: root.trying || root.viaFallback ? Theme.warningText : Theme.errorText
        }
        Button {
            objectName: "retryNowButton"
            visible: root.connection !== null && root.connection.canRetryNow
            text: qsTr("Retry now")
            flat: true
            Accessible.name: qsTr("Retry connecting now")
            onClicked: root.connection.retryNow()
        }
    }
}
