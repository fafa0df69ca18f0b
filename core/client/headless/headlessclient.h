#pragma once

#include "client/clientengine.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace confab::headless {

class StdinReader;

// Drives a ClientEngine from text commands and reports every event as one JSON line on stdout,
// so scripts and tests can use a real client without a UI. Emits finished() with the exit code.
class HeadlessClient : public QObject
{
    Q_OBJECT

public:
    // Exit codes, documented in --help.
    static constexpr int kExitOk = 0;
    static constexpr int kExitConnectionFailed = 1;
    static constexpr int kExitAuthFailed = 2;

    HeadlessClient(client::ClientEngine *engine, StdinReader *input, QObject *parent = nullptr);

    void start(const QUrl &relayUrl, const QString &userName, const QString &password,
               const QStringList &streams);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onStateChanged(client::ClientEngine::State state);
    void onAuthenticated(const QString &userName);
    void onConnectionError(const QString &description);
    void onSubscribed(const QString &stream, qint64 headSeq);
    void onMessage(const protocol::Message &message);
    void onAcknowledged(const QString &stream, const QString &clientMsgId, qint64 seq);
    void onMessageFailed(const QString &stream, const QString &clientMsgId, const protocol::Error &error);
    void onRequestFailed(const protocol::Error &error);

    void handleLine(const QString &line);
    void subscribe(const QString &stream);
    void quit();
    void disconnectWhenDrained();
    void finish(int exitCode, const QString &complaint = {});
    void printEvent(QLatin1StringView event, const QJsonObject &fields = {});

    client::ClientEngine *m_engine;
    StdinReader *m_input;
    QSet<QString> m_unacknowledged;           // client_msg_ids sent, not yet answered
    QHash<QString, QString> m_pendingSubscribes; // request id -> stream, not yet answered
    QString m_errorAlreadyPrinted;            // request id reported by messageFailed()
    QTimer m_drainTimer;
    bool m_quitting = false;
    bool m_finished = false;
};

} // namespace confab::headless
