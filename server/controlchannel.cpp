#include "controlchannel.h"

#include "relaylog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QPointer>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// sun_path holds 108 bytes with the terminating NUL; keep a margin.
constexpr qsizetype kMaxSocketPathBytes = 100;
// Requests are small; a longer line is a mistake or an attack, not a request.
constexpr qsizetype kMaxLineBytes = 256 * 1024;
constexpr int kProbeTimeoutMs = 1000;

void writeReply(QLocalSocket *socket, QJsonObject reply, const QJsonValue &id)
{
    if (!id.isUndefined())
        reply.insert("id"_L1, id);
    socket->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
}

QJsonObject error(const QString &message)
{
    return { { "ok"_L1, false }, { "error"_L1, message } };
}

} // namespace

ControlChannel::ControlChannel(QObject *parent) : QObject(parent)
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &ControlChannel::onNewConnection);
}

ControlChannel::~ControlChannel()
{
    close();
}

QString ControlChannel::socketPath(const QString &dataDir)
{
    const QString absolute = QFileInfo(dataDir).absoluteFilePath();
    const QString inDataDir = QDir(absolute).filePath(u"relay.sock"_s);
    if (QFile::encodeName(inDataDir).size() <= kMaxSocketPathBytes)
        return inDataDir;
    const QByteArray hash = QCryptographicHash::hash(QDir::cleanPath(absolute).toUtf8(), QCryptographicHash::Sha256);
    return QDir(QDir::tempPath())
        .filePath(u"confab-relay-%1.sock"_s.arg(QString::fromLatin1(hash.toHex().left(16))));
}

void ControlChannel::setHandler(const QString &command, Handler handler)
{
    m_handlers.insert(command, std::move(handler));
}

bool ControlChannel::listen(const QString &dataDir)
{
    const QString path = socketPath(dataDir);
    // Asked first, because listening would not fail: Qt binds user-only sockets under a temporary
    // name and renames them into place, replacing whatever socket file is there.
    QLocalSocket probe;
    probe.connectToServer(path);
    if (probe.waitForConnected(kProbeTimeoutMs)) {
        m_errorString
            = u"another relay is already serving %1 (its control socket %2 answers)"_s.arg(dataDir, path);
        return false;
    }
    // A socket file nobody answers on was left by a relay that was killed.
    QLocalServer::removeServer(path);
    if (m_server.listen(path))
        return true;
    m_errorString = u"cannot open the control socket %1: %2"_s.arg(path, m_server.errorString());
    return false;
}

void ControlChannel::close()
{
    if (m_server.isListening())
        m_server.close();
}

void ControlChannel::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void ControlChannel::onReadyRead(QLocalSocket *socket)
{
    while (socket->canReadLine()) {
        const QByteArray line = socket->readLine(kMaxLineBytes + 1);
        if (!line.endsWith('\n')) {
            writeReply(socket, error(u"request line too long"_s), QJsonValue::Undefined);
            socket->disconnectFromServer();
            return;
        }
        handleLine(socket, line.trimmed());
    }
    if (socket->bytesAvailable() > kMaxLineBytes) {
        writeReply(socket, error(u"request line too long"_s), QJsonValue::Undefined);
        socket->disconnectFromServer();
    }
}

void ControlChannel::handleLine(QLocalSocket *socket, const QByteArray &line)
{
    if (line.isEmpty())
        return;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (!document.isObject()) {
        writeReply(socket, error(u"not a JSON object"_s), QJsonValue::Undefined);
        return;
    }
    const QJsonObject request = document.object();
    const QJsonValue id = request.value("id"_L1);
    const QString command = request.value("command"_L1).toString();
    const auto handler = m_handlers.constFind(command);
    if (handler == m_handlers.constEnd()) {
        writeReply(socket, error(u"unknown command '%1'"_s.arg(command.left(64))), id);
        return;
    }
    QPointer<QLocalSocket> guarded(socket);
    (*handler)(request, [guarded, id](const QJsonObject &reply) {
        if (guarded)
            writeReply(guarded, reply, id);
    });
}

} // namespace confab::relay
