#include "systemnetworkmonitor.h"

#include <QLoggingCategory>
#include <QNetworkInformation>

#include <atomic>

namespace confab::client {

Q_LOGGING_CATEGORY(lcNetworkMonitor, "confab.client.network", QtInfoMsg)

namespace {

bool reachableFrom(QNetworkInformation::Reachability reachability)
{
    return reachability != QNetworkInformation::Reachability::Disconnected;
}

} // namespace

SystemNetworkMonitor::SystemNetworkMonitor(QObject *parent) : NetworkMonitor(parent)
{
    QNetworkInformation *information = QNetworkInformation::instance();
    if (!information || !information->supports(QNetworkInformation::Feature::Reachability)) {
        QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
        information = QNetworkInformation::instance();
    }
    if (!information || !information->supports(QNetworkInformation::Feature::Reachability)) {
        // Every account has a monitor; one line in the log is enough.
        static std::atomic_bool logged = false;
        if (!logged.exchange(true))
            qCInfo(lcNetworkMonitor) << "no network reachability backend; assuming the network is up";
        return;
    }
    m_hasBackend = true;
    qCDebug(lcNetworkMonitor) << "network reachability from" << information->backendName();
    connect(information, &QNetworkInformation::reachabilityChanged, this,
        [this](QNetworkInformation::Reachability reachability) {
            qCInfo(lcNetworkMonitor) << "network reachability" << reachability;
            setReachable(reachableFrom(reachability));
        });
    setReachable(reachableFrom(information->reachability()));
}

} // namespace confab::client
