#include "headlessprocess.h"

#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;

HeadlessProcess::HeadlessProcess(const QString &userName, QObject *parent)
    : QObject(parent)
    , m_userName(userName)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &HeadlessProcess::readOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        const QByteArray chunk = m_process.readAllStandardError();
        m_standardError += chunk;
        for (const QByteArray &line : chunk.trimmed().split('\n'))
            std::fprintf(stderr, "[headless:%s] %s\n", qPrintable(m_userName), line.constData());
    });
}

HeadlessProcess::~HeadlessProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool HeadlessProcess::start(const QUrl &relayUrl, const QString &password, const QStringList &arguments,
                            bool viaStdin)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CONFAB_RELAY_URL"_s, relayUrl.toString());
    environment.insert(u"CONFAB_USERNAME"_s, m_userName);
    if (viaStdin)
        environment.remove(u"CONFAB_PASSWORD"_s);
    else
        environment.insert(u"CONFAB_PASSWORD"_s, password);
    m_process.setProcessEnvironment(environment);
    m_process.start(qEnvironmentVariable("CONFAB_HEADLESS_BIN"), arguments);
    if (!m_process.waitForStarted(10000))
        return false;
    if (viaStdin)
        writeLine(password);
    return true;
}

void HeadlessProcess::writeLine(const QString &line)
{
    m_process.write(line.toUtf8() + '\n');
}

void HeadlessProcess::closeInput()
{
    m_process.closeWriteChannel();
}

QJsonObject HeadlessProcess::waitForEvent(const std::function<bool(const QJsonObject &)> &predicate,
                                          int timeoutMs)
{
    qsizetype checked = 0;
    QJsonObject found;
    // A timeout leaves `found` empty, which the caller checks.
    [[maybe_unused]] const bool matched = QTest::qWaitFor(
        [&] {
            for (; checked < m_events.size(); ++checked) {
                if (predicate(m_events.at(checked))) {
                    found = m_events.at(checked);
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

QJsonObject HeadlessProcess::waitForEvent(const QString &event, int timeoutMs)
{
    return waitForEvent([&](const QJsonObject &o) { return o.value("event"_L1).toString() == event; },
                        timeoutMs);
}

bool HeadlessProcess::waitForExit(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
}

void HeadlessProcess::readOutput()
{
    m_partialLine += m_process.readAllStandardOutput();
    qsizetype end = 0;
    while ((end = m_partialLine.indexOf('\n')) >= 0) {
        const QByteArray line = m_partialLine.left(end);
        m_partialLine.remove(0, end + 1);
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            m_invalidOutput += line + '\n';
        else
            m_events.append(document.object());
    }
}
