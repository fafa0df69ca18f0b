import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Light, dark or the desktop's choice, and the size of text.
SettingsSection {
    id: root

    // A SettingsViewModel (or a stand-in): theme.
    required property var settings

    title: qsTr("Appearance")

    ButtonGroup { id: themeGroup }

    RadioButton {
        objectName: "themeSystem"
        text: qsTr("Follow the system")
        checked: root.settings.theme === "system"
        ButtonGroup.group: themeGroup
        Accessible.name: qsTr("Theme: follow the system")
        onToggled: if (checked) root.settings.theme = "system"
    }
    RadioButton {
        objectName: "themeLight"
        text: qsTr("Light")
        checked: root.settings.theme === "light"
        ButtonGroup.group: themeGroup
        Accessible.name: qsTr("Theme: light")
        onToggled: if (checked) root.settings.theme = "light"
    }
    RadioButton {
        objectName: "themeDark"
        text: qsTr("Dark")
        checked: root.settings.theme === "dark"
        ButtonGroup.group: themeGroup
        Accessible.name: qsTr("Theme: dark")
        onToggled: if (checked) root.settings.theme = "dark"
    }
    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacing
        spacing: Theme.spacing

        Label {
            text: qsTr("Text size")
            color: Theme.text
        }
        Slider {
            id: sizeSlider
            objectName: "textSizeSlider"
            Layout.fillWidth: true
            from: 0.8
            to: 1.6
            stepSize: 0.1
            snapMode: Slider.SnapAlways
            value: Theme.scale
            Accessible.name: qsTr("Text size")
            onMoved: Theme.scale = Math.round(sizeSlider.value * 10) / 10
        }
        Label {
            text: qsTr("%1 %").arg(Math.round(Theme.scale * 100))
            color: Theme.textMuted
            Layout.minimumWidth: 48
        }
    }
}
