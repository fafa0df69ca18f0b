import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// The welcome card: relay address, user name and password, "Remember me", and Sign in.
// Errors show in plain words; an untrusted certificate swaps the form for CertificatePrompt.
// The same page adds another account (addMode), with a way back.
FocusScope {
    id: root

    // An AccountSetupViewModel (or a stand-in with the same properties and invokables).
    required property var setup
    property bool addMode: false

    signal cancelRequested()

    function submit() {
        if (root.setup.busy || root.setup.needsTrust)
            return
        root.setup.relayUrl = relayField.text.trim()
        root.setup.userName = userField.text.trim()
        root.setup.password = passwordField.text
        root.setup.submit()
    }

    // Adding another account starts from an empty form, not the last attempt.
    onVisibleChanged: if (root.visible && root.addMode) root.setup.reset()
    Keys.onEscapePressed: if (root.addMode) root.cancelRequested()
    // Enter anywhere in the form (a check box, a button) signs in, as it does in the fields.
    Keys.onReturnPressed: root.submit()
    Keys.onEnterPressed: root.submit()

    Connections {
        target: root.setup
        function onErrorKindChanged() {
            if (root.setup.errorKind === "wrongPassword") {
                passwordField.selectAll()
                passwordField.forceActiveFocus()
            }
        }
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.window
    }

    Flickable {
        id: scroll
        anchors.fill: parent
        contentWidth: width
        contentHeight: Math.max(height, card.implicitHeight + 2 * Theme.spacingLarge)
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollBar.vertical: ScrollBar {}

        Item {
            width: scroll.width
            height: scroll.contentHeight

            Rectangle {
                id: card
                anchors.centerIn: parent
                width: Math.min(440, parent.width - 2 * Theme.spacingLarge)
                implicitHeight: content.implicitHeight + 2 * 28
                radius: Theme.radius + 4
                color: Theme.surface
                border.color: Theme.border

                ColumnLayout {
                    id: content
                    anchors.fill: parent
                    anchors.margins: 28
                    spacing: Theme.spacing

                    Image {
                        Layout.alignment: Qt.AlignHCenter
                        source: "../icons/confab.png"
                        sourceSize.width: 56
                        sourceSize.height: 56
                        Accessible.ignored: true
                    }
                    Label {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        text: root.addMode ? qsTr("Add an account") : qsTr("Welcome to Confab")
                        color: Theme.text
                        font.pixelSize: Theme.fontSizeTitle + 4
                        font.bold: true
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.bottomMargin: Theme.spacing
                        visible: !root.setup.needsTrust
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("Sign in to your relay to chat and receive notifications.")
                        wrapMode: Text.Wrap
                        color: Theme.textMuted
                    }

                    CertificatePrompt {
                        objectName: "certificatePrompt"
                        Layout.fillWidth: true
                        visible: root.setup.needsTrust
                        setup: root.setup
                    }

                    ColumnLayout {
                        id: form
                        Layout.fillWidth: true
                        visible: !root.setup.needsTrust
                        enabled: !root.setup.busy
                        spacing: Theme.spacingSmall

                        Label { text: qsTr("Relay address"); color: Theme.text }
                        TextField {
                            id: relayField
                            objectName: "relayField"
                            Layout.fillWidth: true
                            focus: true
                            text: root.setup.relayUrl
                            placeholderText: qsTr("wss://relay.example.org")
                            inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                            Accessible.name: qsTr("Relay address")
                            Accessible.description: qsTr("The address your relay's administrator gave you")
                            onTextEdited: root.setup.relayUrl = text
                        }
                        Label { text: qsTr("User name"); color: Theme.text; Layout.topMargin: Theme.spacingSmall }
                        TextField {
                            id: userField
                            objectName: "userField"
                            Layout.fillWidth: true
                            text: root.setup.userName
                            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhPreferLowercase
                            Accessible.name: qsTr("User name")
                            onTextEdited: root.setup.userName = text
                        }
                        Label { text: qsTr("Password"); color: Theme.text; Layout.topMargin: Theme.spacingSmall }
                        TextField {
                            id: passwordField
                            objectName: "passwordField"
                            Layout.fillWidth: true
                            echoMode: TextInput.Password
                            text: root.setup.password
                            Accessible.name: qsTr("Password")
                            onTextEdited: root.setup.password = text
                        }
                        CheckBox {
                            id: rememberBox
                            objectName: "rememberBox"
                            checked: root.setup.remember
                            text: qsTr("Remember me on this computer")
                            Accessible.name: text
                            Accessible.description: qsTr("Keeps you signed in, with the password in the system keychain")
                            onToggled: root.setup.remember = checked
                        }
                        NoticeBox {
                            objectName: "keychainWarning"
                            Layout.fillWidth: true
                            warning: true
                            text: root.setup.keychainWarning
                        }
                        NoticeBox {
                            objectName: "errorBox"
                            Layout.fillWidth: true
                            text: root.setup.error
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            Layout.topMargin: Theme.spacing
                            spacing: Theme.spacing

                            BusyIndicator {
                                objectName: "busyIndicator"
                                running: root.setup.busy
                                visible: running
                                implicitWidth: 28
                                implicitHeight: 28
                                Accessible.name: qsTr("Signing in")
                            }
                            Item { Layout.fillWidth: true }
                            Button {
                                objectName: "cancelButton"
                                visible: root.addMode
                                text: qsTr("Cancel")
                                Accessible.name: qsTr("Cancel adding an account")
                                onClicked: root.cancelRequested()
                            }
                            PrimaryButton {
                                objectName: "signInButton"
                                text: root.setup.busy ? qsTr("Signing in…") : qsTr("Sign in")
                                enabled: relayField.text.trim().length > 0 && userField.text.trim().length > 0
                                         && passwordField.text.length > 0
                                Accessible.name: qsTr("Sign in")
                                onClicked: root.submit()
                            }
                        }
                    }
                }
            }
        }
    }
}
