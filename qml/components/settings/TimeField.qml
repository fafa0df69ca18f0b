import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A time of day typed as hh:mm, in minutes after midnight. Up and Down move it by a quarter of
// an hour; a typed time counts once Enter is pressed or the field is left.
TextField {
    id: root

    property int minutes: 0
    property string accessibleName: qsTr("Time")

    signal minutesEdited(int minutes)

    function format(minutes) {
        return String(Math.floor(minutes / 60)).padStart(2, "0") + ":" + String(minutes % 60).padStart(2, "0")
    }
    function step(delta) {
        const day = 24 * 60
        root.minutesEdited(((root.minutes + delta) % day + day) % day)
    }

    text: root.format(root.minutes)
    // No validator: it would refuse the half-typed text the mask shows while typing.
    inputMask: "99:99"
    implicitWidth: 72
    horizontalAlignment: TextInput.AlignHCenter
    font.family: Theme.monospaceFamily
    Accessible.name: root.accessibleName
    Accessible.description: qsTr("Hours and minutes; Up and Down change it by 15 minutes")

    Keys.onUpPressed: root.step(15)
    Keys.onDownPressed: root.step(-15)
    onEditingFinished: {
        const parts = root.text.split(":")
        const hours = parseInt(parts[0], 10)
        const minutes = parseInt(parts[1], 10)
        if (!root.acceptableInput || !(hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60)) {
            root.text = Qt.binding(() => root.format(root.minutes))
            return
        }
        if (hours * 60 + minutes !== root.minutes)
            root.minutesEdited(hours * 60 + minutes)
    }
}
