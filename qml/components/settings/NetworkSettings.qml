import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// The current account's proxy: the system's, none, or an HTTP or SOCKS5 proxy with optional
// credentials. Nothing changes until Apply, so a half-typed host does not drop the connection.
SettingsSection {
    id: root

    // A SettingsViewModel (or a stand-in): proxyMode, proxyHost, proxyPort, proxyUser,
    // setProxyPassword(), applyProxy().
    required property var settings

    readonly property bool manual: modeBox.currentValue === "http" || modeBox.currentValue === "socks5"

    function apply() {
        root.settings.proxyMode = modeBox.currentValue
        root.settings.proxyHost = hostField.text.trim()
        root.settings.proxyPort = portBox.value
        root.settings.proxyUser = userField.text.trim()
        if (passwordField.text.length > 0)
            root.settings.setProxyPassword(passwordField.text)
        passwordField.clear()
        root.settings.applyProxy()
    }

    title: qsTr("Network")
    description: qsTr("How this account reaches its relay.")

    GridLayout {
        Layout.fillWidth: true
        columns: 2
        columnSpacing: Theme.spacing
        rowSpacing: Theme.spacingSmall

        Label { text: qsTr("Proxy"); color: Theme.text }
        ComboBox {
            id: modeBox
            objectName: "proxyMode"
            Layout.fillWidth: true
            textRole: "text"
            valueRole: "value"
            model: [
                { value: "system", text: qsTr("Use the system's proxy settings") },
                { value: "none", text: qsTr("No proxy") },
                { value: "http", text: qsTr("HTTP proxy") },
                { value: "socks5", text: qsTr("SOCKS5 proxy") }
            ]
            currentIndex: Math.max(0, indexOfValue(root.settings.proxyMode))
            Accessible.name: qsTr("Proxy")
        }
        Label { text: qsTr("Host"); color: Theme.text; enabled: root.manual }
        TextField {
            id: hostField
            objectName: "proxyHost"
            Layout.fillWidth: true
            enabled: root.manual
            text: root.settings.proxyHost
            placeholderText: qsTr("proxy.example.org")
            Accessible.name: qsTr("Proxy host")
        }
        Label { text: qsTr("Port"); color: Theme.text; enabled: root.manual }
        SpinBox {
            id: portBox
            objectName: "proxyPort"
            enabled: root.manual
            from: 1
            to: 65535
            editable: true
            value: root.settings.proxyPort > 0 ? root.settings.proxyPort : 8080
            textFromValue: (value, locale) => String(value)
            valueFromText: (text, locale) => parseInt(text, 10) || 0
            Accessible.name: qsTr("Proxy port")
        }
        Label { text: qsTr("User name"); color: Theme.text; enabled: root.manual }
        TextField {
            id: userField
            objectName: "proxyUser"
            Layout.fillWidth: true
            enabled: root.manual
            text: root.settings.proxyUser
            placeholderText: qsTr("optional")
            Accessible.name: qsTr("Proxy user name")
        }
        Label { text: qsTr("Password"); color: Theme.text; enabled: root.manual }
        TextField {
            id: passwordField
            objectName: "proxyPassword"
            Layout.fillWidth: true
            enabled: root.manual
            echoMode: TextInput.Password
            placeholderText: qsTr("unchanged")
            Accessible.name: qsTr("Proxy password")
        }
    }
    PrimaryButton {
        objectName: "applyProxy"
        Layout.alignment: Qt.AlignRight
        text: qsTr("Apply")
        Accessible.name: qsTr("Apply the proxy settings")
        onClicked: root.apply()
    }
}
