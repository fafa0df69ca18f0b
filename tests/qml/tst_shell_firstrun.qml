import QtQuick
import QtTest
import Confab.UI

// The welcome page against a stand-in AccountSetupViewModel: Enter signs in with what was typed,
// errors and keychain warnings show in plain words, and an untrusted certificate asks first.
TestCase {
    id: testCase
    name: "ShellFirstRun"
    width: 800
    height: 760
    visible: true
    when: windowShown

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i] === " " ? Qt.Key_Space : text[i])
    }

    readonly property string fingerprint: "3A:1F:9C:00:DE:AD:BE:EF:01:23:45:67:89:AB:CD:EF:"
                                          + "10:32:54:76:98:BA:DC:FE:00:11:22:33:44:55:66:77"

    QtObject {
        id: setupStandIn
        property string relayUrl: ""
        property string userName: ""
        property string password: ""
        property bool remember: true
        property bool busy: false
        property string error: ""
        property string errorKind: ""
        property string keychainWarning: ""
        property bool needsTrust: false
        property string certificateFingerprint: ""
        property string certificateSubject: ""
        property string certificateIssuer: ""
        property string certificateExpires: ""
        property var certificateProblems: []
        property int submits: 0
        property int trusts: 0
        property int rejects: 0
        property int resets: 0
        signal accountReady(string accountId)
        function submit() { submits++ }
        function trustCertificate() { trusts++ }
        function rejectCertificate() { rejects++ }
        function reset() { resets++ }
    }

    Component {
        id: pageComponent
        FirstRunPage {
            anchors.fill: parent
            setup: setupStandIn
        }
    }

    function init() {
        setupStandIn.relayUrl = ""
        setupStandIn.userName = ""
        setupStandIn.password = ""
        setupStandIn.remember = true
        setupStandIn.busy = false
        setupStandIn.error = ""
        setupStandIn.errorKind = ""
        setupStandIn.keychainWarning = ""
        setupStandIn.needsTrust = false
        setupStandIn.submits = 0
        setupStandIn.trusts = 0
        setupStandIn.rejects = 0
        setupStandIn.resets = 0
    }

    Component {
        id: addPageComponent
        FirstRunPage {
            anchors.fill: parent
            visible: false
            addMode: true
            setup: setupStandIn
        }
    }
    SignalSpy { id: cancelSpy; signalName: "cancelRequested" }

    function test_add_mode_starts_empty_and_can_be_left() {
        const page = createTemporaryObject(addPageComponent, testCase)
        cancelSpy.clear()
        cancelSpy.target = page
        compare(setupStandIn.resets, 0)
        page.visible = true
        compare(setupStandIn.resets, 1)
        page.forceActiveFocus()
        waitForRendering(page)
        const cancel = findChild(page, "cancelButton")
        verify(cancel.visible)
        mouseClick(cancel)
        compare(cancelSpy.count, 1)
        findChild(page, "relayField").forceActiveFocus()
        keyClick(Qt.Key_Escape)
        compare(cancelSpy.count, 2)
    }

    function createPage() {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(page)
        page.forceActiveFocus()
        waitForRendering(page)
        return page
    }

    function typeInto(page, name, text) {
        const field = findChild(page, name)
        field.forceActiveFocus()
        tryVerify(() => field.activeFocus)
        typeText(text)
        return field
    }

    function test_enter_submits_what_was_typed() {
        const page = createPage()
        typeInto(page, "relayField", "wss://relay.example:8443")
        typeInto(page, "userField", "alice")
        const password = typeInto(page, "passwordField", "s3cret")
        compare(password.echoMode, TextInput.Password)
        keyClick(Qt.Key_Return)
        compare(setupStandIn.submits, 1)
        compare(setupStandIn.relayUrl, "wss://relay.example:8443")
        compare(setupStandIn.userName, "alice")
        compare(setupStandIn.password, "s3cret")
        verify(setupStandIn.remember)
    }

    function test_remember_me_and_sign_in_button() {
        const page = createPage()
        const button = findChild(page, "signInButton")
        verify(!button.enabled)
        // The first account cannot be skipped: there is nothing to go back to.
        verify(!findChild(page, "cancelButton").visible)
        typeInto(page, "relayField", "ws://127.0.0.1:1")
        typeInto(page, "userField", "bob")
        typeInto(page, "passwordField", "pw")
        verify(button.enabled)
        mouseClick(findChild(page, "rememberBox"))
        compare(setupStandIn.remember, false)
        mouseClick(button)
        compare(setupStandIn.submits, 1)
    }

    function test_busy_blocks_a_second_submit() {
        const page = createPage()
        typeInto(page, "relayField", "ws://h")
        typeInto(page, "userField", "bob")
        typeInto(page, "passwordField", "pw")
        setupStandIn.busy = true
        verify(findChild(page, "busyIndicator").visible)
        page.submit()
        compare(setupStandIn.submits, 0)
    }

    function test_error_box_shows_plain_words() {
        const page = createPage()
        const box = findChild(page, "errorBox")
        verify(!box.visible)
        setupStandIn.error = "The user name or password is wrong."
        setupStandIn.errorKind = "wrongPassword"
        verify(box.visible)
        compare(findChild(box, "noticeText").text, "The user name or password is wrong.")
        // A wrong password puts the cursor back in the password field.
        tryVerify(() => findChild(page, "passwordField").activeFocus)

        const warning = findChild(page, "keychainWarning")
        verify(!warning.visible)
        setupStandIn.keychainWarning = "Your password will not be remembered: no keychain is available."
        verify(warning.visible)
        compare(findChild(warning, "noticeText").text, setupStandIn.keychainWarning)
    }

    function test_certificate_prompt() {
        const page = createPage()
        const prompt = findChild(page, "certificatePrompt")
        verify(!prompt.visible)
        setupStandIn.certificateFingerprint = testCase.fingerprint
        setupStandIn.certificateSubject = "CN=relay.example"
        setupStandIn.certificateIssuer = "CN=relay.example"
        setupStandIn.certificateExpires = "2027-01-31"
        setupStandIn.certificateProblems = ["The certificate is self-signed."]
        setupStandIn.needsTrust = true
        verify(prompt.visible)
        verify(!findChild(page, "relayField").visible)
        const shown = findChild(prompt, "certificateFingerprint").text
        compare(shown.split("\n").length, 4)
        compare(shown.replace(/\n/g, ":"), testCase.fingerprint)
        compare(findChild(prompt, "certificateSubject").text, "CN=relay.example")
        compare(findChild(prompt, "certificateExpires").text, "2027-01-31")
        compare(findChild(prompt, "certificateProblems").text, "The certificate is self-signed.")
        waitForRendering(page)
        mouseClick(findChild(prompt, "trustCertificateButton"))
        compare(setupStandIn.trusts, 1)
        mouseClick(findChild(prompt, "rejectCertificateButton"))
        compare(setupStandIn.rejects, 1)
        // Enter does not sign in again while the question is open.
        keyClick(Qt.Key_Return)
        compare(setupStandIn.submits, 0)
    }
}
