#pragma once

#include "client/clientengine.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace confab::client {
class Account;
}

namespace confab::headless {

class EventPrinter;
class StdinReader;
struct HeadlessCommand;

// Drives a ClientEngine from text commands (parsed by parseCommand()) and reports every event as
// one JSON line on stdout (through EventPrinter), so scripts and tests can use a real client
// without a UI. It keeps track of what it asked, to name each answer and to let `quit` wait for
// them. Emits finished() with the exit code.
class HeadlessClient : public QObject
{
    Q_OBJECT

public:
    // Exit codes, documented in --help.
    static constexpr int kExitOk = 0;
    static constexpr int kExitConnectionFailed = 1;
    static constexpr int kExitAuthFailed = 2;

    HeadlessClient(client::ClientEngine *engine, StdinReader *input, QObject *parent = nullptr);

    // With --data-dir: requests go through the account's persistent outbox (each one reported by
    // a `queued` line once it is on disk), streams are remembered, and the account's supervisor
    // reconnects after failures instead of the client exiting. `account` owns `engine`.
    void useAccount(client::Account *account);

    void start(const QUrl &relayUrl, const QString &userName, const QString &password,
               const QStringList &streams);

Q_SIGNALS:
    void finished(int exitCode);

private:
    // What a request was, to name its answer: the command word and its stream.
    struct Asked {
        QString command;
        QString stream;
    };

    void onStateChanged(client::ClientEngine::State state);
    void onAuthenticated(const QString &userName);
    void onConnectionError(const QString &description);
    void onSubscribed(const QString &stream, qint64 headSeq);
    void onEventAcknowledged(const QString &key, const protocol::Ack &ack);
    void onRequestAcknowledged(const QString &requestId, const protocol::Ack &ack);
    void onHistoryFetched(const QString &requestId, const QString &stream, qint64 lowestSeq, bool hasMore);
    void onReply(const QString &requestId, QLatin1StringView event, const QJsonObject &fields);
    void onEventFailed(const QString &key, const protocol::Error &error);
    void onRequestFailed(const protocol::Error &error);
    void onRequestUnanswered(const QString &requestId);

    void startInput();
    // Account mode: a request written to the outbox, or refused before it could be sent.
    void reportQueued(const QString &key, const QString &command, const QString &stream);
    void handleLine(const QString &line);
    void run(const HeadlessCommand &command);
    // Account mode: the commands the account handles (stored requests, plain subscribes); false
    // for the others, which go to the engine as without an account.
    bool runThroughAccount(const HeadlessCommand &command);
    void subscribe(const QString &stream, std::optional<qint64> since = std::nullopt,
                   const QString &epoch = {});
    void quit();
    void disconnectWhenDrained();
    void finish(int exitCode, const QString &complaint = {});

    client::ClientEngine *m_engine;
    client::Account *m_account = nullptr;
    StdinReader *m_input;
    EventPrinter *m_printer;
    QHash<QString, Asked> m_asked;               // key or request id -> request, not yet answered
    QHash<QString, QString> m_pendingSubscribes; // request id -> stream, not yet answered
    QString m_errorAlreadyPrinted;               // request id reported by eventFailed()
    QTimer m_drainTimer;
    bool m_inputStarted = false;
    bool m_quitting = false;
    bool m_finished = false;
};

} // namespace confab::headless
