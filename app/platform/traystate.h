#pragma once

#include "client/connection/connectionstatus.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace confab::app {

// What the tray shows, as plain state the app fills in: the worst connection of all accounts,
// the unread count and do-not-disturb, summarised into a tooltip and an icon name. Kept apart from
// TrayIcon so it is testable without a tray host, and so QML can show the same state. The menu's
// actions arrive here as requests; the app decides what they do.
class TrayState : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("TrayState is created by the application")
    Q_PROPERTY(QString phase READ phase NOTIFY phaseChanged)
    Q_PROPERTY(int unread READ unread NOTIFY unreadChanged)
    Q_PROPERTY(QString toolTip READ toolTip NOTIFY toolTipChanged)
    Q_PROPERTY(QString iconName READ iconName NOTIFY iconNameChanged)
    Q_PROPERTY(bool dndActive READ dndActive NOTIFY dndActiveChanged)
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)

public:
    // `available` starts as QSystemTrayIcon::isSystemTrayAvailable() (false without a GUI app).
    explicit TrayState(QObject *parent = nullptr);

    // "connected" | "connecting" | "offline" | "stopped"
    QString phase() const { return m_phase; }
    int unread() const { return m_unread; }
    QString toolTip() const { return m_toolTip; }
    // "confab" | "confab-unread" | "confab-offline"
    QString iconName() const { return m_iconName; }
    bool dndActive() const { return m_dndActive; }
    bool available() const { return m_available; }

    // One phase per account; the worst wins: stopped > offline (waiting or offline) > connecting
    // > connected. Idle accounts (signed out) do not count; none at all reads as offline.
    void setConnectionPhases(const QList<client::ConnectionStatus::Phase> &phases);
    void setPhase(client::ConnectionStatus::Phase phase);
    void setUnread(int unread);
    void setDndActive(bool active);
    void setAvailable(bool available);

    Q_INVOKABLE void open();
    Q_INVOKABLE void toggleDnd();
    Q_INVOKABLE void quit();

Q_SIGNALS:
    void phaseChanged();
    void unreadChanged();
    void toolTipChanged();
    void iconNameChanged();
    void dndActiveChanged();
    void availableChanged();

    void openRequested();
    void toggleDndRequested();
    void quitRequested();

private:
    void recompute();

    client::ConnectionStatus::Phase m_worst = client::ConnectionStatus::Phase::Idle;
    QString m_phase;
    int m_unread = 0;
    QString m_toolTip;
    QString m_iconName;
    bool m_dndActive = false;
    bool m_available = false;
};

} // namespace confab::app
