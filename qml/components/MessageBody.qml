import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// A message's text: the HTML the C++ side rendered from markdown with HTML turned off (so what
// people type never becomes markup), selectable and copyable. Links open in the browser, and
// hovering one shows its real address, so a label cannot hide where it goes.
TextEdit {
    id: root

    property string html

    readOnly: true
    selectByMouse: true
    persistentSelection: false
    // Focus on press, so Ctrl+C copies what was selected.
    activeFocusOnPress: true
    textFormat: TextEdit.RichText
    wrapMode: TextEdit.Wrap
    // Our own stylesheet (the theme's link and code colours), then the safe HTML.
    text: "<style>a { color: %1; } code, pre { background-color: %2; }</style>"
          .arg(Theme.link).arg(Theme.codeBackground) + root.html
    color: Theme.text
    selectionColor: Theme.selection
    selectedTextColor: Theme.text
    font.pixelSize: Theme.fontSize
    Accessible.ignored: true
    onLinkActivated: link => Qt.openUrlExternally(link)
    ToolTip.visible: root.hoveredLink.length > 0
    ToolTip.text: root.hoveredLink
    ToolTip.delay: 300

    HoverHandler {
        cursorShape: root.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }
}
