pragma Singleton

import QtQuick

// Colours, sizes and spacing shared by every page and component (a light theme for now).
QtObject {
    readonly property color accent: "#3461e8"
    readonly property color accentHover: "#2a52cc"
    readonly property color accentPressed: "#2345b0"
    readonly property color textOnAccent: "#ffffff"
    readonly property color textOnAccentMuted: "#d6e0ff"

    readonly property color window: "#f3f4f7"
    readonly property color surface: "#ffffff"
    readonly property color surfaceMuted: "#f7f8fa"
    readonly property color border: "#e1e4ea"
    readonly property color divider: "#e8eaef"

    readonly property color text: "#1c1f26"
    readonly property color textMuted: "#6b7280"
    readonly property color textDisabled: "#a7adb8"

    readonly property color online: "#22a559"
    readonly property color connecting: "#e0a100"
    readonly property color offline: "#d9534f"
    readonly property color warningBackground: "#fff6db"
    readonly property color warningText: "#7a5a00"
    readonly property color errorBackground: "#fdecec"
    readonly property color errorText: "#a12a2a"

    readonly property int spacingSmall: 4
    readonly property int spacing: 8
    readonly property int spacingLarge: 16
    readonly property int radius: 8
    readonly property int bubbleRadius: 14
    readonly property int avatarSize: 36
    readonly property int headerHeight: 60

    readonly property int fontSizeSmall: 11
    readonly property int fontSize: 14
    readonly property int fontSizeTitle: 17

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
