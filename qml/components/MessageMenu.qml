import QtQuick
import QtQuick.Controls.Basic
import Confab.UI

// The context menu of a message (right click, or Enter/Menu on the focused message): the same
// actions as the hover toolbar, plus copying the text.
Menu {
    id: root

    // The MessageDelegate the menu acts on.
    property var target: null
    readonly property bool actionable: !!root.target && root.target.actionable
    readonly property bool own: root.actionable && root.target.isOwn

    signal copyRequested(string text)
    signal reactRequested(var target)

    function openFor(item, x, y) {
        root.target = item
        root.popup(item, x, y)
    }

    MenuItem {
        text: qsTr("Add a reaction…")
        enabled: root.actionable
        onTriggered: root.reactRequested(root.target)
    }
    MenuItem {
        text: qsTr("Reply")
        enabled: root.actionable
        onTriggered: root.target.reply()
    }
    MenuItem {
        text: qsTr("Copy text")
        enabled: !!root.target && !root.target.deleted
        onTriggered: root.copyRequested(root.target.text)
    }
    MenuItem {
        text: qsTr("Edit")
        enabled: root.own
        height: root.own ? implicitHeight : 0
        visible: root.own
        onTriggered: root.target.startEdit()
    }
    MenuItem {
        text: qsTr("Delete…")
        enabled: root.own
        height: root.own ? implicitHeight : 0
        visible: root.own
        onTriggered: root.target.askDelete()
    }
}
