#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <chrono>
#include <memory>

// Runs confab-notification-recorder (CONFAB_NOTIFICATION_RECORDER_BIN) on the test's session bus
// (run the test under with-dbus-session.sh) and collects what it was asked to show.
class NotificationRecorderProcess : public QObject
{
    Q_OBJECT

public:
    // One Notify call as the daemon received it.
    struct Record {
        uint id = 0;
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions; // [id, label, id, label, ...]
        int urgency = -1; // -1: no urgency hint
        QJsonObject hints;
        int expireTimeout = 0;
        QStringList actionIds() const; // every other entry of `actions`
        QStringList actionLabels() const;
    };

    explicit NotificationRecorderProcess(QObject *parent = nullptr);
    ~NotificationRecorderProcess() override;

    static QString binaryPath();

    // Starts the recorder and waits until it owns org.freedesktop.Notifications.
    bool start(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void stop();
    bool isRunning() const;
    QString errorString() const { return m_errorString; }

    QList<Record> notifications() const { return m_records; }
    QList<uint> closedIds() const { return m_closed; }
    // Waits (running the event loop) until at least `count` Notify calls were recorded.
    bool waitForCount(int count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Makes the daemon emit ActionInvoked(id, action), as a click on a button does.
    void invoke(uint id, const QString &action);
    // Makes the daemon emit NotificationClosed(id, reason) (2: dismissed by the user).
    void close(uint id, uint reason = 2);

Q_SIGNALS:
    void notified(const NotificationRecorderProcess::Record &record);

private:
    void readOutput();
    void send(const QByteArray &line);

    std::unique_ptr<QProcess> m_process;
    QByteArray m_buffer;
    bool m_ready = false;
    QList<Record> m_records;
    QList<uint> m_closed;
    QString m_errorString;
};
