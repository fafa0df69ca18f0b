import QtQuick
import QtTest
import Confab.UI

// The connection banner, the offline alert and the connection dot, against a stand-in
// ConnectionBannerViewModel.
TestCase {
    id: testCase
    name: "ShellConnectionBanner"
    width: 640
    height: 300
    visible: true
    when: windowShown

    QtObject {
        id: connectionStandIn
        property string phase: "connected"
        property bool visible: false
        property string text: ""
        property int secondsToRetry: 0
        property string lastError: ""
        property bool offlineTooLong: false
        property string offlineSinceText: ""
        property bool canRetryNow: false
        property int retries: 0
        function retryNow() { retries++ }
    }

    Component {
        id: bannerComponent
        ConnectionBanner {
            width: 600
            connection: connectionStandIn
        }
    }
    Component {
        id: alertComponent
        OfflineAlert {
            width: 600
            connection: connectionStandIn
        }
    }
    Component {
        id: indicatorComponent
        ConnectionIndicator {
            phase: "connected"
        }
    }

    function init() {
        connectionStandIn.phase = "connected"
        connectionStandIn.visible = false
        connectionStandIn.text = ""
        connectionStandIn.canRetryNow = false
        connectionStandIn.offlineTooLong = false
        connectionStandIn.offlineSinceText = ""
        connectionStandIn.retries = 0
    }

    function test_hidden_while_connected() {
        const banner = createTemporaryObject(bannerComponent, testCase)
        verify(!banner.visible)
        compare(banner.implicitHeight, 0)
    }

    function test_waiting_shows_countdown_and_retry() {
        const banner = createTemporaryObject(bannerComponent, testCase)
        connectionStandIn.phase = "waiting"
        connectionStandIn.text = "Reconnecting… retrying in 8 s"
        connectionStandIn.canRetryNow = true
        connectionStandIn.visible = true
        verify(banner.visible)
        verify(banner.implicitHeight > 0)
        compare(findChild(banner, "connectionBannerText").text, "Reconnecting… retrying in 8 s")
        compare(banner.color, Theme.warningBackground)
        const retry = findChild(banner, "retryNowButton")
        verify(retry.visible)
        waitForRendering(banner)
        mouseClick(retry)
        compare(connectionStandIn.retries, 1)
        connectionStandIn.text = "Reconnecting… retrying in 7 s"
        compare(findChild(banner, "connectionBannerText").text, "Reconnecting… retrying in 7 s")
    }

    function test_offline_and_stopped_are_red_without_retry() {
        const banner = createTemporaryObject(bannerComponent, testCase)
        connectionStandIn.phase = "offline"
        connectionStandIn.text = "Offline: waiting for the network"
        connectionStandIn.visible = true
        compare(banner.color, Theme.errorBackground)
        compare(findChild(banner, "connectionBannerText").text, "Offline: waiting for the network")
        verify(!findChild(banner, "retryNowButton").visible)
        connectionStandIn.phase = "stopped"
        connectionStandIn.text = "The relay refused your password."
        compare(banner.color, Theme.errorBackground)
        compare(findChild(banner, "connectionBannerText").text, "The relay refused your password.")
    }

    function test_offline_alert() {
        const alert = createTemporaryObject(alertComponent, testCase)
        verify(!alert.visible)
        connectionStandIn.offlineSinceText = "14:02"
        connectionStandIn.offlineTooLong = true
        verify(alert.visible)
        compare(findChild(alert, "offlineAlertTitle").text, "Offline since 14:02")
        waitForRendering(alert)
        mouseClick(findChild(alert, "offlineAlertDismiss"))
        verify(!alert.visible)
        // Back online, then offline too long again: the alert returns.
        connectionStandIn.offlineTooLong = false
        connectionStandIn.offlineTooLong = true
        verify(alert.visible)
    }

    function test_indicator_colours() {
        const indicator = createTemporaryObject(indicatorComponent, testCase)
        compare(indicator.dotColor, Theme.online)
        compare(findChild(indicator, "connectionStateLabel").text, "Connected")
        indicator.phase = "waiting"
        compare(indicator.dotColor, Theme.connecting)
        indicator.phase = "stopped"
        compare(indicator.dotColor, Theme.offline)
        compare(findChild(indicator, "connectionStateLabel").text, "Disconnected")
    }
}
