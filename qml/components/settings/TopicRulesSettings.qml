import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Per topic: mute it entirely, or only be told about notifications of at least some priority.
SettingsSection {
    id: root

    // A SettingsViewModel (or a stand-in): topics, and what TopicRuleRow uses.
    required property var settings

    title: qsTr("Topics")
    description: qsTr("Muted topics show no desktop notifications. Below a topic's minimum priority, notifications stay quiet too.")

    Label {
        visible: root.settings.topics.length === 0
        text: qsTr("You are not subscribed to any topic.")
        color: Theme.textMuted
    }

    Repeater {
        model: root.settings.topics
        delegate: TopicRuleRow {
            Layout.fillWidth: true
            // Set here rather than bound: Qt 6.4's qmllint cannot see outer ids from delegate bindings.
            Component.onCompleted: () => { settings = root.settings }
        }
    }
}
