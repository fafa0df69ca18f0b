#pragma once

#include "platform/desktopnotifier.h"

#include <QDBusConnection>
#include <QHash>
#include <QSet>

class QDBusPendingCallWatcher;

namespace confab::app {

// Notifications through org.freedesktop.Notifications on the session bus (Linux desktops):
// action buttons, urgency from the priority, and replacement of a notification shown again under
// the same key. Every call is asynchronous; the body is HTML-escaped because servers that
// advertise body-markup would otherwise render <b>, <a> and <img> from other people.
class FreedesktopNotifier : public DesktopNotifier
{
    Q_OBJECT

public:
    explicit FreedesktopNotifier(
        const QDBusConnection &bus = QDBusConnection::sessionBus(), QObject *parent = nullptr);
    ~FreedesktopNotifier() override;

    void show(const DesktopNotification &notification) override;
    void withdraw(const QString &key) override;
    QString backendName() const override;

    // Whether the bus has a notification service now, or can start one.
    static bool serviceAvailable(const QDBusConnection &bus = QDBusConnection::sessionBus());
    // D-Bus urgency byte: 0 low (priority 1-2), 1 normal (3), 2 critical (4-5).
    static uchar urgencyFor(int priority);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onNotificationClosed(uint id, uint reason);

private:
    void send(const DesktopNotification &notification);
    void onNotifyFinished(QDBusPendingCallWatcher *watcher, const QString &key);
    void closeId(uint id);

    QDBusConnection m_bus;
    bool m_bodyMarkup = true; // the server interprets markup in bodies (GetCapabilities)
    QHash<QString, uint> m_idByKey;
    QHash<uint, QString> m_keyById;
    // A key whose Notify call is still running: a second show() waits for its id so that it can
    // replace it, and a withdraw() closes it once known.
    QSet<QString> m_inFlight;
    QHash<QString, DesktopNotification> m_queued;
    QSet<QString> m_withdrawWhenKnown;
};

} // namespace confab::app
