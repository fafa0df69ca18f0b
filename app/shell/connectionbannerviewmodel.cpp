#include "connectionbannerviewmodel.h"

#include "client/account/account.h"
#include "client/connection/connectionsupervisor.h"

#include <QLocale>

#include <cmath>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::ConnectionStatus;
using Phase = ConnectionStatus::Phase;

namespace {

bool isDown(Phase phase)
{
    return phase != Phase::Connected && phase != Phase::Idle;
}

} // namespace

ConnectionBannerViewModel::ConnectionBannerViewModel(QObject *parent)
    : QObject(parent), m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_tick.setInterval(std::chrono::seconds(1));
    connect(&m_tick, &QTimer::timeout, this, &ConnectionBannerViewModel::refresh);
    m_view = compute();
}

void ConnectionBannerViewModel::setAccount(client::Account *account)
{
    if (m_account == account)
        return;
    disconnect(m_statusConnection);
    m_account = account;
    m_downSince = {};
    m_status = account ? account->connectionStatus() : ConnectionStatus {};
    if (account) {
        m_statusConnection = connect(account, &client::Account::connectionStatusChanged, this,
            &ConnectionBannerViewModel::onStatusChanged);
    }
    onStatusChanged(m_status);
}

client::Account *ConnectionBannerViewModel::account() const
{
    return m_account;
}

void ConnectionBannerViewModel::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); });
    refresh();
}

void ConnectionBannerViewModel::setTickInterval(std::chrono::milliseconds interval)
{
    m_tick.setInterval(interval);
}

void ConnectionBannerViewModel::onStatusChanged(const ConnectionStatus &status)
{
    m_status = status;
    if (!isDown(status.phase))
        m_downSince = {};
    else if (!m_downSince.isValid())
        m_downSince = status.offlineSince.isValid() ? status.offlineSince : m_clock();
    // The countdown and the offline alert move with the clock only while the account is down.
    if (isDown(status.phase))
        m_tick.start();
    else
        m_tick.stop();
    refresh();
}

void ConnectionBannerViewModel::refresh()
{
    View view = compute();
    if (view == m_view)
        return;
    m_view = std::move(view);
    Q_EMIT changed();
}

ConnectionBannerViewModel::View ConnectionBannerViewModel::compute() const
{
    View view;
    view.phase = client::phaseName(m_status.phase);
    view.lastError = m_status.lastError;
    const QDateTime now = m_clock();
    switch (m_status.phase) {
    case Phase::Idle:
        break;
    case Phase::Connected:
        if (!client::transportDescription(m_status.transport).isEmpty())
            view.transportText = tr("via HTTP fallback");
        break;
    case Phase::Connecting:
        view.text = tr("Connecting…");
        break;
    case Phase::WaitingToRetry:
        if (m_status.nextAttempt.isValid()) {
            // Rounded up: "in 0 s" would read as "now" while still waiting.
            const qint64 ms = now.msecsTo(m_status.nextAttempt);
            view.secondsToRetry = ms > 0 ? int(std::ceil(double(ms) / 1000.0)) : 0;
        }
        view.text = view.secondsToRetry > 0 ? tr("Reconnecting… retrying in %1 s").arg(view.secondsToRetry)
                                            : tr("Reconnecting…");
        break;
    case Phase::Offline:
        view.text = tr("Offline — waiting for the network");
        break;
    case Phase::Stopped:
        view.text = m_status.lastError.isEmpty() ? tr("Not connected.") : m_status.lastError;
        break;
    }
    const QDateTime since = m_status.offlineSince.isValid() ? m_status.offlineSince : m_downSince;
    if (isDown(m_status.phase) && since.isValid()) {
        view.offlineTooLong = since.secsTo(now) >= m_offlineAlertSeconds;
        const QDateTime local = since.toLocalTime();
        const QLocale locale;
        view.offlineSinceText = local.date() == now.toLocalTime().date()
            ? tr("offline since %1").arg(locale.toString(local.time(), QLocale::ShortFormat))
            : tr("offline since %1").arg(locale.toString(local, QLocale::ShortFormat));
    }
    return view;
}

QString ConnectionBannerViewModel::phase() const
{
    return m_view.phase;
}

bool ConnectionBannerViewModel::isVisible() const
{
    return isDown(m_status.phase);
}

QString ConnectionBannerViewModel::text() const
{
    return m_view.text;
}

int ConnectionBannerViewModel::secondsToRetry() const
{
    return m_view.secondsToRetry;
}

QString ConnectionBannerViewModel::lastError() const
{
    return m_view.lastError;
}

bool ConnectionBannerViewModel::offlineTooLong() const
{
    return m_view.offlineTooLong;
}

QString ConnectionBannerViewModel::offlineSinceText() const
{
    return m_view.offlineSinceText;
}

bool ConnectionBannerViewModel::canRetryNow() const
{
    return m_account && (m_status.phase == Phase::WaitingToRetry || m_status.phase == Phase::Offline
                            || m_status.phase == Phase::Stopped);
}

QString ConnectionBannerViewModel::transportText() const
{
    return m_view.transportText;
}

int ConnectionBannerViewModel::offlineAlertSeconds() const
{
    return m_offlineAlertSeconds;
}

void ConnectionBannerViewModel::setOfflineAlertSeconds(int seconds)
{
    seconds = qMax(0, seconds);
    if (seconds == m_offlineAlertSeconds)
        return;
    m_offlineAlertSeconds = seconds;
    Q_EMIT offlineAlertSecondsChanged();
    refresh();
}

void ConnectionBannerViewModel::retryNow()
{
    if (m_account && canRetryNow())
        m_account->supervisor()->retryNow();
}

} // namespace confab::app
