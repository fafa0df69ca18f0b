pragma Singleton

import QtQuick

// Colours, sizes and spacing shared by every page and component. Two palettes: Main.qml binds
// `dark` to the effective theme of the settings, and every colour below follows it, so no
// component needs to know which palette is active.
QtObject {
    id: theme

    // Set by Main.qml (app.settings.darkTheme).
    property bool dark: false
    // Text size chosen in the settings (1.0 = the desktop's size).
    property real scale: 1.0

    readonly property color accent: dark ? "#6b8cff" : "#3461e8"
    readonly property color accentHover: dark ? "#819dff" : "#2a52cc"
    readonly property color accentPressed: dark ? "#5577ee" : "#2345b0"
    readonly property color textOnAccent: "#ffffff"
    readonly property color textOnAccentMuted: dark ? "#e4e9ff" : "#d6e0ff"

    readonly property color window: dark ? "#16181d" : "#f3f4f7"
    readonly property color surface: dark ? "#1f2229" : "#ffffff"
    readonly property color surfaceMuted: dark ? "#272b33" : "#f7f8fa"
    readonly property color border: dark ? "#363b45" : "#e1e4ea"
    readonly property color divider: dark ? "#2e323b" : "#e8eaef"
    // Buttons, fields' frames and switches of the Qt Quick Controls (set as the window's palette).
    readonly property color control: dark ? "#343944" : "#e6e8ee"
    readonly property color controlBorder: dark ? "#4a505c" : "#c4c9d2"
    readonly property color sidebar: dark ? "#1a1d23" : "#eceef3"
    readonly property color sidebarText: dark ? "#c9cdd6" : "#3a3f4a"

    readonly property color text: dark ? "#e6e8ee" : "#1c1f26"
    readonly property color textMuted: dark ? "#9aa1ae" : "#6b7280"
    readonly property color textDisabled: dark ? "#5f6672" : "#a7adb8"

    readonly property color online: dark ? "#3cc47a" : "#22a559"
    readonly property color away: dark ? "#e6b93a" : "#d49a00"
    readonly property color presenceOffline: dark ? "#6b7280" : "#a7adb8"
    readonly property color connecting: dark ? "#f0b52a" : "#e0a100"
    readonly property color offline: dark ? "#ef6b66" : "#d9534f"
    readonly property color warningBackground: dark ? "#3a3118" : "#fff6db"
    readonly property color warningText: dark ? "#f2d47a" : "#7a5a00"
    readonly property color errorBackground: dark ? "#3d1f21" : "#fdecec"
    readonly property color errorText: dark ? "#ff9d98" : "#a12a2a"

    readonly property color link: dark ? "#8fb0ff" : "#2a52cc"
    readonly property color mentionBackground: dark ? "#3a3320" : "#fff3c4"
    readonly property color mentionText: dark ? "#ffd866" : "#8a5a00"
    readonly property color selection: dark ? "#2f3f6e" : "#dbe4ff"
    readonly property color codeBackground: dark ? "#2a2e37" : "#f0f1f4"
    readonly property color hover: dark ? "#2a2e37" : "#e4e7ee"
    readonly property color badge: dark ? "#4a505c" : "#6b7280"
    readonly property color badgeText: "#ffffff"
    readonly property color badgeMention: dark ? "#ef6b66" : "#d9534f"

    readonly property int spacingSmall: 4
    readonly property int spacing: 8
    readonly property int spacingLarge: 16
    readonly property int radius: 8
    readonly property int bubbleRadius: 14
    readonly property int avatarSize: 36
    readonly property int headerHeight: 60

    // The desktop's text size when it is given in pixels; 14 otherwise (it is often in points).
    // qmllint disable
    readonly property real baseFontSize: Qt.application.font.pixelSize > 0 ? Qt.application.font.pixelSize : 14
    // qmllint enable
    readonly property int fontSizeSmall: Math.round(baseFontSize * scale * 11 / 14)
    readonly property int fontSize: Math.round(baseFontSize * scale)
    readonly property int fontSizeTitle: Math.round(baseFontSize * scale * 17 / 14)
    readonly property string monospaceFamily: "monospace"

    // Notification priorities 1 (min) .. 5 (urgent): grey, grey-blue, accent, amber, red.
    function priorityColor(p) {
        switch (p) {
        case 1: return theme.textDisabled
        case 2: return theme.textMuted
        case 4: return theme.connecting
        case 5: return theme.offline
        default: return theme.accent
        }
    }

    // A stable, readable colour per user name, so people are recognized at a glance.
    readonly property var avatarColors: ["#e8684a", "#d94f8a", "#8e5bd9", "#4f6fd9", "#2f9fc7",
                                          "#2ea57a", "#8aa02c", "#d9912c"]
    function colorForName(name) {
        let hash = 0
        for (let i = 0; i < name.length; ++i)
            hash = (hash * 31 + name.charCodeAt(i)) % 1000003
        return avatarColors[hash % avatarColors.length]
    }
}
