import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// One settings tab: its sections stacked in a readable column that scrolls when long.
ScrollView {
    id: root

    default property alias sections: column.data

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        id: column
        x: Math.max(Theme.spacingLarge, (root.availableWidth - width) / 2)
        width: Math.min(720, root.availableWidth - 2 * Theme.spacingLarge)
        spacing: Theme.spacingLarge

        Item { implicitHeight: 1 }
    }
}
