#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QSystemTrayIcon;

namespace confab::app {

// One desktop notification as the app wants it shown. `key` identifies it: showing the same key
// again replaces the earlier one. Plain text only: the backends escape what they must.
struct DesktopNotification {
    struct Action {
        QString id; // "default" is a click on the notification itself
        QString label;
        friend bool operator==(const Action &, const Action &) = default;
    };
    QString key;
    QString title;
    QString body;
    int priority = 3; // 1..5 as in a notification; chat messages use 3
    QList<Action> actions;
    QString category; // freedesktop category, "im.received" for chat; empty for topic notifications
    QString accountId;
    QString stream;
    qint64 seq = 0;
    friend bool operator==(const DesktopNotification &, const DesktopNotification &) = default;
};

// The platform's way of raising notifications: org.freedesktop.Notifications on Linux desktops,
// the tray icon's balloon messages elsewhere (one backend file per platform). Fire and forget:
// show() never blocks on a missing or slow notification service.
class DesktopNotifier : public QObject
{
    Q_OBJECT

public:
    explicit DesktopNotifier(QObject *parent = nullptr);
    ~DesktopNotifier() override;

    virtual void show(const DesktopNotification &notification) = 0;
    virtual void withdraw(const QString &key) = 0;
    virtual QString backendName() const = 0; // "freedesktop" | "tray"

    // Freedesktop notifications on Linux when the session bus has (or can start) a notification
    // service; the tray's messages otherwise. `tray` may be null (then the tray backend is silent).
    static std::unique_ptr<DesktopNotifier> createForPlatform(
        QSystemTrayIcon *tray, QObject *parent = nullptr);

Q_SIGNALS:
    // The user clicked the notification (`actionId` "default") or one of its buttons.
    void activated(const QString &key, const QString &actionId);
};

} // namespace confab::app
