#pragma once

#include <QObject>

namespace confab::client {

// Whether the machine has a network, as far as the operating system knows. ConnectionSupervisor
// pauses retrying while it is down and reconnects at once when it comes back. Subclasses report
// through setReachable(); ManualNetworkMonitor lets tests (and platforms without a backend) drive
// it, SystemNetworkMonitor follows QNetworkInformation.
class NetworkMonitor : public QObject
{
    Q_OBJECT

public:
    explicit NetworkMonitor(QObject *parent = nullptr) : QObject(parent) {}

    // Unknown counts as reachable: without a backend we must not stop trying.
    bool isReachable() const { return m_reachable; }

Q_SIGNALS:
    void reachabilityChanged(bool reachable);

protected:
    void setReachable(bool reachable)
    {
        if (reachable == m_reachable)
            return;
        m_reachable = reachable;
        Q_EMIT reachabilityChanged(reachable);
    }

private:
    bool m_reachable = true;
};

// Driven by hand: tests, and the fallback where the system offers no reachability backend.
class ManualNetworkMonitor : public NetworkMonitor
{
    Q_OBJECT

public:
    using NetworkMonitor::NetworkMonitor;
    using NetworkMonitor::setReachable;
};

} // namespace confab::client
