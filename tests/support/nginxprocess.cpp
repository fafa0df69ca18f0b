#include "nginxprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// A port nobody listens on right now; nginx may still lose it to another process, which
// start() answers with another try.
quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

NginxProcess::NginxProcess(QObject *parent) : QObject(parent) { }

NginxProcess::~NginxProcess()
{
    stop();
}

QString NginxProcess::binaryPath()
{
    QString path = QStandardPaths::findExecutable(u"nginx"_s);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    return path;
}

QString NginxProcess::relayUrl() const
{
    return u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_port);
}

QStringList NginxProcess::baseArguments() const
{
    // -e: the error log before the config is read (Debian's default path is outside our folder).
    return {u"-p"_s, m_dir.path() + u'/', u"-c"_s, m_dir.filePath(u"nginx.conf"_s), u"-e"_s, u"stderr"_s};
}

bool NginxProcess::writeConfig()
{
    ++m_generation;
    const QByteArray dir = m_dir.path().toUtf8();
    QByteArray proxying;
    if (m_mode == Mode::WebSocketAllowed) {
        proxying = "            proxy_http_version 1.1;\n"
                   "            proxy_set_header Upgrade $http_upgrade;\n"
                   "            proxy_set_header Connection $connection_upgrade;\n";
    } else {
        // nginx's defaults: HTTP/1.0 upstream, and hop-by-hop headers (Upgrade) are not passed.
        proxying = "            proxy_http_version 1.0;\n";
    }
    QByteArray text;
    // Root starts workers as nobody, who could not write our temp folders.
    if (::geteuid() == 0)
        text += "user root;\n";
    text += "worker_processes 1;\n"
            "daemon off;\n"
            "pid " + dir + "/nginx.pid;\n"
            "error_log stderr warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "    access_log " + dir + "/access.log;\n"
            "    client_body_temp_path " + dir + "/tmp/body;\n"
            "    proxy_temp_path " + dir + "/tmp/proxy;\n"
            "    fastcgi_temp_path " + dir + "/tmp/fastcgi;\n"
            "    uwsgi_temp_path " + dir + "/tmp/uwsgi;\n"
            "    scgi_temp_path " + dir + "/tmp/scgi;\n"
            "    map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
            "    server {\n"
            "        listen 127.0.0.1:" + QByteArray::number(m_port) + ";\n"
            "        location = /__nginx_generation { return 200 \"" + QByteArray::number(m_generation) + "\"; }\n"
            "        location / {\n"
            "            proxy_pass http://127.0.0.1:" + QByteArray::number(m_upstreamPort) + ";\n"
            + proxying +
            "            proxy_read_timeout 1h;\n"
            "            proxy_send_timeout 1h;\n"
            "        }\n"
            "    }\n"
            "}\n";
    QDir().mkpath(m_dir.filePath(u"tmp"_s));
    QDir().mkpath(m_dir.filePath(u"logs"_s));
    QFile config(m_dir.filePath(u"nginx.conf"_s));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_errorString = config.errorString();
        return false;
    }
    config.write(text);
    return true;
}

bool NginxProcess::start(quint16 upstreamPort, Mode mode, std::chrono::milliseconds timeout)
{
    if (binaryPath().isEmpty()) {
        m_errorString = u"nginx is not installed (Debian package: nginx)"_s;
        return false;
    }
    if (!m_dir.isValid()) {
        m_errorString = u"no temporary folder"_s;
        return false;
    }
    m_upstreamPort = upstreamPort;
    m_mode = mode;
    for (int attempt = 0; attempt < 10; ++attempt) {
        const quint16 port = freeLoopbackPort();
        if (port != 0 && startOnce(port, timeout))
            return true;
    }
    return false;
}

bool NginxProcess::startOnce(quint16 port, std::chrono::milliseconds timeout)
{
    stop();
    m_port = port;
    if (!writeConfig())
        return false;
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(binaryPath());
    m_process->setArguments(baseArguments());
    m_process->setProcessChannelMode(QProcess::ForwardedChannels);
    m_process->start();
    if (!m_process->waitForStarted(5000)) {
        m_errorString = m_process->errorString();
        return false;
    }
    const QDeadlineTimer deadline(timeout);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning) {
            m_errorString = u"nginx exited with %1 (port %2 taken?)"_s.arg(m_process->exitCode()).arg(port);
            m_port = 0;
            return false;
        }
        if (servedGeneration() == m_generation)
            return true;
        QTest::qWait(20);
    }
    m_errorString = u"nginx did not listen on port %1 in time"_s.arg(port);
    stop();
    return false;
}

bool NginxProcess::setMode(Mode mode, std::chrono::milliseconds timeout)
{
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        m_errorString = u"nginx is not running"_s;
        return false;
    }
    m_mode = mode;
    if (!writeConfig())
        return false;
    QProcess reload;
    reload.setProcessChannelMode(QProcess::ForwardedChannels);
    reload.start(binaryPath(), baseArguments() + QStringList{u"-s"_s, u"reload"_s});
    if (!reload.waitForFinished(10000) || reload.exitCode() != 0) {
        m_errorString = u"nginx -s reload failed (%1)"_s.arg(reload.exitCode());
        return false;
    }
    // New connections reach the new workers once they run; the marker says which config answered.
    const QDeadlineTimer deadline(timeout);
    while (!deadline.hasExpired()) {
        if (servedGeneration() == m_generation)
            return true;
        QTest::qWait(20);
    }
    m_errorString = u"nginx did not apply the new config in time"_s;
    return false;
}

int NginxProcess::servedGeneration() const
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(200))
        return -1;
    socket.write("GET /__nginx_generation HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray answer;
    const QDeadlineTimer deadline(1000);
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(100))
            answer += socket.readAll();
    }
    answer += socket.readAll();
    const qsizetype body = answer.indexOf("\r\n\r\n");
    if (!answer.startsWith("HTTP/1.1 200") || body < 0)
        return -1;
    bool ok = false;
    const int generation = answer.mid(body + 4).trimmed().toInt(&ok);
    return ok ? generation : -1;
}

void NginxProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        // SIGTERM: nginx's fast shutdown, which also ends the workers and their connections.
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

QString NginxProcess::accessLog() const
{
    QFile file(m_dir.filePath(u"access.log"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}
