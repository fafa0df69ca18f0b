#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace confab::app {

// Who is typing in the open conversation. Typing signals are at-most-once and a "stopped" may
// never come (the other desktop went to sleep), so each person's entry expires on its own when
// no refresh arrives within the expiry time.
class TypingTracker : public QObject
{
    Q_OBJECT

public:
    explicit TypingTracker(QObject *parent = nullptr);

    void setExpiry(std::chrono::milliseconds expiry);
    std::chrono::milliseconds expiry() const;

    void received(const QString &user, bool active);
    void clear();
    QStringList typers() const; // in the order they started typing
    // "bob is typing…", "bob and carol are typing…", "" when nobody is.
    QString text() const;

Q_SIGNALS:
    void changed();

private:
    void expire();
    void schedule();

    std::chrono::milliseconds m_expiry { 6000 };
    QStringList m_order;
    QHash<QString, qint64> m_expiresAt; // monotonic ms
    QTimer m_timer;
};

} // namespace confab::app
