// TrayState: what the tray says about several accounts, the unread count and do-not-disturb.
#include "platform/traystate.h"

#include <QApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Confab_PlatformPlugin)

using namespace Qt::StringLiterals;
using confab::app::TrayState;
using Phase = confab::client::ConnectionStatus::Phase;

class TstTrayState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void worstAccountWins_data();
    void worstAccountWins();
    void unreadShowsInTooltipAndIcon();
    void dndIsAppended();
    void notifiesOnlyOnChange();
    void menuRequestsAreSignals();
    void availabilityFollowsSetter();
    void qmlBindsToTheState();
};

void TstTrayState::worstAccountWins_data()
{
    QTest::addColumn<QList<Phase>>("phases");
    QTest::addColumn<QString>("phase");
    QTest::addColumn<QString>("iconName");
    QTest::addColumn<QString>("toolTip");

    QTest::newRow("one connected") << QList<Phase> { Phase::Connected } << u"connected"_s << u"confab"_s
                                   << u"Confab — connected"_s;
    QTest::newRow("connected and connecting") << QList<Phase> { Phase::Connected, Phase::Connecting }
                                              << u"connecting"_s << u"confab"_s << u"Confab — connecting…"_s;
    QTest::newRow("waiting beats connecting")
        << QList<Phase> { Phase::Connecting, Phase::WaitingToRetry, Phase::Connected } << u"offline"_s
        << u"confab-offline"_s << u"Confab — reconnecting…"_s;
    QTest::newRow("offline beats waiting") << QList<Phase> { Phase::WaitingToRetry, Phase::Offline }
                                           << u"offline"_s << u"confab-offline"_s << u"Confab — offline"_s;
    QTest::newRow("stopped beats everything")
        << QList<Phase> { Phase::Offline, Phase::Stopped, Phase::Connected } << u"stopped"_s
        << u"confab-offline"_s << u"Confab — not connected, open Confab to fix it"_s;
    QTest::newRow("signed-out accounts do not count") << QList<Phase> { Phase::Idle, Phase::Connected,
        Phase::Idle } << u"connected"_s << u"confab"_s << u"Confab — connected"_s;
    QTest::newRow("no accounts") << QList<Phase> {} << u"offline"_s << u"confab-offline"_s
                                 << u"Confab — offline"_s;
}

void TstTrayState::worstAccountWins()
{
    QFETCH(QList<Phase>, phases);
    TrayState state;
    state.setConnectionPhases(phases);
    QTEST(state.phase(), "phase");
    QTEST(state.iconName(), "iconName");
    QTEST(state.toolTip(), "toolTip");
}

void TstTrayState::unreadShowsInTooltipAndIcon()
{
    TrayState state;
    state.setPhase(Phase::Connected);
    state.setUnread(3);
    QCOMPARE(state.unread(), 3);
    QCOMPARE(state.toolTip(), u"Confab — connected, 3 unread"_s);
    QCOMPARE(state.iconName(), u"confab-unread"_s);

    // Offline matters more than unread for the icon; the tooltip still counts them.
    state.setPhase(Phase::Offline);
    QCOMPARE(state.iconName(), u"confab-offline"_s);
    QCOMPARE(state.toolTip(), u"Confab — offline, 3 unread"_s);

    state.setPhase(Phase::Connected);
    state.setUnread(0);
    QCOMPARE(state.iconName(), u"confab"_s);
    QCOMPARE(state.toolTip(), u"Confab — connected"_s);

    state.setUnread(-4); // a bad count from a caller never shows as negative
    QCOMPARE(state.unread(), 0);
}

void TstTrayState::dndIsAppended()
{
    TrayState state;
    state.setPhase(Phase::Connected);
    state.setUnread(1);
    state.setDndActive(true);
    QVERIFY(state.dndActive());
    QCOMPARE(state.toolTip(), u"Confab — connected, 1 unread — Do not disturb"_s);
    state.setDndActive(false);
    QCOMPARE(state.toolTip(), u"Confab — connected, 1 unread"_s);
}

void TstTrayState::notifiesOnlyOnChange()
{
    TrayState state;
    state.setPhase(Phase::Connected);
    QSignalSpy phase(&state, &TrayState::phaseChanged);
    QSignalSpy unread(&state, &TrayState::unreadChanged);
    QSignalSpy toolTip(&state, &TrayState::toolTipChanged);
    QSignalSpy iconName(&state, &TrayState::iconNameChanged);
    QSignalSpy dnd(&state, &TrayState::dndActiveChanged);

    state.setConnectionPhases({ Phase::Connected, Phase::Connected });
    state.setUnread(0);
    state.setDndActive(false);
    QCOMPARE(phase.count(), 0);
    QCOMPARE(unread.count(), 0);
    QCOMPARE(toolTip.count(), 0);
    QCOMPARE(iconName.count(), 0);
    QCOMPARE(dnd.count(), 0);

    state.setUnread(2);
    QCOMPARE(unread.count(), 1);
    QCOMPARE(toolTip.count(), 1);
    QCOMPARE(iconName.count(), 1);
    state.setUnread(5); // the icon already says "unread": only the count and tooltip change
    QCOMPARE(unread.count(), 2);
    QCOMPARE(toolTip.count(), 2);
    QCOMPARE(iconName.count(), 1);
    QCOMPARE(phase.count(), 0);

    // Waiting and offline are the same tray phase and icon; only the tooltip's words differ.
    state.setPhase(Phase::WaitingToRetry);
    QCOMPARE(phase.count(), 1);
    QCOMPARE(iconName.count(), 2);
    QCOMPARE(toolTip.count(), 3);
    state.setPhase(Phase::Offline);
    QCOMPARE(phase.count(), 1);
    QCOMPARE(iconName.count(), 2);
    QCOMPARE(toolTip.count(), 4);

    state.setDndActive(true);
    state.setDndActive(true);
    QCOMPARE(dnd.count(), 1);
    QCOMPARE(toolTip.count(), 5);
}

void TstTrayState::menuRequestsAreSignals()
{
    TrayState state;
    QSignalSpy open(&state, &TrayState::openRequested);
    QSignalSpy dnd(&state, &TrayState::toggleDndRequested);
    QSignalSpy quit(&state, &TrayState::quitRequested);
    QSignalSpy dndChanged(&state, &TrayState::dndActiveChanged);

    QVERIFY(QMetaObject::invokeMethod(&state, "open"));
    QVERIFY(QMetaObject::invokeMethod(&state, "toggleDnd"));
    QVERIFY(QMetaObject::invokeMethod(&state, "toggleDnd"));
    QVERIFY(QMetaObject::invokeMethod(&state, "quit"));
    QCOMPARE(open.count(), 1);
    QCOMPARE(dnd.count(), 2);
    QCOMPARE(quit.count(), 1);
    // A request is not the change: the app answers with setDndActive.
    QCOMPARE(dndChanged.count(), 0);
    QVERIFY(!state.dndActive());
}

void TstTrayState::availabilityFollowsSetter()
{
    TrayState state;
    // No tray host runs offscreen.
    QVERIFY(!state.available());
    QSignalSpy available(&state, &TrayState::availableChanged);
    state.setAvailable(true);
    state.setAvailable(true);
    QVERIFY(state.available());
    QCOMPARE(available.count(), 1);
}

void TstTrayState::qmlBindsToTheState()
{
    QQmlEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_s);
    QQmlComponent component(&engine);
    component.setData(R"(
        import QtQml
        import Confab.Platform
        QtObject {
            required property TrayState tray
            property string text: tray.toolTip + " / " + tray.iconName + " / " + tray.phase
            function quit() { tray.quit() }
        })",
        QUrl(u"qrc:/tst_traystate.qml"_s));
    TrayState state;
    state.setPhase(Phase::Connected);
    std::unique_ptr<QObject> object(
        component.createWithInitialProperties({ { u"tray"_s, QVariant::fromValue(&state) } }));
    QVERIFY2(object, qPrintable(component.errorString()));
    QCOMPARE(object->property("text").toString(), u"Confab — connected / confab / connected"_s);
    state.setUnread(4);
    QCOMPARE(
        object->property("text").toString(), u"Confab — connected, 4 unread / confab-unread / connected"_s);

    QSignalSpy quit(&state, &TrayState::quitRequested);
    QVERIFY(QMetaObject::invokeMethod(object.get(), "quit"));
    QCOMPARE(quit.count(), 1);

    // Only the application makes one.
    QQmlComponent creating(&engine);
    creating.setData("import Confab.Platform\nTrayState {}", QUrl(u"qrc:/tst_traystate_create.qml"_s));
    QVERIFY(creating.isError());
    QVERIFY2(
        creating.errorString().contains(u"created by the application"_s), qPrintable(creating.errorString()));
}

QTEST_MAIN(TstTrayState)
#include "tst_traystate.moc"
