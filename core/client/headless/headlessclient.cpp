#include "headlessclient.h"

#include "protocol/codec.h"
#include "stdinreader.h"

#include <QJsonDocument>

#include <cstdio>

namespace confab::headless {

using namespace Qt::StringLiterals;
using client::ClientEngine;

namespace {
// How long quit (or the end of input) waits for the relay to answer what is still in flight.
constexpr auto kDrainTimeout = std::chrono::seconds(5);
} // namespace

HeadlessClient::HeadlessClient(ClientEngine *engine, StdinReader *input, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_input(input)
{
    connect(m_engine, &ClientEngine::stateChanged, this, &HeadlessClient::onStateChanged);
    connect(m_engine, &ClientEngine::authenticated, this, &HeadlessClient::onAuthenticated);
    connect(m_engine, &ClientEngine::connectionError, this, &HeadlessClient::onConnectionError);
    connect(m_engine, &ClientEngine::subscribed, this, &HeadlessClient::onSubscribed);
    connect(m_engine, &ClientEngine::messageReceived, this, &HeadlessClient::onMessage);
    connect(m_engine, &ClientEngine::messageAcknowledged, this, &HeadlessClient::onAcknowledged);
    connect(m_engine, &ClientEngine::messageFailed, this, &HeadlessClient::onMessageFailed);
    connect(m_engine, &ClientEngine::requestFailed, this, &HeadlessClient::onRequestFailed);
    connect(m_input, &StdinReader::lineRead, this, &HeadlessClient::handleLine);
    connect(m_input, &StdinReader::finished, this, &HeadlessClient::quit);

    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(kDrainTimeout);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        const qsizetype open = m_unacknowledged.size() + m_pendingSubscribes.size();
        printEvent("disconnected"_L1, {{"reason"_L1, u"quit with unanswered requests"_s}});
        finish(kExitConnectionFailed,
               u"%1 request(s) were not answered by the relay in time."_s.arg(open));
    });
}

void HeadlessClient::start(const QUrl &relayUrl, const QString &userName, const QString &password,
                           const QStringList &streams)
{
    for (const QString &stream : streams)
        subscribe(stream);
    m_engine->connectToRelay(relayUrl, userName, password);
}

void HeadlessClient::onStateChanged(ClientEngine::State state)
{
    // Failures arrive through connectionError(); here only the end of a requested quit.
    if (state == ClientEngine::State::Disconnected && m_quitting && m_engine->lastError().isEmpty()) {
        printEvent("disconnected"_L1, {{"reason"_L1, u"quit"_s}});
        finish(kExitOk);
    }
}

void HeadlessClient::onAuthenticated(const QString &userName)
{
    printEvent("connected"_L1, {{"user"_L1, userName}});
    m_input->start();
}

void HeadlessClient::onConnectionError(const QString &description)
{
    printEvent("disconnected"_L1, {{"reason"_L1, description}});
    const bool authFailed = m_engine->lastFailure() == ClientEngine::Failure::AuthFailed;
    finish(authFailed ? kExitAuthFailed : kExitConnectionFailed, description);
}

void HeadlessClient::onSubscribed(const QString &stream, qint64 headSeq)
{
    for (auto it = m_pendingSubscribes.begin(); it != m_pendingSubscribes.end(); ++it) {
        if (it.value() == stream) {
            m_pendingSubscribes.erase(it);
            break;
        }
    }
    printEvent("subscribed"_L1, {{"stream"_L1, stream}, {"seq"_L1, headSeq}});
    disconnectWhenDrained();
}

void HeadlessClient::onMessage(const protocol::Message &message)
{
    printEvent("message"_L1, {{"stream"_L1, message.stream},
                              {"seq"_L1, message.seq},
                              {"ts"_L1, message.ts},
                              {"sender"_L1, message.sender},
                              {"client_msg_id"_L1, message.clientMsgId},
                              {"text"_L1, message.text}});
}

void HeadlessClient::onAcknowledged(const QString &stream, const QString &clientMsgId, qint64 seq)
{
    m_unacknowledged.remove(clientMsgId);
    printEvent("ack"_L1, {{"stream"_L1, stream}, {"client_msg_id"_L1, clientMsgId}, {"seq"_L1, seq}});
    disconnectWhenDrained();
}

void HeadlessClient::onMessageFailed(const QString &stream, const QString &clientMsgId,
                                     const protocol::Error &error)
{
    m_unacknowledged.remove(clientMsgId);
    m_errorAlreadyPrinted = error.id;
    printEvent("error"_L1, {{"id"_L1, error.id},
                            {"code"_L1, protocol::errorCodeName(error.code)},
                            {"message"_L1, error.message},
                            {"stream"_L1, stream},
                            {"client_msg_id"_L1, clientMsgId}});
    disconnectWhenDrained();
}

void HeadlessClient::onRequestFailed(const protocol::Error &error)
{
    if (!error.id.isEmpty() && error.id == std::exchange(m_errorAlreadyPrinted, {}))
        return;
    QJsonObject fields{{"id"_L1, error.id},
                       {"code"_L1, protocol::errorCodeName(error.code)},
                       {"message"_L1, error.message}};
    if (const QString stream = m_pendingSubscribes.take(error.id); !stream.isEmpty())
        fields.insert("stream"_L1, stream);
    printEvent("error"_L1, fields);
    disconnectWhenDrained();
}

void HeadlessClient::handleLine(const QString &line)
{
    if (m_quitting)
        return;
    const QString command = line.section(u' ', 0, 0);
    if (command == "send"_L1) {
        const QString stream = line.section(u' ', 1, 1);
        const QString text = line.section(u' ', 2);
        if (stream.isEmpty() || text.isEmpty()) {
            printEvent("error"_L1, {{"code"_L1, u"invalid_command"_s},
                                    {"message"_L1, u"usage: send <stream> <text>"_s}});
            return;
        }
        m_unacknowledged.insert(m_engine->sendMessage(stream, text));
    } else if (command == "subscribe"_L1 && !line.section(u' ', 1, 1).isEmpty()) {
        subscribe(line.section(u' ', 1, 1));
    } else if (command == "quit"_L1) {
        quit();
    } else if (!line.trimmed().isEmpty()) {
        printEvent("error"_L1,
                   {{"code"_L1, u"invalid_command"_s},
                    {"message"_L1, u"unknown command; use: send <stream> <text>, subscribe <stream>, quit"_s}});
    }
}

void HeadlessClient::subscribe(const QString &stream)
{
    m_pendingSubscribes.insert(m_engine->subscribe(stream), stream);
}

void HeadlessClient::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    m_drainTimer.start();
    disconnectWhenDrained();
}

void HeadlessClient::disconnectWhenDrained()
{
    if (m_quitting && m_unacknowledged.isEmpty() && m_pendingSubscribes.isEmpty()) {
        m_drainTimer.stop();
        m_engine->disconnectFromRelay();
    }
}

void HeadlessClient::finish(int exitCode, const QString &complaint)
{
    if (m_finished)
        return;
    m_finished = true;
    m_drainTimer.stop();
    if (!complaint.isEmpty())
        std::fprintf(stderr, "confab-headless: %s\n", qUtf8Printable(complaint));
    Q_EMIT finished(exitCode);
}

void HeadlessClient::printEvent(QLatin1StringView event, const QJsonObject &fields)
{
    // "event" first, for people reading along; QJsonObject would sort it among the other keys.
    QByteArray line = R"({"event":")" + QByteArray(event.data(), event.size()) + '"';
    const QByteArray rest = QJsonDocument(fields).toJson(QJsonDocument::Compact);
    if (rest.size() > 2)
        line += ',' + rest.mid(1);
    else
        line += '}';
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

} // namespace confab::headless
