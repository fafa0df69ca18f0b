#pragma once

#include "platform/desktopnotifier.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include <chrono>

class QTimer;

namespace confab::app {

// Turns floods into summaries. While a stream catches up after a (re)connect, what would be
// shown is collected and, when the catch-up ends, shown as it is (one item) or as ONE summary
// for the stream ("12 new notifications in backups"). Live, at most floodLimit() items per
// stream are shown within floodWindow(); the rest of that window becomes one summary when it
// ends. Memory stays bounded: a batch keeps its count, its highest priority and its latest items.
class NotificationCoalescer : public QObject
{
    Q_OBJECT

public:
    struct Item {
        DesktopNotification notification;
        bool chat = false; // a chat message (else a topic notification)
        QString sender;
        QString text; // what a summary lists: the message text or the notification title
    };

    explicit NotificationCoalescer(QObject *parent = nullptr);
    ~NotificationCoalescer() override;

    int floodLimit() const { return m_floodLimit; }
    void setFloodLimit(int limit);
    std::chrono::milliseconds floodWindow() const { return m_floodWindow; }
    void setFloodWindow(std::chrono::milliseconds window);

    void add(const Item &item, bool catchingUp);
    // The catch-up of this stream ended: shows what it collected.
    void finishCatchUp(const QString &accountId, const QString &stream);
    // Drops everything collected or waiting for an account (it was removed or signed out).
    void clearAccount(const QString &accountId);
    int pendingCount(const QString &accountId, const QString &stream) const;

    // The summary line of `count` items of this stream, e.g. "5 new messages in #general".
    static QString summaryTitle(bool chat, const QString &stream, int count, const QStringList &senders);

Q_SIGNALS:
    // Show this (an item as it came, or a summary).
    void ready(const confab::app::DesktopNotification &notification);

private:
    static constexpr int kLinesInSummary = 3;

    struct Batch {
        int count = 0;
        int maxPriority = 0;
        Item first;
        QList<Item> latest; // the newest kLinesInSummary, oldest first
        QStringList senders;
        void add(const Item &item);
        DesktopNotification result() const;
    };
    struct Window {
        QTimer *timer = nullptr;
        int shown = 0;
        Batch overflow;
    };

    static QString streamKey(const QString &accountId, const QString &stream);
    void addLive(const QString &key, const Item &item);
    void closeWindow(const QString &key);

    int m_floodLimit = 5;
    std::chrono::milliseconds m_floodWindow { 3000 };
    QHash<QString, Batch> m_catchUp;
    QHash<QString, Window> m_windows;
};

} // namespace confab::app
