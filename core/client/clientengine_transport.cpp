// ClientEngine::Private: the HTTP fallback transport and the way back to the WebSocket. The
// session itself (hello, resume, outbox, cursors) does not change with the transport: frames go
// out through sendFrame() and come in through receiveFrame() whichever carries them.
#include "clientengine_p.h"

#include "connectionerrors.h"
#include "protocol/codec.h"
#include "tlstrust.h"
#include "transport/eventstreamtransport.h"

#include <QAuthenticator>
#include <QNetworkRequest>
#include <QSslSocket>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

QString ClientEngine::Private::transport() const
{
    if (state != State::Connected)
        return {};
    // One read of the guarded pointer (optimised builds warn about a second).
    if (const EventStreamTransport *stream = eventStream.data())
        return stream->kind();
    return u"websocket"_s;
}

bool ClientEngine::Private::upgradeHangs() const
{
    const QWebSocket *webSocket = socket.data();
    if (!webSocket || eventStream)
        return false;
    const auto *tcp = webSocket->findChild<QAbstractSocket *>();
    return tcp && tcp->state() == QAbstractSocket::ConnectedState;
}

void ClientEngine::Private::openEventStream(const ConnectionProblem &why)
{
    qCInfo(lcClient).noquote() << "the WebSocket upgrade failed (" << why.description
                               << "); trying the HTTP fallback";
    upgradeFailure = why;
    releaseWebSocket(false);
    auto *stream = new EventStreamTransport(q);
    stream->setProxy(proxy);
    stream->setPinnedCertificate(pinnedCertificate);
    // As on the WebSocket: the end of the stream queues behind the frames that came before it.
    QObject::connect(stream, &Transport::connected, q, [this] { inbox.after([this] { onStreamConnected(); }); });
    QObject::connect(stream, &Transport::frameReceived, q, [this](const QByteArray &frame) { receiveFrame(frame); });
    QObject::connect(stream, &Transport::activity, q, [this] { watchdog.activity(); });
    QObject::connect(stream, &Transport::disconnected, q, [this](int code, const QString &reason) {
        inbox.after([this, code, reason] { onStreamDisconnected(code, reason); });
    });
    QObject::connect(stream, &Transport::failed, q, [this](const QString &detail) {
        inbox.after([this, detail] { onStreamFailed(detail); });
    });
    eventStream = stream;
    stream->open(url);
}

void ClientEngine::Private::releaseEventStream()
{
    webSocketRetryTimer.stop();
    EventStreamTransport *stream = eventStream;
    eventStream = nullptr;
    if (!stream)
        return;
    inbox.clear(); // none of its frames may reach the next session (or the adopted WebSocket's)
    QObject::disconnect(stream, nullptr, q, nullptr);
    stream->abort(); // the relay ends the session when the stream's connection closes
    stream->deleteLater();
}

void ClientEngine::Private::onStreamConnected()
{
    if (state != State::Connecting)
        return;
    qCInfo(lcClient).noquote() << "connected to" << relayAddress(url) << "over the HTTP fallback";
    webSocketRetryTimer.start();
    sendHello();
}

void ClientEngine::Private::onStreamDisconnected(int closeCode, const QString &reason)
{
    if (!eventStream || state == State::Disconnected)
        return;
    if (!logoutRequestId.isEmpty()) {
        finishLogout();
        return;
    }
    const auto code = QWebSocketProtocol::CloseCode(closeCode);
    const ConnectionProblem problem = describeClose(url, code, reason, true);
    if (code == QWebSocketProtocol::CloseCodeTooMuchData)
        dropTooLargeRequest();
    fail(problem.failure, problem.description);
    if (problem.failure == Failure::LoggedOut)
        Q_EMIT q->loggedOut();
}

void ClientEngine::Private::onStreamFailed(const QString &detail)
{
    if (!eventStream || state == State::Disconnected)
        return;
    qCInfo(lcClient).noquote() << "the HTTP fallback failed:" << detail;
    if (!logoutRequestId.isEmpty()) {
        finishLogout();
        return;
    }
    if (state == State::Connecting && upgradeFailure) {
        // Neither way in worked: say what the WebSocket met, the first and usual way in.
        const ConnectionProblem problem = *upgradeFailure;
        fail(problem.failure, problem.description);
        return;
    }
    fail(Failure::ConnectionLost, u"The connection to the relay at %1 was lost."_s.arg(relayAddress(url)));
}

void ClientEngine::Private::probeWebSocket()
{
    if (state != State::Connected || !eventStream || upgradeProbe || !logoutRequestId.isEmpty())
        return;
    qCDebug(lcClient) << "trying the WebSocket again beside the HTTP fallback";
    auto *probe = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    probe->setProxy(proxy);
    upgradeProbe = probe;
    QObject::connect(probe, &QWebSocket::sslErrors, q, [this, probe](const QList<QSslError> &errors) {
        // The trust decision of the session: the pinned certificate only, with its own errors.
        QList<QSslCertificate> chain;
        if (const auto *tls = probe->findChild<QSslSocket *>())
            chain = tls->peerCertificateChain();
        if (!pinnedCertificate.isEmpty()
            && TlsTrust::sha256(TlsTrust::leafCertificate(errors, chain)) == pinnedCertificate)
            probe->ignoreSslErrors(errors);
    });
    QObject::connect(probe, &QWebSocket::proxyAuthenticationRequired, q,
                     [this](const QNetworkProxy &, QAuthenticator *authenticator) {
                         if (!proxy.user().isEmpty()) {
                             authenticator->setUser(proxy.user());
                             authenticator->setPassword(proxy.password());
                         }
                     });
    // Adopted only after the frames the stream delivered before: they belong to its session, and
    // the move resumes every subscription from the marks those frames advance.
    QObject::connect(probe, &QWebSocket::connected, q, [this, probe] {
        inbox.after([this, probe = QPointer<QWebSocket>(probe)] {
            if (probe)
                adoptProbe(probe);
        });
    });
    const auto givenUp = [this, probe] {
        if (probe == upgradeProbe) {
            qCDebug(lcClient) << "the WebSocket is still refused:" << probe->errorString();
            releaseProbe();
        }
    };
    QObject::connect(probe, &QWebSocket::disconnected, q, givenUp);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    QObject::connect(probe, &QWebSocket::errorOccurred, q, givenUp);
#else
    QObject::connect(probe, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q, givenUp);
#endif
    // A probe that hangs is given up with the connect timeout; the fallback carries on meanwhile.
    QTimer::singleShot(connectTimer.intervalAsDuration(), probe, [this, probe] {
        if (probe == upgradeProbe)
            releaseProbe();
    });
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({QString(proto::kSubprotocol)});
    probe->open(QNetworkRequest(url), options);
}

void ClientEngine::Private::releaseProbe()
{
    QWebSocket *probe = upgradeProbe;
    upgradeProbe = nullptr;
    if (!probe)
        return;
    QObject::disconnect(probe, nullptr, q, nullptr);
    probe->abort();
    probe->deleteLater();
}

void ClientEngine::Private::adoptProbe(QWebSocket *probe)
{
    if (probe != upgradeProbe)
        return;
    if (probe->subprotocol() != proto::kSubprotocol || state != State::Connected || !eventStream
        || !logoutRequestId.isEmpty()) {
        releaseProbe();
        return;
    }
    // The WebSocket works again: the session moves there as a reconnect does. The ledger resends
    // every unacknowledged request with its client_msg_id (the relay takes each once) and every
    // subscription resumes from its mark (the cursors drop what the stream delivered already).
    qCInfo(lcClient).noquote() << "the WebSocket to" << relayAddress(url)
                               << "works again; moving the session off the HTTP fallback";
    QObject::disconnect(probe, nullptr, q, nullptr);
    upgradeProbe = nullptr;
    watchdog.stop();
    releaseEventStream();
    endSession();
    wireSocket(probe);
    socket = probe;
    upgradeFailure.reset();
    connectTimer.start();
    sendHello(); // Connected -> Authenticating -> Connected, never Disconnected
}

void ClientEngine::setWebSocketRetryInterval(std::chrono::milliseconds interval)
{
    d->webSocketRetryTimer.setInterval(std::max(interval, std::chrono::milliseconds(1)));
}

std::chrono::milliseconds ClientEngine::webSocketRetryInterval() const
{
    return d->webSocketRetryTimer.intervalAsDuration();
}

QString ClientEngine::transport() const
{
    return d->transport();
}

} // namespace confab::client
