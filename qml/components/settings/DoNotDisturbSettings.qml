import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Do not disturb: off, on now, on until a time, or on a daily schedule. Urgent notifications
// (priority 5) always come through, which the section says so nobody is surprised.
SettingsSection {
    id: root

    // A SettingsViewModel (or a stand-in): dndMode, dndUntil, dndStartMinutes, dndEndMinutes, dndActive.
    required property var settings

    // The next moment at `minutes` after midnight: today if still ahead, else tomorrow.
    function nextTimeAt(minutes) {
        const now = new Date()
        let when = new Date(now.getFullYear(), now.getMonth(), now.getDate(), Math.floor(minutes / 60), minutes % 60)
        if (when <= now)
            when.setDate(when.getDate() + 1)
        return when
    }

    function chooseMode(mode) {
        if (mode === "until") {
            const until = root.settings.dndUntil
            if (!until || isNaN(until.getTime()) || until <= new Date()) {
                // An hour from now, rounded to the quarter, is what people usually want.
                const now = new Date()
                const minutes = Math.ceil((now.getHours() * 60 + now.getMinutes() + 60) / 15) * 15 % (24 * 60)
                root.settings.dndUntil = root.nextTimeAt(minutes)
            }
        }
        root.settings.dndMode = mode
    }

    readonly property int untilMinutes: {
        const until = root.settings.dndUntil
        return until && !isNaN(until.getTime()) ? until.getHours() * 60 + until.getMinutes() : 0
    }

    title: qsTr("Do not disturb")
    description: qsTr("No desktop notifications while do not disturb is on. Urgent notifications (priority 5) always come through.")

    ButtonGroup { id: modeGroup }

    RadioButton {
        objectName: "dndOff"
        text: qsTr("Off")
        checked: root.settings.dndMode === "off"
        ButtonGroup.group: modeGroup
        Accessible.name: qsTr("Do not disturb off")
        onToggled: if (checked) root.chooseMode("off")
    }
    RadioButton {
        objectName: "dndNow"
        text: qsTr("On now, until I turn it off")
        checked: root.settings.dndMode === "now"
        ButtonGroup.group: modeGroup
        Accessible.name: qsTr("Do not disturb on now")
        onToggled: if (checked) root.chooseMode("now")
    }
    RowLayout {
        spacing: Theme.spacing
        RadioButton {
            objectName: "dndUntil"
            text: qsTr("On until")
            checked: root.settings.dndMode === "until"
            ButtonGroup.group: modeGroup
            Accessible.name: qsTr("Do not disturb until a time")
            onToggled: if (checked) root.chooseMode("until")
        }
        TimeField {
            objectName: "dndUntilTime"
            enabled: root.settings.dndMode === "until"
            minutes: root.untilMinutes
            accessibleName: qsTr("Do not disturb until")
            onMinutesEdited: minutes => root.settings.dndUntil = root.nextTimeAt(minutes)
        }
    }
    RowLayout {
        spacing: Theme.spacing
        RadioButton {
            objectName: "dndSchedule"
            text: qsTr("Every day from")
            checked: root.settings.dndMode === "schedule"
            ButtonGroup.group: modeGroup
            Accessible.name: qsTr("Do not disturb on a daily schedule")
            onToggled: if (checked) root.chooseMode("schedule")
        }
        TimeField {
            objectName: "dndStart"
            enabled: root.settings.dndMode === "schedule"
            minutes: root.settings.dndStartMinutes
            accessibleName: qsTr("Do not disturb from")
            onMinutesEdited: minutes => root.settings.dndStartMinutes = minutes
        }
        Label {
            text: qsTr("to")
            color: Theme.text
        }
        TimeField {
            objectName: "dndEnd"
            enabled: root.settings.dndMode === "schedule"
            minutes: root.settings.dndEndMinutes
            accessibleName: qsTr("Do not disturb to")
            onMinutesEdited: minutes => root.settings.dndEndMinutes = minutes
        }
    }
    Label {
        objectName: "dndStatus"
        Layout.fillWidth: true
        text: root.settings.dndActive ? qsTr("Do not disturb is on now.") : qsTr("Do not disturb is off now.")
        color: root.settings.dndActive ? Theme.warningText : Theme.textMuted
        font.pixelSize: Theme.fontSizeSmall + 1
    }
}
