#include "rootviewmodel.h"

#include "applogging.h"
#include "client/clientengine.h"
#include "messagelistmodel.h"
#include "protocol/errorcode.h"
#include "protocol/streamid.h"

using namespace Qt::StringLiterals;

namespace confab::app {

using client::ClientEngine;

RootViewModel::RootViewModel(ClientEngine *engine, const QString &stream, QObject *parent)
    : QObject(parent), m_engine(engine), m_messages(new MessageListModel(this)), m_streamId(stream)
{
    Q_ASSERT(engine);
    connect(engine, &ClientEngine::stateChanged, this, &RootViewModel::syncEngineState);
    connect(engine, &ClientEngine::authenticated, this, [this](const QString &userName) {
        setUserName(userName);
        setConnectionError({});
        openStream();
    });
    connect(engine, &ClientEngine::connectionError, this, [this](const QString &description) {
        qCWarning(lcApp).noquote() << "connection error:" << description;
        setConnectionError(description);
    });
    connect(engine, &ClientEngine::requestFailed, this, [this](const protocol::Error &error) {
        qCWarning(lcApp).noquote() << "request" << error.id
                                   << "failed:" << protocol::errorCodeName(error.code) << error.message;
        setConnectionError(error.message.isEmpty() ? protocol::errorCodeName(error.code) : error.message);
    });
    connect(engine, &ClientEngine::messageReceived, this, [this](const protocol::Message &message) {
        if (message.stream == m_streamId && m_messages->addIncoming(message)) {
            qCDebug(lcApp).noquote() << "showing message" << message.seq << "from" << message.sender << "in"
                                     << message.stream;
        }
    });
    connect(engine, &ClientEngine::messageAcknowledged, this,
        [this](const QString &streamId, const QString &clientMsgId, qint64 seq) {
            if (streamId == m_streamId)
                m_messages->markAcknowledged(clientMsgId, seq);
        });
    syncEngineState();
}

RootViewModel::~RootViewModel() = default;

void RootViewModel::start(const QUrl &relayUrl, const QString &userName, const QString &password)
{
    if (!m_engine)
        return;
    setUserName(userName);
    setConnectionError({});
    qCInfo(lcApp).noquote() << "connecting to" << relayUrl.toDisplayString() << "as" << userName;
    m_engine->connectToRelay(relayUrl, userName, password);
}

void RootViewModel::openStream()
{
    // Once per view model: after a reconnect the engine renews the subscription by itself,
    // resuming after the last message it has.
    if (m_streamOpened || !m_engine)
        return;
    m_streamOpened = true;
    // Joining a public room one is already in is answered at once and stores nothing. The relay
    // handles the subscription and the history request only after the join is committed.
    if (protocol::streamKindOf(m_streamId) == protocol::StreamKind::Room)
        m_engine->join(m_streamId);
    m_engine->subscribe(m_streamId);
    m_engine->fetchHistory(m_streamId, std::nullopt, kRecentHistory);
}

bool RootViewModel::sendMessage(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || !m_engine || m_connectionState != ConnectionState::Connected)
        return false;
    const QString clientMsgId = m_engine->sendMessage(m_streamId, trimmed);
    m_messages->addOutgoing(clientMsgId, trimmed);
    return true;
}

// "room:general" is shown as "general"; the kind is implied by the room header.
QString RootViewModel::roomName() const
{
    const qsizetype colon = m_streamId.indexOf(u':');
    return colon < 0 ? m_streamId : m_streamId.mid(colon + 1);
}

void RootViewModel::setConnectionState(ConnectionState state)
{
    if (m_connectionState == state)
        return;
    m_connectionState = state;
    Q_EMIT connectionStateChanged();
}

void RootViewModel::setConnectionError(const QString &error)
{
    if (m_connectionError == error)
        return;
    m_connectionError = error;
    Q_EMIT connectionErrorChanged();
}

void RootViewModel::setUserName(const QString &userName)
{
    if (m_userName == userName)
        return;
    m_userName = userName;
    m_messages->setOwnUserName(userName);
    Q_EMIT userNameChanged();
}

// People see three states; signing in is part of connecting.
void RootViewModel::syncEngineState()
{
    if (!m_engine) {
        setConnectionState(ConnectionState::Disconnected);
        return;
    }
    switch (m_engine->state()) {
    case ClientEngine::State::Disconnected:
        setConnectionState(ConnectionState::Disconnected);
        return;
    case ClientEngine::State::Connecting:
    case ClientEngine::State::Authenticating:
        setConnectionState(ConnectionState::Connecting);
        return;
    case ClientEngine::State::Connected:
        setConnectionState(ConnectionState::Connected);
        return;
    }
}

} // namespace confab::app
