#include "traystate.h"

#include <QApplication>
#include <QSystemTrayIcon>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

using Phase = client::ConnectionStatus::Phase;

// Higher is worse; Idle (not asked to connect) ranks below everything and is ignored.
int severity(Phase phase)
{
    switch (phase) {
    case Phase::Idle:
        return 0;
    case Phase::Connected:
        return 1;
    case Phase::Connecting:
        return 2;
    case Phase::WaitingToRetry:
        return 3;
    case Phase::Offline:
        return 4;
    case Phase::Stopped:
        return 5;
    }
    return 0;
}

} // namespace

TrayState::TrayState(QObject *parent) : QObject(parent)
{
    // The tray needs a QApplication; asking without one would crash in the platform theme.
    if (qobject_cast<QApplication *>(QCoreApplication::instance()))
        m_available = QSystemTrayIcon::isSystemTrayAvailable();
    recompute();
}

void TrayState::setConnectionPhases(const QList<client::ConnectionStatus::Phase> &phases)
{
    Phase worst = Phase::Idle;
    for (const Phase phase : phases) {
        if (severity(phase) > severity(worst))
            worst = phase;
    }
    if (worst == m_worst)
        return;
    m_worst = worst;
    recompute();
}

void TrayState::setPhase(client::ConnectionStatus::Phase phase)
{
    setConnectionPhases({ phase });
}

void TrayState::setUnread(int unread)
{
    unread = std::max(unread, 0);
    if (m_unread == unread)
        return;
    m_unread = unread;
    Q_EMIT unreadChanged();
    recompute();
}

void TrayState::setDndActive(bool active)
{
    if (m_dndActive == active)
        return;
    m_dndActive = active;
    Q_EMIT dndActiveChanged();
    recompute();
}

void TrayState::setAvailable(bool available)
{
    if (m_available == available)
        return;
    m_available = available;
    Q_EMIT availableChanged();
}

void TrayState::open()
{
    Q_EMIT openRequested();
}

void TrayState::toggleDnd()
{
    Q_EMIT toggleDndRequested();
}

void TrayState::quit()
{
    Q_EMIT quitRequested();
}

void TrayState::recompute()
{
    QString phase;
    QString status;
    switch (m_worst) {
    case Phase::Connected:
        phase = u"connected"_s;
        status = tr("connected");
        break;
    case Phase::Connecting:
        phase = u"connecting"_s;
        status = tr("connecting…");
        break;
    case Phase::WaitingToRetry:
        phase = u"offline"_s;
        status = tr("reconnecting…");
        break;
    case Phase::Idle:
    case Phase::Offline:
        phase = u"offline"_s;
        status = tr("offline");
        break;
    case Phase::Stopped:
        phase = u"stopped"_s;
        status = tr("not connected, open Confab to fix it");
        break;
    }

    QString toolTip = tr("Confab — %1").arg(status);
    if (m_unread > 0)
        toolTip += u", "_s + tr("%n unread", nullptr, m_unread);
    if (m_dndActive)
        toolTip += u" — "_s + tr("Do not disturb");

    QString iconName = u"confab"_s;
    if (phase == u"offline"_s || phase == u"stopped"_s)
        iconName = u"confab-offline"_s;
    else if (m_unread > 0)
        iconName = u"confab-unread"_s;

    if (m_phase != phase) {
        m_phase = phase;
        Q_EMIT phaseChanged();
    }
    if (m_toolTip != toolTip) {
        m_toolTip = toolTip;
        Q_EMIT toolTipChanged();
    }
    if (m_iconName != iconName) {
        m_iconName = iconName;
        Q_EMIT iconNameChanged();
    }
}

} // namespace confab::app
