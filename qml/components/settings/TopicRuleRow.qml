import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One topic's rule: its name, a mute switch and the lowest priority that still notifies. It reads
// and writes the rule through the settings view model and follows changes made elsewhere.
RowLayout {
    id: root

    required property string modelData
    // A SettingsViewModel (or a stand-in): topicMuted(), setTopicMuted(), topicMinPriority(),
    // setTopicMinPriority(), signal topicRulesChanged.
    property var settings: null

    // Bumped when the rules change, so the bindings that call the invokables read them again.
    property int revision: 0
    readonly property bool muted: {
        root.revision
        return root.settings ? root.settings.topicMuted(root.modelData) : false
    }
    readonly property int minPriority: {
        root.revision
        return root.settings ? root.settings.topicMinPriority(root.modelData) : 1
    }

    Connections {
        target: root.settings
        function onTopicRulesChanged() { root.revision++ }
    }

    spacing: Theme.spacingLarge

    Label {
        Layout.fillWidth: true
        text: root.modelData
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.text
    }
    Switch {
        objectName: "mute_" + root.modelData
        checked: root.muted
        text: qsTr("Muted")
        Accessible.name: qsTr("Mute topic %1").arg(root.modelData)
        onToggled: root.settings.setTopicMuted(root.modelData, checked)
    }
    ComboBox {
        objectName: "priority_" + root.modelData
        model: [qsTr("min (1)"), qsTr("low (2)"), qsTr("default (3)"), qsTr("high (4)"), qsTr("urgent (5)")]
        currentIndex: Math.max(0, Math.min(4, root.minPriority - 1))
        Accessible.name: qsTr("Minimum priority for topic %1").arg(root.modelData)
        onActivated: choice => root.settings.setTopicMinPriority(root.modelData, choice + 1)
    }
}
