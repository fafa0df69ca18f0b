#include "platform/freedesktopnotifier.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>
#include <QStringList>
#include <QVariantMap>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFreedesktopNotifier, "confab.app.notifier")

namespace confab::app {

namespace {

const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;
const QString kInterface = u"org.freedesktop.Notifications"_s;
const QString kDefaultAction = u"default"_s;

} // namespace

FreedesktopNotifier::FreedesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : DesktopNotifier(parent), m_bus(bus)
{
    // Signals are broadcast to every client: only ids we were given are ours (see m_keyById).
    m_bus.connect(
        kService, kPath, kInterface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(
        kService, kPath, kInterface, u"NotificationClosed"_s, this, SLOT(onNotificationClosed(uint, uint)));
    // A server with body-markup reads <b> and <a> in bodies: people's text is escaped for it, and
    // only for it (another would show "&amp;"). Escaped until the server has answered.
    const QDBusMessage capabilities =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, u"GetCapabilities"_s);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(capabilities), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *call) {
        const QDBusPendingReply<QStringList> reply = *call;
        if (reply.isValid())
            m_bodyMarkup = reply.value().contains(u"body-markup"_s);
        call->deleteLater();
    });
}

FreedesktopNotifier::~FreedesktopNotifier()
{
    m_bus.disconnect(
        kService, kPath, kInterface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint, QString)));
    m_bus.disconnect(
        kService, kPath, kInterface, u"NotificationClosed"_s, this, SLOT(onNotificationClosed(uint, uint)));
}

bool FreedesktopNotifier::serviceAvailable(const QDBusConnection &bus)
{
    if (!bus.isConnected() || !bus.interface())
        return false;
    if (bus.interface()->isServiceRegistered(kService).value())
        return true;
    return bus.interface()->activatableServiceNames().value().contains(kService);
}

uchar FreedesktopNotifier::urgencyFor(int priority)
{
    if (priority <= 2)
        return 0;
    if (priority == 3)
        return 1;
    return 2;
}

QString FreedesktopNotifier::backendName() const
{
    return u"freedesktop"_s;
}

void FreedesktopNotifier::show(const DesktopNotification &notification)
{
    if (notification.key.isEmpty())
        return;
    m_withdrawWhenKnown.remove(notification.key);
    if (m_inFlight.contains(notification.key)) {
        m_queued.insert(notification.key, notification); // sent once the first call has its id
        return;
    }
    send(notification);
}

void FreedesktopNotifier::send(const DesktopNotification &notification)
{
    QStringList actions { kDefaultAction, tr("Open") };
    for (const DesktopNotification::Action &action : notification.actions) {
        if (action.id.isEmpty() || action.id == kDefaultAction)
            continue;
        actions << action.id << action.label;
    }
    QVariantMap hints {
        { u"urgency"_s, QVariant::fromValue(urgencyFor(notification.priority)) },
        { u"desktop-entry"_s, u"confab"_s },
    };
    if (!notification.category.isEmpty())
        hints.insert(u"category"_s, notification.category);

    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, u"Notify"_s);
    call << u"Confab"_s << m_idByKey.value(notification.key, 0u) << u"confab"_s << notification.title
         << (m_bodyMarkup ? notification.body.toHtmlEscaped() : notification.body) << actions << hints << qint32(-1);

    const QString key = notification.key;
    m_inFlight.insert(key);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this, key](QDBusPendingCallWatcher *finished) { onNotifyFinished(finished, key); });
}

void FreedesktopNotifier::onNotifyFinished(QDBusPendingCallWatcher *watcher, const QString &key)
{
    watcher->deleteLater();
    m_inFlight.remove(key);
    const QDBusPendingReply<uint> reply = *watcher;
    if (reply.isError()) {
        qCWarning(lcFreedesktopNotifier)
            << "Notify failed:" << reply.error().name() << reply.error().message();
    } else {
        const uint id = reply.value();
        const uint previous = m_idByKey.value(key, 0u);
        if (previous != 0 && previous != id)
            m_keyById.remove(previous);
        m_idByKey.insert(key, id);
        m_keyById.insert(id, key);
    }
    if (m_withdrawWhenKnown.remove(key)) {
        m_queued.remove(key);
        if (const uint id = m_idByKey.value(key, 0u))
            closeId(id);
        return;
    }
    if (m_queued.contains(key))
        send(m_queued.take(key));
}

void FreedesktopNotifier::withdraw(const QString &key)
{
    m_queued.remove(key);
    if (m_inFlight.contains(key)) {
        m_withdrawWhenKnown.insert(key);
        return;
    }
    if (const uint id = m_idByKey.value(key, 0u))
        closeId(id);
}

void FreedesktopNotifier::closeId(uint id)
{
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, u"CloseNotification"_s);
    call << id;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, watcher, &QObject::deleteLater);
}

void FreedesktopNotifier::onActionInvoked(uint id, const QString &action)
{
    const auto it = m_keyById.constFind(id);
    if (it == m_keyById.cend())
        return; // another application's notification
    Q_EMIT activated(it.value(), action);
}

void FreedesktopNotifier::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason);
    const QString key = m_keyById.take(id);
    if (!key.isEmpty() && m_idByKey.value(key) == id)
        m_idByKey.remove(key);
}

} // namespace confab::app
