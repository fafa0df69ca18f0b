import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// The settings, in tabs: Notifications, Appearance, General, Network, Accounts. Every change is
// saved at once by the view model, so there is no Save button (the proxy waits for Apply).
FocusScope {
    id: root

    // A SettingsViewModel and an AccountListModel (or stand-ins with the same names).
    required property var settings
    required property var accounts

    signal addAccountRequested()
    signal closeRequested()

    Keys.onEscapePressed: root.closeRequested()

    Rectangle {
        anchors.fill: parent
        color: Theme.window
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Theme.headerHeight
            color: Theme.surface

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.spacingLarge + 4
                anchors.rightMargin: Theme.spacingLarge
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Settings")
                    color: Theme.text
                    font.pixelSize: Theme.fontSizeTitle
                    font.bold: true
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                Button {
                    objectName: "closeSettings"
                    text: qsTr("Done")
                    Accessible.name: qsTr("Close the settings")
                    onClicked: root.closeRequested()
                }
            }
        }
        TabBar {
            id: tabs
            objectName: "settingsTabs"
            Layout.fillWidth: true
            focus: true
            Accessible.name: qsTr("Settings sections")
            // The chosen tab takes the page's colour; the others sit quietly on the header.
            palette.window: Theme.window
            palette.windowText: Theme.text
            palette.dark: Theme.surface
            palette.brightText: Theme.textMuted
            background: Rectangle {
                color: Theme.surface
            }

            TabButton { text: qsTr("Notifications"); width: implicitWidth; Accessible.name: text }
            TabButton { text: qsTr("Appearance"); width: implicitWidth; Accessible.name: text }
            TabButton { text: qsTr("General"); width: implicitWidth; Accessible.name: text }
            TabButton { text: qsTr("Network"); width: implicitWidth; Accessible.name: text }
            TabButton { text: qsTr("Accounts"); width: implicitWidth; Accessible.name: text }
        }
        // A setting that could not be saved or applied (e.g. start on login), in plain words.
        NoticeBox {
            objectName: "settingsProblem"
            Layout.fillWidth: true
            Layout.margins: visible ? Theme.spacing : 0
            text: root.settings.problem || ""
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex

            SettingsScroll {
                DoNotDisturbSettings {
                    objectName: "dndSection"
                    Layout.fillWidth: true
                    settings: root.settings
                }
                TopicRulesSettings {
                    objectName: "topicSection"
                    Layout.fillWidth: true
                    settings: root.settings
                }
            }
            SettingsScroll {
                AppearanceSettings {
                    Layout.fillWidth: true
                    settings: root.settings
                }
            }
            SettingsScroll {
                GeneralSettings {
                    Layout.fillWidth: true
                    settings: root.settings
                }
            }
            SettingsScroll {
                NetworkSettings {
                    Layout.fillWidth: true
                    settings: root.settings
                }
            }
            SettingsScroll {
                AccountsSettings {
                    Layout.fillWidth: true
                    settings: root.settings
                    accounts: root.accounts
                    onAddAccountRequested: root.addAccountRequested()
                }
            }
        }
    }
}
