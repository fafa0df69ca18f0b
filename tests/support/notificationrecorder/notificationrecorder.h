#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

// A stand-in notification daemon for tests: serves org.freedesktop.Notifications on a session bus
// and prints every Notify call as one JSON line on stdout, so a test sees exactly what a desktop
// would have shown. ActionInvoked and NotificationClosed are sent when the test asks (stdin).
class NotificationRecorder : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    explicit NotificationRecorder(const QDBusConnection &bus, QObject *parent = nullptr);

    // "invoke <id> <action>" | "close <id> [reason]"; false for anything else.
    bool runCommand(const QString &line);

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
        const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout);
    void CloseNotification(uint id);
    QStringList GetCapabilities() const;
    QString GetServerInformation(QString &vendor, QString &version, QString &specVersion) const;

Q_SIGNALS:
    void NotificationClosed(uint id, uint reason);
    void ActionInvoked(uint id, const QString &actionKey);

private:
    void print(const QJsonObject &record);

    QDBusConnection m_bus;
    uint m_nextId = 1;
};
