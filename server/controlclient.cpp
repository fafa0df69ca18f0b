#include "controlclient.h"

#include "controlchannel.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QLocalSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

ControlClient::Result ControlClient::request(const QString &dataDir, const QJsonObject &request, int timeoutMs)
{
    Result result;
    QLocalSocket socket;
    socket.connectToServer(ControlChannel::socketPath(dataDir));
    if (!socket.waitForConnected(timeoutMs)) {
        result.relayRunning = false;
        result.error = u"no relay running for %1"_s.arg(dataDir);
        return result;
    }
    socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    const QDeadlineTimer deadline(timeoutMs);
    while (!socket.canReadLine()) {
        if (socket.state() != QLocalSocket::ConnectedState && !socket.bytesAvailable())
            break;
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(deadline.remainingTime())))
            break;
    }
    if (!socket.canReadLine()) {
        result.error = u"the relay for %1 did not answer"_s.arg(dataDir);
        return result;
    }
    const QJsonDocument reply = QJsonDocument::fromJson(socket.readLine());
    if (!reply.isObject()) {
        result.error = u"the relay for %1 sent an unreadable answer"_s.arg(dataDir);
        return result;
    }
    result.reply = reply.object();
    return result;
}

} // namespace confab::relay
