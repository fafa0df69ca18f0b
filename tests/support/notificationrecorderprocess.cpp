#include "notificationrecorderprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;

QStringList NotificationRecorderProcess::Record::actionIds() const
{
    QStringList ids;
    for (qsizetype i = 0; i + 1 < actions.size(); i += 2)
        ids << actions.at(i);
    return ids;
}

QStringList NotificationRecorderProcess::Record::actionLabels() const
{
    QStringList labels;
    for (qsizetype i = 0; i + 1 < actions.size(); i += 2)
        labels << actions.at(i + 1);
    return labels;
}

NotificationRecorderProcess::NotificationRecorderProcess(QObject *parent) : QObject(parent) { }

NotificationRecorderProcess::~NotificationRecorderProcess()
{
    stop();
}

QString NotificationRecorderProcess::binaryPath()
{
    const QString fromEnv = qEnvironmentVariable("CONFAB_NOTIFICATION_RECORDER_BIN");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QCoreApplication::applicationDirPath() + u"/confab-notification-recorder"_s;
}

bool NotificationRecorderProcess::start(std::chrono::milliseconds timeout)
{
    stop();
    m_buffer.clear();
    m_ready = false;
    m_records.clear();
    m_closed.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(
        m_process.get(), &QProcess::readyReadStandardOutput, this, &NotificationRecorderProcess::readOutput);
    m_process->start(binaryPath(), {});
    if (!m_process->waitForStarted(int(timeout.count()))) {
        m_errorString = u"cannot start %1: %2"_s.arg(binaryPath(), m_process->errorString());
        return false;
    }
    QDeadlineTimer deadline(timeout);
    while (!m_ready && m_process->state() == QProcess::Running && !deadline.hasExpired())
        QTest::qWait(10);
    if (!m_ready) {
        m_errorString = u"the recorder did not become ready"_s;
        return false;
    }
    return true;
}

void NotificationRecorderProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->closeWriteChannel(); // the recorder exits when its stdin closes
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    m_process.reset();
}

bool NotificationRecorderProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

void NotificationRecorderProcess::readOutput()
{
    m_buffer += m_process->readAllStandardOutput();
    qsizetype end;
    while ((end = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(end).trimmed();
        m_buffer.remove(0, end + 1);
        if (line == "ready") {
            m_ready = true;
            continue;
        }
        const QJsonObject json = QJsonDocument::fromJson(line).object();
        const QString event = json.value("event"_L1).toString();
        if (event == "close"_L1) {
            m_closed << uint(json.value("id"_L1).toInteger());
            continue;
        }
        if (event != "notify"_L1)
            continue;
        Record record;
        record.id = uint(json.value("id"_L1).toInteger());
        record.appName = json.value("app_name"_L1).toString();
        record.replacesId = uint(json.value("replaces_id"_L1).toInteger());
        record.appIcon = json.value("app_icon"_L1).toString();
        record.summary = json.value("summary"_L1).toString();
        record.body = json.value("body"_L1).toString();
        for (const QJsonValue &action : json.value("actions"_L1).toArray())
            record.actions << action.toString();
        record.urgency = json.value("urgency"_L1).toInt(-1);
        record.hints = json.value("hints"_L1).toObject();
        record.expireTimeout = json.value("expire_timeout"_L1).toInt();
        m_records << record;
        Q_EMIT notified(record);
    }
}

bool NotificationRecorderProcess::waitForCount(int count, std::chrono::milliseconds timeout)
{
    QDeadlineTimer deadline(timeout);
    while (m_records.size() < count && !deadline.hasExpired())
        QTest::qWait(10);
    return m_records.size() >= count;
}

void NotificationRecorderProcess::send(const QByteArray &line)
{
    if (m_process && m_process->state() == QProcess::Running)
        m_process->write(QByteArray(line + '\n'));
}

void NotificationRecorderProcess::invoke(uint id, const QString &action)
{
    send("invoke " + QByteArray::number(id) + ' ' + action.toUtf8());
}

void NotificationRecorderProcess::close(uint id, uint reason)
{
    send("close " + QByteArray::number(id) + ' ' + QByteArray::number(reason));
}
