#pragma once

#include <QHash>
#include <QJsonObject>
#include <QLocalServer>
#include <QObject>
#include <QString>

#include <functional>

class QLocalSocket;

namespace confab::relay {

// The running relay's local admin door: a Unix socket `relay.sock` in the data folder (only the
// relay's own user may connect), so `confab-relay status`, `publish` and the commands that
// revoke access can reach the process that holds the live connections. Requests and replies are
// JSON objects, one per line: {"command": "status", ...} -> {"ok": true, ...} or
// {"ok": false, "error": "..."}; a request's "id", if any, is echoed. Lines are capped in size
// and anything malformed gets an error reply, never a crash.
class ControlChannel : public QObject
{
    Q_OBJECT

public:
    using Reply = std::function<void(const QJsonObject &reply)>;
    // Handles one request; calls `reply` once, now or later (after a commit, say). The reply is
    // dropped if the admin's connection is gone by then.
    using Handler = std::function<void(const QJsonObject &request, const Reply &reply)>;

    explicit ControlChannel(QObject *parent = nullptr);
    ~ControlChannel() override; // removes the socket file

    // <dataDir>/relay.sock, or, when that path is too long for a Unix socket (about 107 bytes), a
    // short path in the temporary folder named after a hash of the data folder's absolute path.
    static QString socketPath(const QString &dataDir);

    void setHandler(const QString &command, Handler handler);

    // Listens on socketPath(dataDir). A socket file left by a relay that died is replaced; one
    // that a live relay answers on is not (false, "another relay is serving ...").
    bool listen(const QString &dataDir);
    QString errorString() const { return m_errorString; }
    void close();

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);
    void handleLine(QLocalSocket *socket, const QByteArray &line);

    QLocalServer m_server;
    QHash<QString, Handler> m_handlers;
    QString m_errorString;
};

} // namespace confab::relay
