#include "relayprocess.h"

#include <QEventLoop>
#include <QRegularExpression>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

// Runs the event loop until `done()` holds, `signal` woke it, or the timeout passed.
template <typename Sender, typename Signal, typename Predicate>
bool waitUntil(Sender *sender, Signal signal, Predicate done, std::chrono::milliseconds timeout)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(sender, signal, &loop, [&] {
        if (done())
            loop.quit();
    });
    deadline.start(timeout);
    while (!done() && deadline.isActive())
        loop.exec();
    return done();
}

} // namespace

RelayProcess::RelayProcess(QObject *parent)
    : QObject(parent), m_ownDataDir(std::make_unique<QTemporaryDir>()), m_dataDir(m_ownDataDir->path())
{
}

RelayProcess::RelayProcess(const QString &dataDir, QObject *parent) : QObject(parent), m_dataDir(dataDir) {}

RelayProcess::~RelayProcess()
{
    if (isRunning())
        kill();
}

QString RelayProcess::binaryPath()
{
    return qEnvironmentVariable("CONFAB_RELAY_BIN");
}

bool RelayProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

bool RelayProcess::start(quint16 port, std::chrono::milliseconds timeout)
{
    if (isRunning()) {
        m_errorString = u"the relay is already running"_s;
        return false;
    }
    if (binaryPath().isEmpty()) {
        m_errorString = u"CONFAB_RELAY_BIN is not set"_s;
        return false;
    }
    m_url.clear();
    m_standardOutput.clear();
    m_partialErrorLine.clear();
    m_logLines.clear();
    m_exitCode = -1;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(m_environment);
    m_process->setProgram(binaryPath());
    m_process->setArguments(QStringList{u"serve"_s, u"--port"_s, QString::number(port), u"--data-dir"_s, m_dataDir}
                            + m_extraArguments);
    connect(m_process.get(), &QProcess::readyReadStandardError, this, &RelayProcess::forwardStandardError);
    connect(m_process.get(), &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        forwardStandardError();
        m_exitCode = exitCode;
        m_exitStatus = status;
    });

    static const QRegularExpression listening(u"listening on (\\S+)"_s);
    auto parseUrl = [this] {
        if (!m_url.isEmpty())
            return true;
        m_standardOutput += m_process->readAllStandardOutput();
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_standardOutput));
        if (match.hasMatch())
            m_url = QUrl(match.captured(1));
        return !m_url.isEmpty() || m_process->state() == QProcess::NotRunning;
    };

    m_process->start();
    if (!m_process->waitForStarted()) {
        m_errorString = u"cannot start %1: %2"_s.arg(binaryPath(), m_process->errorString());
        return false;
    }
    waitUntil(m_process.get(), &QProcess::readyReadStandardOutput, parseUrl, timeout);
    if (m_url.isEmpty()) {
        // The finished signal may not have arrived yet; take what is there.
        m_process->waitForFinished(0);
        m_errorString = isRunning() ? u"no 'listening on' line within the timeout"_s
                                    : u"the relay exited with code %1 before listening"_s.arg(m_process->exitCode());
        if (isRunning())
            kill();
        return false;
    }
    return true;
}

bool RelayProcess::waitForExit(std::chrono::milliseconds timeout)
{
    const bool exited = waitUntil(
        m_process.get(), &QProcess::finished, [this] { return m_process->state() == QProcess::NotRunning; }, timeout);
    if (exited) {
        m_exitCode = m_process->exitCode();
        m_exitStatus = m_process->exitStatus();
    }
    return exited;
}

bool RelayProcess::terminate(std::chrono::milliseconds timeout)
{
    if (!isRunning())
        return true;
    m_process->terminate();
    if (waitForExit(timeout))
        return true;
    m_errorString = u"the relay did not exit after SIGTERM"_s;
    kill(timeout);
    return false;
}

bool RelayProcess::kill(std::chrono::milliseconds timeout)
{
    if (!isRunning())
        return true;
    m_process->kill();
    return waitForExit(timeout);
}

bool RelayProcess::restart(bool samePort)
{
    const quint16 previousPort = port();
    if (!terminate())
        return false;
    return start(samePort ? previousPort : 0);
}

void RelayProcess::forwardStandardError()
{
    if (!m_process)
        return;
    m_partialErrorLine += m_process->readAllStandardError();
    qsizetype end;
    while ((end = m_partialErrorLine.indexOf('\n')) >= 0) {
        const QByteArray line = m_partialErrorLine.left(end);
        m_partialErrorLine.remove(0, end + 1);
        std::fprintf(stderr, "[relay] %s\n", line.constData());
        m_logLines.append(line);
    }
    if (m_process->state() == QProcess::NotRunning && !m_partialErrorLine.isEmpty()) {
        std::fprintf(stderr, "[relay] %s\n", m_partialErrorLine.constData());
        m_partialErrorLine.clear();
    }
    std::fflush(stderr);
}

RelayProcess::CommandResult RelayProcess::runCommand(const QStringList &arguments, const QByteArray &standardInput,
                                                     const QProcessEnvironment &environment,
                                                     std::chrono::milliseconds timeout) const
{
    CommandResult result;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(binaryPath(), arguments);
    if (!process.waitForStarted())
        return result;
    process.write(standardInput);
    process.closeWriteChannel();
    // A short-lived child with nothing to wait for on our side: blocking is fine here.
    if (!process.waitForFinished(int(timeout.count()))) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.finished = process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    if (!result.standardError.isEmpty()) {
        for (const QByteArray &line : result.standardError.trimmed().split('\n'))
            std::fprintf(stderr, "[relay %s] %s\n", qPrintable(arguments.value(0)), line.constData());
    }
    return result;
}

bool RelayProcess::addUser(const QString &name, const QString &password)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"CONFAB_PASSWORD"_s);
    const CommandResult result = runCommand({u"user"_s, u"add"_s, name, u"--data-dir"_s, m_dataDir},
                                            password.toUtf8() + '\n', environment);
    return result.finished && result.exitCode == 0;
}

bool RelayProcess::createRoom(const QString &name)
{
    const CommandResult result = runCommand({u"room"_s, u"create"_s, name, u"--data-dir"_s, m_dataDir});
    return result.finished && result.exitCode == 0;
}

RelayProcess::CommandResult RelayProcess::runAdmin(const QStringList &arguments, const QByteArray &standardInput,
                                                   std::optional<QProcessEnvironment> environment) const
{
    if (!environment) {
        environment = QProcessEnvironment::systemEnvironment();
        environment->remove(u"CONFAB_PASSWORD"_s);
    }
    return runCommand(arguments + QStringList{u"--data-dir"_s, m_dataDir}, standardInput, *environment);
}
