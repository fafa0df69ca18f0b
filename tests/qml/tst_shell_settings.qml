import QtQuick
import QtTest
import Confab.UI

// The settings page against a stand-in SettingsViewModel: do not disturb, topic rules, theme,
// general switches, proxy and accounts all reach the view model.
TestCase {
    id: testCase
    name: "ShellSettings"
    width: 900
    height: 800
    visible: true
    when: windowShown

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i] === " " ? Qt.Key_Space : text[i])
    }

    QtObject {
        id: settingsStandIn
        property string dndMode: "off"
        property date dndUntil: new Date(NaN)
        property int dndStartMinutes: 22 * 60
        property int dndEndMinutes: 7 * 60
        property bool dndActive: false
        property string theme: "system"
        property bool darkTheme: false
        property bool startOnLogin: false
        property bool closeToTray: true
        property int offlineAlertMinutes: 5
        property bool showMessagePreviews: true
        property var topics: ["backups", "deploys"]
        property string proxyMode: "system"
        property string proxyHost: ""
        property int proxyPort: 0
        property string proxyUser: ""
        property string problem: ""
        property var muted: ({})
        property var minPriority: ({})
        property var calls: []
        signal topicRulesChanged()
        function topicMuted(topic) { return muted[topic] === true }
        function setTopicMuted(topic, on) { muted[topic] = on; calls.push("mute:" + topic + ":" + on); topicRulesChanged() }
        function topicMinPriority(topic) { return minPriority[topic] || 1 }
        function setTopicMinPriority(topic, p) { minPriority[topic] = p; calls.push("min:" + topic + ":" + p); topicRulesChanged() }
        function setProxyPassword(pw) { calls.push("proxyPassword:" + pw) }
        function applyProxy() { calls.push("applyProxy") }
        function signOut(id) { calls.push("signOut:" + id) }
        function removeAccount(id, deleteData) { calls.push("remove:" + id + ":" + deleteData) }
    }
    ListModel {
        id: accountsModel
        ListElement { accountId: "a1"; displayName: "alice @ relay.example"; userName: "alice"
                      relayHost: "relay.example"; phase: "connected"; unread: 0; isCurrent: true }
    }

    Component {
        id: pageComponent
        SettingsPage {
            anchors.fill: parent
            settings: settingsStandIn
            accounts: accountsModel
        }
    }
    SignalSpy { id: addSpy; signalName: "addAccountRequested" }

    function init() {
        settingsStandIn.dndStartMinutes = 22 * 60
        settingsStandIn.dndEndMinutes = 7 * 60
        settingsStandIn.dndMode = "off"
        settingsStandIn.dndUntil = new Date(NaN)
        settingsStandIn.theme = "system"
        settingsStandIn.muted = {}
        settingsStandIn.minPriority = { deploys: 4 }
        settingsStandIn.calls = []
        settingsStandIn.proxyMode = "system"
        settingsStandIn.proxyHost = ""
    }

    function createPage(tab) {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(page)
        findChild(page, "settingsTabs").currentIndex = tab
        waitForRendering(page)
        addSpy.clear()
        addSpy.target = page
        return page
    }

    function test_dnd_modes() {
        const page = createPage(0)
        verify(findChild(page, "dndOff").checked)
        mouseClick(findChild(page, "dndNow"))
        compare(settingsStandIn.dndMode, "now")
        mouseClick(findChild(page, "dndSchedule"))
        compare(settingsStandIn.dndMode, "schedule")
        // A quarter of an hour later with the keyboard, then a typed time.
        const start = findChild(page, "dndStart")
        start.forceActiveFocus()
        keyClick(Qt.Key_Up)
        compare(settingsStandIn.dndStartMinutes, 22 * 60 + 15)
        compare(start.text, "22:15")
        start.selectAll()
        typeText("2330")
        keyClick(Qt.Key_Return)
        compare(settingsStandIn.dndStartMinutes, 23 * 60 + 30)
        // A time that does not exist is not taken.
        start.selectAll()
        typeText("2561")
        keyClick(Qt.Key_Return)
        compare(settingsStandIn.dndStartMinutes, 23 * 60 + 30)
        compare(start.text, "23:30")
        const end = findChild(page, "dndEnd")
        end.forceActiveFocus()
        keyClick(Qt.Key_Down)
        compare(settingsStandIn.dndEndMinutes, 6 * 60 + 45)
        mouseClick(findChild(page, "dndUntil"))
        compare(settingsStandIn.dndMode, "until")
        verify(settingsStandIn.dndUntil > new Date())
        mouseClick(findChild(page, "dndOff"))
        compare(settingsStandIn.dndMode, "off")
    }

    function test_dnd_until_time_is_the_next_such_moment() {
        const page = createPage(0)
        mouseClick(findChild(page, "dndUntil"))
        const until = findChild(page, "dndUntilTime")
        until.forceActiveFocus()
        keyClick(Qt.Key_Up)
        const when = settingsStandIn.dndUntil
        verify(when > new Date())
        verify(when - new Date() <= 24 * 3600 * 1000)
        compare(when.getHours() * 60 + when.getMinutes(), until.minutes)
    }

    function test_dnd_status_follows_view_model() {
        const page = createPage(0)
        const status = findChild(page, "dndStatus")
        compare(status.text, "Do not disturb is off now.")
        settingsStandIn.dndActive = true
        compare(status.text, "Do not disturb is on now.")
        settingsStandIn.dndActive = false
    }

    function test_topic_rules() {
        const page = createPage(0)
        const mute = findChild(page, "mute_backups")
        verify(mute)
        verify(!mute.checked)
        mouseClick(mute)
        compare(settingsStandIn.calls, ["mute:backups:true"])
        verify(settingsStandIn.topicMuted("backups"))
        const priority = findChild(page, "priority_deploys")
        compare(priority.currentIndex, 3)
        // The combo follows a change made elsewhere (another window, the tray).
        settingsStandIn.setTopicMinPriority("deploys", 5)
        compare(priority.currentIndex, 4)
    }

    function test_theme_and_text_size() {
        const page = createPage(1)
        mouseClick(findChild(page, "themeDark"))
        compare(settingsStandIn.theme, "dark")
        mouseClick(findChild(page, "themeLight"))
        compare(settingsStandIn.theme, "light")
        const slider = findChild(page, "textSizeSlider")
        slider.forceActiveFocus()
        keyClick(Qt.Key_Right)
        keyClick(Qt.Key_Right)
        tryCompare(Theme, "scale", 1.2)
        Theme.scale = 1.0
    }

    function test_problem_is_shown() {
        const page = createPage(2)
        const box = findChild(page, "settingsProblem")
        verify(!box.visible)
        settingsStandIn.problem = "Confab could not set itself to start on login: no autostart folder."
        verify(box.visible)
        compare(findChild(box, "noticeText").text, settingsStandIn.problem)
        settingsStandIn.problem = ""
        verify(!box.visible)
    }

    function test_general_switches() {
        const page = createPage(2)
        mouseClick(findChild(page, "startOnLogin"))
        compare(settingsStandIn.startOnLogin, true)
        mouseClick(findChild(page, "closeToTray"))
        compare(settingsStandIn.closeToTray, false)
        findChild(page, "offlineAlertMinutes").forceActiveFocus()
        keyClick(Qt.Key_Up)
        compare(settingsStandIn.offlineAlertMinutes, 6)
    }

    function test_proxy_apply() {
        const page = createPage(3)
        const host = findChild(page, "proxyHost")
        verify(!host.enabled)
        const mode = findChild(page, "proxyMode")
        mode.currentIndex = 3
        verify(host.enabled)
        host.forceActiveFocus()
        typeText("proxy.local")
        findChild(page, "proxyPassword").forceActiveFocus()
        typeText("pw")
        mouseClick(findChild(page, "applyProxy"))
        compare(settingsStandIn.proxyMode, "socks5")
        compare(settingsStandIn.proxyHost, "proxy.local")
        compare(settingsStandIn.proxyPort, 8080)
        compare(settingsStandIn.calls, ["proxyPassword:pw", "applyProxy"])
    }

    function test_accounts() {
        const page = createPage(4)
        mouseClick(findChild(page, "signOut_alice"))
        compare(settingsStandIn.calls, ["signOut:a1"])
        mouseClick(findChild(page, "remove_alice"))
        const dialog = findChild(page, "removeAccountDialog")
        tryVerify(() => dialog.opened)
        mouseClick(findChild(dialog.contentItem, "deleteLocalData"))
        dialog.accept()
        compare(settingsStandIn.calls, ["signOut:a1", "remove:a1:true"])
        mouseClick(findChild(page, "addAccountButton"))
        compare(addSpy.count, 1)
    }
}
