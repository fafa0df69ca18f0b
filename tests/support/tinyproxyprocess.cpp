#include "tinyproxyprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// A port nobody listens on right now. Another process may take it before tinyproxy binds it,
// which start() notices and answers with another try.
quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

} // namespace

TinyProxyProcess::TinyProxyProcess(QObject *parent) : QObject(parent) { }

TinyProxyProcess::~TinyProxyProcess()
{
    stop();
}

QString TinyProxyProcess::binaryPath()
{
    QString path = QStandardPaths::findExecutable(u"tinyproxy"_s);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(u"tinyproxy"_s, { u"/usr/bin"_s, u"/usr/sbin"_s });
    return path;
}

QString TinyProxyProcess::host() const
{
    return u"127.0.0.1"_s;
}

void TinyProxyProcess::setBasicAuth(const QString &user, const QString &password)
{
    m_user = user;
    m_password = password;
}

bool TinyProxyProcess::start(std::chrono::milliseconds timeout)
{
    if (binaryPath().isEmpty()) {
        m_errorString = u"tinyproxy is not installed (Debian package: tinyproxy)"_s;
        return false;
    }
    if (!m_dir.isValid()) {
        m_errorString = u"no temporary folder"_s;
        return false;
    }
    for (int attempt = 0; attempt < 10; ++attempt) {
        const quint16 port = freeLoopbackPort();
        if (port != 0 && startOnce(port, timeout))
            return true;
    }
    return false;
}

bool TinyProxyProcess::startOnce(quint16 port, std::chrono::milliseconds timeout)
{
    stop();
    QFile config(m_dir.filePath(u"tinyproxy.conf"_s));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_errorString = config.errorString();
        return false;
    }
    QByteArray text = "Port " + QByteArray::number(port)
        + "\n"
          "Listen 127.0.0.1\n"
          "Timeout 60\n"
          "MaxClients 50\n"
          "LogLevel Connect\n"
          "LogFile \""
        + m_dir.filePath(u"tinyproxy.log"_s).toUtf8() + "\"\n";
    if (!m_user.isEmpty())
        text += "BasicAuth " + m_user.toUtf8() + ' ' + m_password.toUtf8() + '\n';
    config.write(text);
    config.close();
    QFile::remove(m_dir.filePath(u"tinyproxy.log"_s));

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(binaryPath());
    m_process->setArguments({ u"-d"_s, u"-c"_s, config.fileName() }); // -d: stay in the foreground
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start();
    if (!m_process->waitForStarted(5000)) {
        m_errorString = m_process->errorString();
        return false;
    }
    const QDeadlineTimer deadline(timeout);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning) {
            m_errorString = u"tinyproxy exited (port %1 taken?): %2"_s.arg(port).arg(log().right(400));
            return false;
        }
        if (accepts(port)) {
            m_port = port;
            return true;
        }
        QTest::qWait(20);
    }
    m_errorString = u"tinyproxy did not listen on port %1 in time"_s.arg(port);
    stop();
    return false;
}

void TinyProxyProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

QString TinyProxyProcess::log() const
{
    QFile file(m_dir.filePath(u"tinyproxy.log"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

bool TinyProxyProcess::sawConnectTo(quint16 port) const
{
    const QRegularExpression connect(u"CONNECT\\s+(127\\.0\\.0\\.1|localhost):%1\\b"_s.arg(port));
    return connect.match(log()).hasMatch();
}
