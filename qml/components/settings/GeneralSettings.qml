import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Starting with the desktop, the tray, the offline alert and message previews.
SettingsSection {
    id: root

    // A SettingsViewModel (or a stand-in): startOnLogin, closeToTray, offlineAlertMinutes,
    // showMessagePreviews.
    required property var settings

    title: qsTr("General")

    Switch {
        objectName: "startOnLogin"
        text: qsTr("Start Confab when I log in")
        checked: root.settings.startOnLogin
        Accessible.name: text
        onToggled: root.settings.startOnLogin = checked
    }
    Switch {
        objectName: "closeToTray"
        text: qsTr("Keep running in the tray when the window is closed")
        checked: root.settings.closeToTray
        Accessible.name: text
        Accessible.description: qsTr("Notifications keep arriving while the window is closed")
        onToggled: root.settings.closeToTray = checked
    }
    Switch {
        objectName: "showMessagePreviews"
        text: qsTr("Show message text in desktop notifications")
        checked: root.settings.showMessagePreviews
        Accessible.name: text
        onToggled: root.settings.showMessagePreviews = checked
    }
    RowLayout {
        spacing: Theme.spacing
        Label {
            text: qsTr("Warn me when offline for more than")
            color: Theme.text
        }
        SpinBox {
            objectName: "offlineAlertMinutes"
            from: 1
            to: 1440
            editable: true
            value: root.settings.offlineAlertMinutes
            Accessible.name: qsTr("Offline alert after minutes")
            onValueModified: root.settings.offlineAlertMinutes = value
        }
        Label {
            text: qsTr("minutes")
            color: Theme.text
        }
    }
}
