// TrayIcon offscreen: the menu a user right-clicks, what its choices do, and the tooltip and icon
// following the state. No tray host runs here, so the icon is never shown.
#include "platform/trayicon.h"
#include "platform/traystate.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::app::TrayIcon;
using confab::app::TrayState;
using Phase = confab::client::ConnectionStatus::Phase;

namespace {

QList<QAction *> visibleActions(QMenu *menu)
{
    QList<QAction *> actions;
    for (QAction *action : menu->actions()) {
        if (!action->isSeparator())
            actions << action;
    }
    return actions;
}

QAction *actionNamed(QMenu *menu, const QString &text)
{
    for (QAction *action : menu->actions()) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

// The colour at the spot where the status dot goes (bottom right).
QColor dotColour(const QIcon &icon)
{
    const QImage image = icon.pixmap(64, 64).toImage();
    return image.pixelColor(image.width() * 85 / 100, image.height() * 85 / 100);
}

} // namespace

class TstTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void menuHasOpenDndQuit();
    void menuChoicesReachTheState();
    void dndCheckFollowsState();
    void toolTipFollowsState();
    void iconShowsUnreadAndOffline();
    void hiddenWithoutTray();
};

void TstTrayIcon::menuHasOpenDndQuit()
{
    TrayState state;
    TrayIcon tray(&state);
    QVERIFY(tray.menu());
    QCOMPARE(tray.systemTrayIcon()->contextMenu(), tray.menu());
    const auto actions = visibleActions(tray.menu());
    QCOMPARE(actions.size(), 3);
    QCOMPARE(actions.at(0)->text(), u"Open Confab"_s);
    QCOMPARE(actions.at(1)->text(), u"Do not disturb"_s);
    QVERIFY(actions.at(1)->isCheckable());
    QCOMPARE(actions.at(2)->text(), u"Quit"_s);
    // Quit sits apart from the others.
    QCOMPARE(tray.menu()->actions().size(), 4);
    QVERIFY(tray.menu()->actions().at(2)->isSeparator());
}

void TstTrayIcon::menuChoicesReachTheState()
{
    TrayState state;
    TrayIcon tray(&state);
    QSignalSpy open(&state, &TrayState::openRequested);
    QSignalSpy dnd(&state, &TrayState::toggleDndRequested);
    QSignalSpy quit(&state, &TrayState::quitRequested);

    actionNamed(tray.menu(), u"Open Confab"_s)->trigger();
    QCOMPARE(open.count(), 1);
    actionNamed(tray.menu(), u"Do not disturb"_s)->trigger();
    QCOMPARE(dnd.count(), 1);
    actionNamed(tray.menu(), u"Quit"_s)->trigger();
    QCOMPARE(quit.count(), 1);

    // A click on the icon opens the window; the context menu click does not.
    Q_EMIT tray.systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
    QCOMPARE(open.count(), 2);
    Q_EMIT tray.systemTrayIcon()->activated(QSystemTrayIcon::Context);
    QCOMPARE(open.count(), 2);
}

void TstTrayIcon::dndCheckFollowsState()
{
    TrayState state;
    state.setDndActive(true);
    TrayIcon tray(&state);
    QAction *dnd = actionNamed(tray.menu(), u"Do not disturb"_s);
    QVERIFY(dnd->isChecked());

    state.setDndActive(false);
    QVERIFY(!dnd->isChecked());

    // The app turns do-not-disturb on when asked: the check shows it.
    const auto answer = connect(
        &state, &TrayState::toggleDndRequested, &state, [&state] { state.setDndActive(!state.dndActive()); });
    dnd->trigger();
    QVERIFY(state.dndActive());
    QVERIFY(dnd->isChecked());

    // An app that ignores the request: the check does not lie.
    disconnect(answer);
    dnd->trigger();
    QVERIFY(state.dndActive());
    QVERIFY(dnd->isChecked());
}

void TstTrayIcon::toolTipFollowsState()
{
    TrayState state;
    state.setPhase(Phase::Connected);
    TrayIcon tray(&state);
    QCOMPARE(tray.systemTrayIcon()->toolTip(), u"Confab — connected"_s);
    state.setUnread(3);
    QCOMPARE(tray.systemTrayIcon()->toolTip(), u"Confab — connected, 3 unread"_s);
    state.setConnectionPhases({ Phase::Connected, Phase::Offline });
    QCOMPARE(tray.systemTrayIcon()->toolTip(), u"Confab — offline, 3 unread"_s);
}

void TstTrayIcon::iconShowsUnreadAndOffline()
{
    TrayState state;
    state.setPhase(Phase::Connected);
    TrayIcon tray(&state);
    QVERIFY(!tray.systemTrayIcon()->icon().isNull());
    const QColor plain = dotColour(tray.systemTrayIcon()->icon());

    state.setUnread(2);
    const QColor unread = dotColour(tray.systemTrayIcon()->icon());
    QVERIFY2(unread.red() > 180 && unread.green() < 100, qPrintable(unread.name()));
    QVERIFY(unread != plain);

    state.setPhase(Phase::Offline);
    const QColor offline = dotColour(tray.systemTrayIcon()->icon());
    QVERIFY2(qAbs(offline.red() - offline.green()) < 10 && qAbs(offline.green() - offline.blue()) < 10,
        qPrintable(offline.name()));

    state.setPhase(Phase::Connected);
    state.setUnread(0);
    QCOMPARE(dotColour(tray.systemTrayIcon()->icon()), plain);
}

void TstTrayIcon::hiddenWithoutTray()
{
    TrayState state;
    TrayIcon tray(&state);
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
    QVERIFY(!tray.systemTrayIcon()->isVisible());
}

QTEST_MAIN(TstTrayIcon)
#include "tst_trayicon.moc"
