#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace confab::relay {

// The admin CLI's side of the control channel: sends one request to the relay serving a data
// folder and waits for its reply. Blocking, which is what a short-lived command wants.
class ControlClient
{
public:
    struct Result {
        std::optional<QJsonObject> reply; // the relay's answer (check "ok")
        bool relayRunning = true;         // false: nobody listens on the data folder's socket
        QString error;                    // why there is no reply
    };

    static Result request(const QString &dataDir, const QJsonObject &request, int timeoutMs = 10'000);
};

} // namespace confab::relay
