import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Confab.UI

// Shown when the relay's certificate is not trusted by the system: what is wrong with it and
// whose it claims to be, with the SHA-256 fingerprint large enough to compare with the one the
// relay's administrator gave out. Trusting is a deliberate click; Cancel is the default.
ColumnLayout {
    id: root

    // An AccountSetupViewModel (or a stand-in): certificateFingerprint, certificateSubject,
    // certificateIssuer, certificateExpires, certificateProblems, trustCertificate(), rejectCertificate().
    required property var setup

    // The colon-separated hex fingerprint, eight bytes a line, so it can be read aloud in groups.
    function groupFingerprint(fingerprint) {
        const bytes = fingerprint.split(":")
        let lines = []
        for (let i = 0; i < bytes.length; i += 8)
            lines.push(bytes.slice(i, i + 8).join(":"))
        return lines.join("\n")
    }

    spacing: Theme.spacing

    Label {
        Layout.fillWidth: true
        text: qsTr("Check this relay's certificate")
        color: Theme.text
        font.pixelSize: Theme.fontSizeTitle
        font.bold: true
        wrapMode: Text.Wrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("Your system does not trust the certificate this relay presented. Only trust it if the fingerprint below matches the one your relay's administrator gave you.")
        wrapMode: Text.Wrap
        color: Theme.textMuted
    }
    Rectangle {
        Layout.fillWidth: true
        visible: root.setup.certificateProblems.length > 0
        implicitHeight: problems.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.warningBackground

        Label {
            id: problems
            objectName: "certificateProblems"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            text: root.setup.certificateProblems.join("\n")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.warningText
        }
    }
    GridLayout {
        Layout.fillWidth: true
        columns: 2
        columnSpacing: Theme.spacing
        rowSpacing: Theme.spacingSmall

        Label { text: qsTr("Issued to"); color: Theme.textMuted }
        Label {
            objectName: "certificateSubject"
            Layout.fillWidth: true
            text: root.setup.certificateSubject
            textFormat: Text.PlainText
            wrapMode: Text.WrapAnywhere
            color: Theme.text
        }
        Label { text: qsTr("Issued by"); color: Theme.textMuted }
        Label {
            objectName: "certificateIssuer"
            Layout.fillWidth: true
            text: root.setup.certificateIssuer
            textFormat: Text.PlainText
            wrapMode: Text.WrapAnywhere
            color: Theme.text
        }
        Label { text: qsTr("Expires"); color: Theme.textMuted }
        Label {
            objectName: "certificateExpires"
            Layout.fillWidth: true
            text: root.setup.certificateExpires
            textFormat: Text.PlainText
            color: Theme.text
        }
    }
    Label {
        text: qsTr("SHA-256 fingerprint")
        color: Theme.textMuted
    }
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: fingerprint.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.codeBackground

        TextEdit {
            id: fingerprint
            objectName: "certificateFingerprint"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            readOnly: true
            selectByMouse: true
            textFormat: TextEdit.PlainText
            text: root.groupFingerprint(root.setup.certificateFingerprint)
            font.family: Theme.monospaceFamily
            font.pixelSize: Theme.fontSize
            color: Theme.text
            selectionColor: Theme.selection
            selectedTextColor: Theme.text
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Fingerprint %1").arg(root.setup.certificateFingerprint)
        }
    }
    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacing
        spacing: Theme.spacing

        Item { Layout.fillWidth: true }
        Button {
            objectName: "rejectCertificateButton"
            text: qsTr("Cancel")
            Accessible.name: qsTr("Do not trust this certificate")
            onClicked: root.setup.rejectCertificate()
        }
        Button {
            objectName: "trustCertificateButton"
            text: qsTr("Trust this certificate")
            Accessible.name: qsTr("Trust this certificate")
            Accessible.description: qsTr("Remember this certificate for this relay and connect")
            onClicked: root.setup.trustCertificate()
        }
    }
}
