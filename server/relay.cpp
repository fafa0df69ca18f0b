#include "relay.h"

#include "authenticator.h"
#include "clientsession.h"
#include "frontdoor.h"
#include "relaylog.h"
#include "sqliteeventstore.h"
#include "streamhub.h"

#include "protocol/protocolversion.h"

#include <QWebSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

Relay::Relay(const RelayConfig &config, QObject *parent) : QObject(parent), m_config(config)
{
    m_shutdownGrace.setSingleShot(true);
    connect(&m_shutdownGrace, &QTimer::timeout, this, [this] {
        qCWarning(lcRelay) << m_sessions.size() << "client(s) did not finish the close handshake in time";
        finishShutdown();
    });
}

Relay::~Relay()
{
    // Sessions refer to the store, hub and authenticator: they go first.
    dropSessions();
    // Finished sessions waiting for their deferred delete, too.
    qDeleteAll(findChildren<ClientSession *>(Qt::FindDirectChildrenOnly));
    m_frontDoor.reset();
    m_authenticator.reset();
    if (m_store)
        m_store->close();
}

bool Relay::start()
{
    if (m_state != State::Idle) {
        m_errorString = u"the relay was already started"_s;
        return false;
    }
    auto opened = SqliteEventStore::open(m_config.dataDir);
    if (!opened.ok()) {
        m_errorString = opened.error().message;
        return false;
    }
    m_store = std::move(opened.value());
    m_hub = std::make_unique<StreamHub>();
    m_authenticator = std::make_unique<Authenticator>(*m_store);
    m_frontDoor = std::make_unique<FrontDoor>(m_config);
    connect(m_frontDoor.get(), &FrontDoor::webSocketConnected, this, &Relay::onWebSocket);
    if (!m_frontDoor->listen()) {
        m_errorString = u"cannot listen on %1 port %2: %3"_s.arg(m_config.listenAddress.toString(),
                                                                 QString::number(m_config.port),
                                                                 m_frontDoor->errorString());
        m_frontDoor.reset();
        m_authenticator.reset();
        m_store->close();
        m_store.reset();
        return false;
    }
    m_state = State::Running;
    qCInfo(lcRelay).noquote() << "serving" << url().toString() << "with data in" << m_config.dataDir;
    Q_EMIT started(url());
    return true;
}

QUrl Relay::url() const
{
    if (!m_frontDoor)
        return {};
    QUrl url;
    url.setScheme(u"ws"_s);
    url.setHost(m_frontDoor->serverAddress().toString());
    url.setPort(m_frontDoor->serverPort());
    url.setPath(protocol::kWebSocketPath);
    return url;
}

quint16 Relay::port() const
{
    return m_frontDoor ? m_frontDoor->serverPort() : 0;
}

void Relay::onWebSocket(QWebSocket *socket)
{
    if (m_state != State::Running) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    auto *session = new ClientSession(socket, {*m_store, *m_hub, *m_authenticator, m_config}, this);
    m_sessions.append(session);
    connect(session, &ClientSession::finished, this, [this, session] { onSessionFinished(session); });
}

void Relay::onSessionFinished(ClientSession *session)
{
    if (m_sessions.removeOne(session))
        session->deleteLater();
    if (m_state == State::ShuttingDown && m_sessions.isEmpty())
        finishShutdown();
}

void Relay::shutdown()
{
    if (m_state != State::Running)
        return;
    m_state = State::ShuttingDown;
    qCInfo(lcRelay) << "shutting down;" << m_sessions.size() << "client(s) connected";
    m_frontDoor->close();
    if (m_sessions.isEmpty()) {
        finishShutdown();
        return;
    }
    const QList<ClientSession *> sessions = m_sessions;
    for (ClientSession *session : sessions)
        session->closeGoingAway();
    m_shutdownGrace.start(m_config.shutdownGrace);
}

void Relay::finishShutdown()
{
    if (m_state != State::ShuttingDown)
        return;
    m_shutdownGrace.stop();
    dropSessions();
    m_store->close();
    m_state = State::Stopped;
    qCInfo(lcRelay) << "stopped";
    Q_EMIT stopped();
}

void Relay::dropSessions()
{
    const QList<ClientSession *> sessions = std::exchange(m_sessions, {});
    for (ClientSession *session : sessions) {
        session->disconnect(this);
        session->abort();
        delete session;
    }
}

} // namespace confab::relay
