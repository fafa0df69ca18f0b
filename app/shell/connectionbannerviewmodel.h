#pragma once

#include "client/connection/connectionstatus.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <functional>

namespace confab::client {
class Account;
}

namespace confab::app {

// The bar above the conversation that says what the current account's connection is doing:
// nothing while connected, "Connecting…", "Reconnecting… retrying in 8 s" with a live countdown,
// "Offline — waiting for the network", or the error that stopped it. Silent disconnects are what
// users of other chat apps complain about most, so the banner also turns into an alert once the
// account has been down longer than offlineAlertSeconds.
class ConnectionBannerViewModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ConnectionBannerViewModel is created by the application")

    Q_PROPERTY(QString phase READ phase NOTIFY changed)
    Q_PROPERTY(bool visible READ isVisible NOTIFY changed)
    Q_PROPERTY(QString text READ text NOTIFY changed)
    Q_PROPERTY(int secondsToRetry READ secondsToRetry NOTIFY changed)
    Q_PROPERTY(QString lastError READ lastError NOTIFY changed)
    Q_PROPERTY(bool offlineTooLong READ offlineTooLong NOTIFY changed)
    Q_PROPERTY(QString offlineSinceText READ offlineSinceText NOTIFY changed)
    Q_PROPERTY(bool canRetryNow READ canRetryNow NOTIFY changed)
    // Connected over the HTTP fallback (a proxy blocks WebSocket): "via HTTP fallback" (the banner
    // then says "Connected via HTTP fallback"); empty otherwise.
    Q_PROPERTY(QString transportText READ transportText NOTIFY changed)
    Q_PROPERTY(int offlineAlertSeconds READ offlineAlertSeconds WRITE setOfflineAlertSeconds
                   NOTIFY offlineAlertSecondsChanged)

public:
    using Clock = std::function<QDateTime()>;

    explicit ConnectionBannerViewModel(QObject *parent = nullptr);

    // The account whose connection is shown (nullptr: none, the banner hides).
    void setAccount(client::Account *account);
    client::Account *account() const;

    // Tests: a fixed clock and a faster tick.
    void setClock(Clock clock);
    void setTickInterval(std::chrono::milliseconds interval);

    QString phase() const;
    bool isVisible() const;
    QString text() const;
    int secondsToRetry() const;
    QString lastError() const;
    bool offlineTooLong() const;
    QString offlineSinceText() const;
    bool canRetryNow() const;
    QString transportText() const;
    int offlineAlertSeconds() const;
    void setOfflineAlertSeconds(int seconds);

    Q_INVOKABLE void retryNow();

Q_SIGNALS:
    void changed();
    void offlineAlertSecondsChanged();

private:
    struct View {
        QString phase;
        QString text;
        int secondsToRetry = 0;
        QString lastError;
        bool offlineTooLong = false;
        QString offlineSinceText;
        QString transportText;
        friend bool operator==(const View &, const View &) = default;
    };

    void onStatusChanged(const client::ConnectionStatus &status);
    void refresh();
    View compute() const;

    QPointer<client::Account> m_account;
    QMetaObject::Connection m_statusConnection;
    client::ConnectionStatus m_status;
    // When the account was first seen down: the supervisor only knows "offline since" for accounts
    // that connected once, but an app started without a network must warn as well.
    QDateTime m_downSince;
    int m_offlineAlertSeconds = 300;
    Clock m_clock;
    QTimer m_tick;
    View m_view;
};

} // namespace confab::app
