import QtQuick

// A page the window makes the first time it is shown and keeps from then on (its state, such as
// a search typed or a scroll position, survives switching away): the window opens faster, and
// smaller, with only the pages on screen made.
Loader {
    id: root

    // Whether the page is (or is about to be) on screen.
    required property bool shown
    // Once made, a page stays.
    property bool made: false

    // A Loader is a focus scope: the loaded page (focus: true) takes the keyboard when the
    // window gives the page focus (forceActiveFocus).
    active: root.shown || root.made
    onLoaded: root.made = true
}
