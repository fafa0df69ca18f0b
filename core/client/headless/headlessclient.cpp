#include "headlessclient.h"

#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/store/localstore.h"
#include "eventprinter.h"
#include "headlesscommand.h"
#include "protocol/codec.h"
#include "stdinreader.h"

#include <cstdio>

namespace confab::headless {

using namespace Qt::StringLiterals;
using client::ClientEngine;
namespace proto = confab::protocol;
using Kind = HeadlessCommand::Kind;

namespace {
// How long quit (or the end of input) waits for the relay to answer what is still in flight.
constexpr auto kDrainTimeout = std::chrono::seconds(5);

QJsonObject errorFields(const proto::Error &error)
{
    return {{"id"_L1, error.id},
            {"code"_L1, proto::errorCodeName(error.code)},
            {"message"_L1, error.message}};
}
} // namespace

HeadlessClient::HeadlessClient(ClientEngine *engine, StdinReader *input, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_input(input)
    , m_printer(new EventPrinter(engine, this))
{
    connect(m_engine, &ClientEngine::stateChanged, this, &HeadlessClient::onStateChanged);
    connect(m_engine, &ClientEngine::authenticated, this, &HeadlessClient::onAuthenticated);
    connect(m_engine, &ClientEngine::connectionError, this, &HeadlessClient::onConnectionError);
    connect(m_engine, &ClientEngine::subscribed, this, &HeadlessClient::onSubscribed);
    connect(m_engine, &ClientEngine::eventAcknowledged, this, &HeadlessClient::onEventAcknowledged);
    connect(m_engine, &ClientEngine::requestAcknowledged, this, &HeadlessClient::onRequestAcknowledged);
    connect(m_engine, &ClientEngine::historyFetched, this, &HeadlessClient::onHistoryFetched);
    connect(m_engine, &ClientEngine::membersReceived, this, [this](const proto::Members &members) {
        onReply(members.id, "members"_L1, EventPrinter::wireFields(members));
    });
    connect(m_engine, &ClientEngine::streamsReceived, this, [this](const proto::Streams &streams) {
        onReply(streams.id, "streams"_L1, EventPrinter::wireFields(streams));
    });
    connect(m_engine, &ClientEngine::eventFailed, this, &HeadlessClient::onEventFailed);
    connect(m_engine, &ClientEngine::requestFailed, this, &HeadlessClient::onRequestFailed);
    connect(m_engine, &ClientEngine::requestUnanswered, this, &HeadlessClient::onRequestUnanswered);
    connect(m_input, &StdinReader::lineRead, this, &HeadlessClient::handleLine);
    connect(m_input, &StdinReader::finished, this, &HeadlessClient::quit);

    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(kDrainTimeout);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        const qsizetype open = m_asked.size() + m_pendingSubscribes.size();
        EventPrinter::print("disconnected"_L1, {{"reason"_L1, u"quit with unanswered requests"_s}});
        finish(kExitConnectionFailed, u"%1 request(s) were not answered by the relay in time."_s.arg(open));
    });
}

void HeadlessClient::useAccount(client::Account *account)
{
    m_account = account;
}

void HeadlessClient::start(const QUrl &relayUrl, const QString &userName, const QString &password,
                           const QStringList &streams)
{
    if (m_account) {
        // The account knows the relay and the user; the outbox works before any connection, so
        // commands are read at once.
        for (const QString &stream : streams) {
            if (const QString requestId = m_account->subscribe(stream); !requestId.isEmpty())
                m_pendingSubscribes.insert(requestId, stream);
        }
        m_account->signIn()->setPassword(password);
        m_account->start();
        startInput();
        return;
    }
    for (const QString &stream : streams)
        subscribe(stream);
    m_engine->connectToRelay(relayUrl, userName, password);
}

void HeadlessClient::onStateChanged(ClientEngine::State state)
{
    // Failures arrive through connectionError(); here only the end of a requested quit.
    if (state == ClientEngine::State::Disconnected && m_quitting && m_engine->lastError().isEmpty()) {
        EventPrinter::print("disconnected"_L1, {{"reason"_L1, u"quit"_s}});
        finish(kExitOk);
    }
}

void HeadlessClient::onAuthenticated(const QString &userName)
{
    EventPrinter::print("connected"_L1, {{"user"_L1, userName}});
    startInput();
}

void HeadlessClient::startInput()
{
    if (std::exchange(m_inputStarted, true))
        return;
    m_input->start();
}

void HeadlessClient::onConnectionError(const QString &description)
{
    EventPrinter::print("disconnected"_L1, {{"reason"_L1, description}});
    const ClientEngine::Failure failure = m_engine->lastFailure();
    const bool authFailed = failure == ClientEngine::Failure::AuthFailed;
    if (m_account) {
        // The supervisor tries again after what retrying can fix; the outbox waits meanwhile.
        const bool hopeless = authFailed || failure == ClientEngine::Failure::UntrustedCertificate
            || failure == ClientEngine::Failure::ProxyRefused || failure == ClientEngine::Failure::LoggedOut;
        if (!hopeless)
            return;
    }
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
    EventPrinter::print("subscribed"_L1, {{"stream"_L1, stream}, {"seq"_L1, headSeq}});
    disconnectWhenDrained();
}

void HeadlessClient::onEventAcknowledged(const QString &key, const proto::Ack &ack)
{
    const Asked asked = m_asked.take(key);
    // read and dismiss carry no client_msg_id; their key is the engine's own.
    const bool hasClientMsgId = asked.command != "read"_L1 && asked.command != "dismiss"_L1;
    QJsonObject fields{{"kind"_L1, asked.command},
                       {"stream"_L1, ack.stream.isEmpty() ? asked.stream : ack.stream},
                       {hasClientMsgId ? "client_msg_id"_L1 : "key"_L1, key},
                       {"seq"_L1, ack.seq},
                       {"ts"_L1, ack.ts}};
    if (ack.scheduled) {
        fields.insert("scheduled"_L1, true);
        fields.insert("deliver_at"_L1, ack.deliverAt.value_or(0));
    }
    EventPrinter::print("ack"_L1, fields);
    disconnectWhenDrained();
}

void HeadlessClient::onRequestAcknowledged(const QString &requestId, const proto::Ack &ack)
{
    const Asked asked = m_asked.take(requestId);
    EventPrinter::print("ack"_L1, {{"kind"_L1, asked.command},
                                   {"id"_L1, requestId},
                                   {"stream"_L1, ack.stream.isEmpty() ? asked.stream : ack.stream}});
    disconnectWhenDrained();
}

void HeadlessClient::onHistoryFetched(const QString &requestId, const QString &stream, qint64 lowestSeq,
                                      bool hasMore)
{
    m_asked.remove(requestId);
    EventPrinter::print("history"_L1, {{"id"_L1, requestId},
                                       {"stream"_L1, stream},
                                       {"seq"_L1, lowestSeq},
                                       {"has_more"_L1, hasMore}});
    disconnectWhenDrained();
}

void HeadlessClient::onReply(const QString &requestId, QLatin1StringView event, const QJsonObject &fields)
{
    m_asked.remove(requestId);
    EventPrinter::print(event, fields);
    disconnectWhenDrained();
}

void HeadlessClient::onEventFailed(const QString &key, const proto::Error &error)
{
    const Asked asked = m_asked.take(key);
    m_errorAlreadyPrinted = error.id;
    QJsonObject fields = errorFields(error);
    fields.insert("kind"_L1, asked.command);
    fields.insert("stream"_L1, asked.stream);
    fields.insert("client_msg_id"_L1, key);
    EventPrinter::print("error"_L1, fields);
    disconnectWhenDrained();
}

void HeadlessClient::onRequestFailed(const proto::Error &error)
{
    if (!error.id.isEmpty() && error.id == std::exchange(m_errorAlreadyPrinted, {}))
        return;
    QJsonObject fields = errorFields(error);
    if (const QString stream = m_pendingSubscribes.take(error.id); !stream.isEmpty()) {
        fields.insert("stream"_L1, stream);
    } else if (const auto it = m_asked.constFind(error.id); it != m_asked.cend()) {
        fields.insert("kind"_L1, it->command);
        if (!it->stream.isEmpty())
            fields.insert("stream"_L1, it->stream);
        m_asked.erase(it);
    }
    EventPrinter::print("error"_L1, fields);
    disconnectWhenDrained();
}

void HeadlessClient::onRequestUnanswered(const QString &requestId)
{
    const Asked asked = m_asked.take(requestId);
    const QString why = u"The relay did not answer: the connection is not up."_s;
    EventPrinter::print("error"_L1, {{"id"_L1, requestId},
                                     {"code"_L1, u"unanswered"_s},
                                     {"kind"_L1, asked.command},
                                     {"message"_L1, why}});
    disconnectWhenDrained();
}

void HeadlessClient::handleLine(const QString &line)
{
    if (m_quitting)
        return;
    const auto parsed = parseCommand(line);
    if (const auto *error = std::get_if<CommandError>(&parsed)) {
        EventPrinter::print("error"_L1, {{"code"_L1, u"invalid_command"_s}, {"message"_L1, error->message}});
        return;
    }
    if (const auto &command = std::get<std::optional<HeadlessCommand>>(parsed))
        run(*command);
}

void HeadlessClient::run(const HeadlessCommand &c)
{
    // The command word names the answer; requests without one (typing, presence) get none.
    const auto ask = [&](const QString &id, const QString &command) {
        m_asked.insert(id, {command, c.stream});
    };
    const auto visibility = c.flag ? proto::RoomVisibility::Private : proto::RoomVisibility::Public;
    const int limit = c.limit > 0 ? c.limit : proto::kDefaultHistoryLimit;
    if (m_account && runThroughAccount(c))
        return;
    switch (c.kind) {
    case Kind::Send: return ask(m_engine->sendMessage(c.stream, c.text), u"send"_s);
    case Kind::Reply: return ask(m_engine->sendMessage(c.stream, c.text, c.seq), u"reply"_s);
    case Kind::Edit: return ask(m_engine->editMessage(c.stream, c.seq, c.text), u"edit"_s);
    case Kind::Delete: return ask(m_engine->deleteMessage(c.stream, c.seq), u"delete"_s);
    case Kind::React: return ask(m_engine->react(c.stream, c.seq, c.text), u"react"_s);
    case Kind::Unreact: return ask(m_engine->react(c.stream, c.seq, c.text, true), u"unreact"_s);
    case Kind::Read: return ask(m_engine->markRead(c.stream, c.seq), u"read"_s);
    case Kind::Publish: return ask(m_engine->publish(c.stream, c.notification), u"publish"_s);
    case Kind::Dismiss: return ask(m_engine->dismiss(c.stream, c.seq, c.flag), u"dismiss"_s);
    case Kind::Typing: return m_engine->setTyping(c.stream, c.flag);
    case Kind::Presence: return m_engine->setPresence(c.presence);
    case Kind::CreateRoom:
        return ask(m_engine->createRoom(c.stream, visibility, c.text), u"create-room"_s);
    case Kind::Invite: return ask(m_engine->invite(c.stream, c.users.value(0)), u"invite"_s);
    case Kind::Join: return ask(m_engine->join(c.stream), u"join"_s);
    case Kind::Leave: return ask(m_engine->leave(c.stream), u"leave"_s);
    case Kind::Members: return ask(m_engine->listMembers(c.stream), u"members"_s);
    case Kind::Streams: return ask(m_engine->listStreams(), u"streams"_s);
    case Kind::Dm: return ask(m_engine->openDm(c.users), u"dm"_s);
    case Kind::History: return ask(m_engine->fetchHistory(c.stream, c.number, limit), u"history"_s);
    case Kind::Subscribe: return subscribe(c.stream, c.number, c.epoch);
    case Kind::Unsubscribe: return ask(m_engine->unsubscribe(c.stream), u"unsubscribe"_s);
    case Kind::Quit: return quit();
    }
}

bool HeadlessClient::runThroughAccount(const HeadlessCommand &c)
{
    client::Account *const account = m_account;
    const auto queued = [&](const QString &key, const QString &command) {
        reportQueued(key, command, c.stream);
        return true;
    };
    switch (c.kind) {
    case Kind::Send: return queued(account->sendMessage(c.stream, c.text), u"send"_s);
    case Kind::Reply: return queued(account->sendMessage(c.stream, c.text, c.seq), u"reply"_s);
    case Kind::Edit: return queued(account->editMessage(c.stream, c.seq, c.text), u"edit"_s);
    case Kind::Delete: return queued(account->deleteMessage(c.stream, c.seq), u"delete"_s);
    case Kind::React: return queued(account->react(c.stream, c.seq, c.text), u"react"_s);
    case Kind::Unreact: return queued(account->react(c.stream, c.seq, c.text, true), u"unreact"_s);
    case Kind::Read: return queued(account->markRead(c.stream, c.seq), u"read"_s);
    case Kind::Publish: return queued(account->publish(c.stream, c.notification), u"publish"_s);
    case Kind::Dismiss: return queued(account->dismiss(c.stream, c.seq, c.flag), u"dismiss"_s);
    case Kind::Subscribe:
        if (c.number)
            return false; // an explicit position: the engine's own subscribe
        if (const QString requestId = account->subscribe(c.stream); !requestId.isEmpty())
            m_pendingSubscribes.insert(requestId, c.stream);
        return true;
    case Kind::Unsubscribe:
        account->unsubscribe(c.stream);
        return true;
    default:
        return false;
    }
}

void HeadlessClient::reportQueued(const QString &key, const QString &command, const QString &stream)
{
    const std::optional<client::OutboxEntry> entry = m_account->store()->outboxEntry(key);
    if (entry && entry->state == client::OutboxEntry::State::Failed) {
        // Refused before it could leave (e.g. too large): it waits in the outbox for retry or discard.
        EventPrinter::print("error"_L1, {{"code"_L1, entry->errorCode},
                                         {"kind"_L1, command},
                                         {"stream"_L1, stream},
                                         {"client_msg_id"_L1, key},
                                         {"message"_L1, entry->error}});
        return;
    }
    m_asked.insert(key, {command, stream});
    EventPrinter::print("queued"_L1, {{"key"_L1, key},
                                      {"kind"_L1, command},
                                      {"stream"_L1, stream},
                                      {"persisted"_L1, entry.has_value()}});
}

void HeadlessClient::subscribe(const QString &stream, std::optional<qint64> since, const QString &epoch)
{
    const QString requestId =
        since ? m_engine->subscribe(stream, *since, epoch) : m_engine->subscribe(stream);
    m_pendingSubscribes.insert(requestId, stream);
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
    if (m_quitting && m_asked.isEmpty() && m_pendingSubscribes.isEmpty()) {
        m_drainTimer.stop();
        if (!m_account) {
            m_engine->disconnectFromRelay();
            return;
        }
        m_account->stop();
        // Stopping an account that was not connected changes no state: nothing else ends it.
        if (!m_finished && m_engine->state() == ClientEngine::State::Disconnected) {
            EventPrinter::print("disconnected"_L1, {{"reason"_L1, u"quit"_s}});
            finish(kExitOk);
        }
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

} // namespace confab::headless
