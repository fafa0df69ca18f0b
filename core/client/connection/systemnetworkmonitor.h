#pragma once

#include "networkmonitor.h"

namespace confab::client {

// The operating system's view of the network, through QNetworkInformation. It loads whichever
// backend reports reachability (on Debian the default NetworkManager backend fails to load, the
// glib one works). Only "disconnected" counts as unreachable: a local-only or unknown network may
// still reach the relay. Without any backend it stays reachable and says so once in the log.
class SystemNetworkMonitor : public NetworkMonitor
{
    Q_OBJECT

public:
    explicit SystemNetworkMonitor(QObject *parent = nullptr);

    // Whether a backend reports reachability (false: always reachable).
    bool hasBackend() const { return m_hasBackend; }

private:
    bool m_hasBackend = false;
};

} // namespace confab::client
