import QtQuick
import QtTest
import Confab.UI

// The two palettes really differ, priorities have distinct colours, and text follows the scale.
TestCase {
    name: "ShellTheme"

    function cleanup() {
        Theme.dark = false
        Theme.scale = 1.0
    }

    function test_dark_differs_from_light() {
        Theme.dark = false
        const light = { window: String(Theme.window), surface: String(Theme.surface), text: String(Theme.text),
                        link: String(Theme.link), mention: String(Theme.mentionBackground), hover: String(Theme.hover) }
        Theme.dark = true
        verify(String(Theme.window) !== light.window)
        verify(String(Theme.surface) !== light.surface)
        verify(String(Theme.text) !== light.text)
        verify(String(Theme.link) !== light.link)
        verify(String(Theme.mentionBackground) !== light.mention)
        verify(String(Theme.hover) !== light.hover)
        // Dark means a dark background under light text.
        verify(Theme.window.hslLightness < 0.3)
        verify(Theme.text.hslLightness > 0.7)
    }

    function test_priority_colours() {
        let seen = {}
        for (let p = 1; p <= 5; ++p)
            seen[String(Theme.priorityColor(p))] = true
        compare(Object.keys(seen).length, 5)
        compare(Theme.priorityColor(5), Theme.offline)
    }

    function test_text_scales() {
        const normal = Theme.fontSize
        verify(Theme.fontSizeSmall < normal)
        verify(Theme.fontSizeTitle > normal)
        Theme.scale = 1.5
        verify(Theme.fontSize > normal)
        compare(Theme.fontSize, Math.round(Theme.baseFontSize * 1.5))
    }
}
